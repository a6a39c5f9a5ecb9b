//! Flip bytes of records in flight: the handshake never succeeds, never panics, and ends with
//! the alert a real peer would send for the region hit. Built-in 2048-bit teaching keys.
//! Every byte of every record is flipped, except the Certificate's DER body, which is sampled
//! (every 7th byte) to keep the test fast.

use tlsim_core::error::AlertDescription::{self, *};
use tlsim_core::scenario::DEFAULT_NOW;
use tlsim_core::{simulate, Actor, Fault, Outcome, Scenario, StepKey, ValueId};

const SEED: [u8; 32] = [42; 32];

fn outcome(s: &Scenario) -> (Actor, AlertDescription) {
    let t = simulate(s, SEED, DEFAULT_NOW).expect("valid input");
    match t.outcome {
        Outcome::Failed {
            by, alert, step, ..
        } => {
            assert_eq!(step, t.steps.len() - 1);
            (by, alert)
        }
        Outcome::Success => panic!("success despite {:?}", s.faults),
        Outcome::Refused { .. } => panic!("the CA refused despite {:?}", s.faults),
    }
}

fn flip(base: &Scenario, record: usize, offset: usize) -> Scenario {
    Scenario {
        faults: vec![Fault::FlipByte { record, offset }],
        ..base.clone()
    }
}

#[test]
fn every_flipped_byte_fails_with_the_right_alert() {
    let base = Scenario::default();
    let clean = simulate(&base, SEED, DEFAULT_NOW).unwrap();
    assert_eq!(clean.outcome, Outcome::Success);
    let records: Vec<(bool, Vec<u8>, StepKey)> = clean
        .steps
        .iter()
        .filter(|s| s.kind == tlsim_core::StepKind::Message)
        .map(|s| (s.from == Actor::Client, s.bytes.clone(), s.key))
        .collect();
    assert_eq!(records.len(), clean.wire.len());
    let mut runs = 0;
    for (i, (from_client, bytes, key)) in records.iter().enumerate() {
        let receiver = if *from_client {
            Actor::Server
        } else {
            Actor::Client
        };
        let protected = clean
            .steps
            .iter()
            .find(|s| &s.key == key)
            .map(|s| s.derived.iter().any(|d| d.name == ValueId::Ciphertext))
            .unwrap_or(false);
        for off in 0..bytes.len() {
            if *key == StepKey::Certificate && off >= 20 && off % 7 != 0 {
                continue;
            }
            // RFC 5246 Appendix E.1: a server accepts any 0x03xx record version on the
            // ClientHello (0x0303 -> 0x0302 here); the record header is not authenticated.
            if i == 0 && off == 2 {
                continue;
            }
            runs += 1;
            let (by, alert) = outcome(&flip(&base, i, off));
            let ctx = format!(
                "record #{i} {key}, byte {off}: {by:?} sent {}",
                alert.name()
            );
            match off {
                1 | 2 => assert_eq!((by, alert), (receiver, ProtocolVersion), "{ctx}"),
                0 | 3 | 4 => assert!(
                    [
                        UnexpectedMessage,
                        DecodeError,
                        BadRecordMac,
                        ProtocolVersion
                    ]
                    .contains(&alert),
                    "{ctx}"
                ),
                _ if protected => assert_eq!((by, alert), (receiver, BadRecordMac), "{ctx}"),
                _ => assert!(
                    [
                        DecodeError,
                        IllegalParameter,
                        HandshakeFailure,
                        ProtocolVersion,
                        BadCertificate,
                        UnknownCa,
                        CertificateUnknown,
                        CertificateExpired,
                        UnexpectedMessage,
                        BadRecordMac,
                        DecryptError
                    ]
                    .contains(&alert),
                    "{ctx}"
                ),
            }
        }
    }
    assert!(runs > 500, "{runs} runs");
}

