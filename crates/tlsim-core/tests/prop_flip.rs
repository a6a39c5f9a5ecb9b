//! Property: flipping any bits of any one byte of any record in flight (handshake, ChangeCipherSpec,
//! Finished, application data, close_notify; header or body; either direction) never ends in
//! success and never panics: one side detects it and sends a fatal alert.
//!
//! Two precisely characterised exceptions, both checked:
//! - the record-layer version of the ClientHello record (bytes 1..3 of record 0) is not
//!   authenticated (the record header is not in the handshake hash) and RFC 5246 Appendix E.1 makes
//!   servers accept any {03,xx} value there: such a version is accepted and the session
//!   succeeds, anything else is a protocol_version alert;
//! - a flip that makes a length field larger (the record's, bytes 3..5, or a plaintext handshake
//!   message's u24, bytes 6..9) leaves the receiver waiting for bytes that never come (no alert and
//!   no success: a real peer would time out; `simulate` must turn that into an alert itself).
//!
//! Keys: the builtin 2048-bit teaching keys; certificates issued once.

mod prop_support;

use prop_support::{run, Case, End, Flip};
use proptest::prelude::*;
use tlsim_core::error::AlertDescription;
use tlsim_core::scenario::TLS_RSA_WITH_AES_128_GCM_SHA256;

fn case() -> impl Strategy<Value = Case> {
    (
        any::<[u8; 32]>(),
        any::<(bool, bool, bool)>(),
        proptest::collection::vec(any::<u8>(), 1..64),
    )
        .prop_map(|(seed, (cems, sems, auth), request)| Case {
            seed,
            client_random: None,
            server_random: None,
            pre_master: None,
            session_id: None,
            client_ems: cems,
            server_ems: sems,
            client_auth: auth,
            offered_suites: vec![0x009d, TLS_RSA_WITH_AES_128_GCM_SHA256],
            request,
            reply: b"HTTP/1.1 200 OK\r\n\r\nhello".to_vec(),
        })
}

/// The record's length (bytes 3..5) or, in a plaintext handshake record, the handshake message's
/// u24 length (bytes 6..9): growing either makes the receiver wait for more.
fn length_field(record: &[u8], at: usize) -> bool {
    at == 3 || at == 4 || (record[0] == 22 && (6..9).contains(&at))
}

fn check(c: &Case, flip: Flip) -> Result<(), TestCaseError> {
    let clean = run(c, None, 0);
    prop_assert!(matches!(clean.end, End::Success));
    let n = clean.wire.len();
    let r = run(c, Some(flip), n);
    let (idx, at) = r.flipped.expect("the flipped record was sent");
    let original = &clean.wire[idx].1;
    match &r.end {
        End::Alert { alert, error, .. } => {
            prop_assert_ne!(*alert, AlertDescription::CloseNotify, "{:?}", error);
        }
        End::Success => {
            // only the unauthenticated ClientHello record version, to a value RFC 5246 E.1 allows
            let version = if at == 1 {
                u16::from_be_bytes([original[1] ^ flip.mask.max(1), original[2]])
            } else {
                u16::from_be_bytes([original[1], original[2] ^ flip.mask.max(1)])
            };
            prop_assert!(
                idx == 0 && (at == 1 || at == 2) && version >> 8 == 0x03,
                "a flip at record {idx} byte {at} went unnoticed"
            );
        }
        End::Stalled {
            client_pending,
            server_pending,
        } => {
            prop_assert!(
                length_field(original, at),
                "stalled after a flip at record {} byte {}",
                idx,
                at
            );
            prop_assert!(client_pending + server_pending > 0);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn a_flipped_byte_in_flight_ends_in_an_alert(
        c in case(),
        record in any::<usize>(),
        offset in any::<usize>(),
        mask in 1u8..,
    ) {
        check(&c, Flip { record, offset, mask })?;
    }

    /// The record header alone (type, version, length): the likeliest place for a parser to slip.
    #[test]
    fn a_flipped_header_byte_ends_in_an_alert(
        c in case(),
        record in any::<usize>(),
        offset in 0usize..5,
        mask in 1u8..,
    ) {
        check(&c, Flip { record, offset, mask })?;
    }
}

/// Every byte of every record, XOR 0x01 (as `Fault::FlipByte` does), for one fixed session.
#[test]
fn every_byte_of_every_record_xor_01() {
    let c = Case {
        seed: [9; 32],
        client_random: None,
        server_random: None,
        pre_master: None,
        session_id: Some(vec![]),
        client_ems: true,
        server_ems: true,
        client_auth: false,
        offered_suites: vec![TLS_RSA_WITH_AES_128_GCM_SHA256],
        request: b"GET / HTTP/1.1\r\n\r\n".to_vec(),
        reply: b"ok".to_vec(),
    };
    let clean = run(&c, None, 0);
    assert!(matches!(clean.end, End::Success));
    let n = clean.wire.len();
    let (mut alerts, mut stalls, mut accepted) = (0, 0, 0);
    // Skip the Certificate record's body beyond its first 64 bytes (1 KB of DER, one RSA op per
    // flip): the DER is covered by the random properties above.
    for (i, (_, rec)) in clean.wire.iter().enumerate() {
        let limit = if rec.len() > 600 { 64 } else { rec.len() };
        for off in 0..limit {
            let r = run(
                &c,
                Some(Flip {
                    record: i,
                    offset: off,
                    mask: 1,
                }),
                n,
            );
            match r.end {
                End::Alert { .. } => alerts += 1,
                End::Stalled { .. } => {
                    assert!(length_field(rec, off), "stall at record {i} byte {off}");
                    stalls += 1
                }
                End::Success => {
                    assert_eq!(
                        (i, off),
                        (0, 2),
                        "flip at record {i} byte {off} went unnoticed"
                    );
                    accepted += 1
                }
            }
        }
    }
    assert!(alerts > 500, "{alerts} alerts");
    assert_eq!(
        accepted, 1,
        "only ClientHello's record version 03 03 -> 03 02 is accepted"
    );
    eprintln!("{alerts} alerts, {stalls} stalls (length field grown), {accepted} accepted (E.1)");
}