#[test]
fn specific_regions_give_specific_alerts() {
    let base = Scenario::default();
    // Record 0 ClientHello, 1 ServerHello, 2 Certificate, 3 ServerHelloDone,
    // 4 ClientKeyExchange, 5 ChangeCipherSpec, 6 Finished (client), 7 CCS, 8 Finished (server),
    // 9/10 application data, 11/12 close_notify.
    // The server's signature on the certificate (its last bytes): bad_certificate.
    let t = simulate(&base, SEED, DEFAULT_NOW).unwrap();
    let cert_len = t.wire[2].1.len();
    assert_eq!(
        outcome(&flip(&base, 2, cert_len - 3)),
        (Actor::Client, BadCertificate)
    );
    // The encrypted pre-master: the server carries on (RFC 5246 §7.4.7.1) with other keys, so
    // the client's Finished record fails its AES-GCM tag check.
    assert_eq!(outcome(&flip(&base, 4, 100)), (Actor::Server, BadRecordMac));
    // The client's encrypted Finished, the server's, application data: bad_record_mac.
    assert_eq!(outcome(&flip(&base, 6, 20)), (Actor::Server, BadRecordMac));
    assert_eq!(outcome(&flip(&base, 8, 20)), (Actor::Client, BadRecordMac));
    assert_eq!(outcome(&flip(&base, 9, 30)), (Actor::Server, BadRecordMac));
    assert_eq!(outcome(&flip(&base, 10, 30)), (Actor::Client, BadRecordMac));
    // ServerHello version: protocol_version.
    assert_eq!(
        outcome(&flip(&base, 1, 10)),
        (Actor::Client, ProtocolVersion)
    );
}

#[test]
fn a_changed_hello_is_caught_by_finished() {
    // Flip the first offered suite 0x009d -> 0x009c in the ClientHello (offset 5+4+2+32+1+2+1).
    // Without EMS both sides still derive the same keys, but their transcripts differ: the
    // server's check of the client's verify_data fails: decrypt_error.
    let no_ems = Scenario {
        client_ems: false,
        ..Scenario::default()
    };
    assert_eq!(
        outcome(&flip(&no_ems, 0, 47)),
        (Actor::Server, DecryptError)
    );
    // With EMS the session hash differs, so the keys differ: the record does not even decrypt.
    assert_eq!(
        outcome(&flip(&Scenario::default(), 0, 47)),
        (Actor::Server, BadRecordMac)
    );
}

#[test]
fn flips_in_the_client_certificate_and_certificate_verify_fail() {
    // Client authentication without EMS; every 3rd byte of the client's Certificate (every 7th
    // inside the DER) and CertificateVerify records.
    let base = Scenario {
        client_auth: true,
        client_ems: false,
        ..Scenario::default()
    };
    let clean = simulate(&base, SEED, DEFAULT_NOW).unwrap();
    assert_eq!(clean.outcome, Outcome::Success);
    let messages: Vec<&tlsim_core::Step> = clean
        .steps
        .iter()
        .filter(|s| s.kind == tlsim_core::StepKind::Message)
        .collect();
    let mut runs = 0;
    for (i, s) in messages.iter().enumerate() {
        let step = match s.key {
            StepKey::ClientCertificate => 7,
            StepKey::CertificateVerify => 3,
            _ => continue,
        };
        for off in (0..s.bytes.len()).filter(|o| *o < 20 || o % step == 0) {
            runs += 1;
            let (by, alert) = outcome(&flip(&base, i, off));
            let ctx = format!("{} byte {off}: {by:?} sent {}", s.key, alert.name());
            if off >= 9 && s.key == StepKey::CertificateVerify {
                // algorithm: illegal_parameter; length: decode_error; signature: decrypt_error.
                assert!(
                    [IllegalParameter, DecodeError, DecryptError].contains(&alert),
                    "{ctx}"
                );
                assert_eq!(by, Actor::Server, "{ctx}");
            } else {
                assert!(alert != AlertDescription::CloseNotify, "{ctx}");
            }
        }
    }
    assert!(runs > 100, "{runs} runs");
    // The signature itself: decrypt_error from the server.
    let cv = messages
        .iter()
        .position(|s| s.key == StepKey::CertificateVerify)
        .unwrap();
    assert_eq!(
        outcome(&flip(&base, cv, 100)),
        (Actor::Server, DecryptError)
    );
}
