//! Property: for any seed and any variation of the scenario's inputs (randoms, pre-master, session
//! ID of 0..=32 bytes, extended master secret on either side, client authentication, offered
//! suites, request and reply text), the client and the server derive the same master secret, agree
//! on EMS, complete the handshake and exchange the application data intact.
//!
//! Keys: the builtin 2048-bit teaching keys (no key generation), certificates issued once.

mod prop_support;

use prop_support::{run, Case, End};
use proptest::prelude::*;
use tlsim_core::scenario::TLS_RSA_WITH_AES_128_GCM_SHA256;

/// Suites a client may offer besides the one implemented (and two unassigned values).
const OTHER_SUITES: [u16; 6] = [0x009d, 0x002f, 0x0035, 0x00ff, 0xc02f, 0x1301];

pub fn case() -> impl Strategy<Value = Case> {
    (
        any::<[u8; 32]>(),
        proptest::option::of(any::<[u8; 32]>()),
        proptest::option::of(any::<[u8; 32]>()),
        proptest::option::of(proptest::collection::vec(any::<u8>(), 46)),
        proptest::option::of(proptest::collection::vec(any::<u8>(), 0..=32)),
        any::<(bool, bool, bool)>(),
        (
            proptest::sample::subsequence(OTHER_SUITES.to_vec(), 0..=6),
            any::<prop::sample::Index>(),
        ),
        proptest::collection::vec(any::<u8>(), 1..600),
        prop_oneof![
            4 => proptest::collection::vec(any::<u8>(), 1..600),
            1 => proptest::collection::vec(any::<u8>(), 16_000..20_000), // spans two records
        ],
    )
        .prop_map(
            |(seed, cr, sr, pm, sid, (cems, sems, auth), (mut suites, at), request, reply)| {
                suites.insert(at.index(suites.len() + 1), TLS_RSA_WITH_AES_128_GCM_SHA256);
                Case {
                    seed,
                    client_random: cr,
                    server_random: sr,
                    // a valid pre-master: client_version (03 03) || 46 bytes
                    pre_master: pm.map(|r| [vec![3, 3], r].concat()),
                    session_id: sid,
                    client_ems: cems,
                    server_ems: sems,
                    client_auth: auth,
                    offered_suites: suites,
                    request,
                    reply,
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 192, ..ProptestConfig::default() })]

    #[test]
    fn both_sides_derive_the_same_keys_and_complete(c in case()) {
        let r = run(&c, None, 0);
        prop_assert!(matches!(r.end, End::Success), "{:?}", r.end);
        prop_assert!(r.client_master.is_some());
        prop_assert_eq!(r.client_master, r.server_master);
        let ems = c.client_ems && c.server_ems;
        prop_assert_eq!(r.client_ems, ems);
        prop_assert_eq!(r.server_ems, ems);
        prop_assert_eq!(&r.server_got, &c.request);
        prop_assert_eq!(&r.client_got, &c.reply);
        // the fixed values show up on the wire where the RFC puts them
        let client_hello = &r.wire[0].1;
        if let Some(cr) = c.client_random {
            prop_assert_eq!(&client_hello[11..43], &cr[..]);
        }
        let server_hello = &r.wire[1].1;
        if let Some(sr) = c.server_random {
            prop_assert_eq!(&server_hello[11..43], &sr[..]);
        }
        if let Some(sid) = &c.session_id {
            prop_assert_eq!(server_hello[43] as usize, sid.len());
            prop_assert_eq!(&server_hello[44..44 + sid.len()], &sid[..]);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    /// Sans-IO and deterministic: the same inputs give the same bytes on the wire.
    #[test]
    fn same_inputs_same_wire_bytes(c in case()) {
        let a = run(&c, None, 0);
        let b = run(&c, None, 0);
        prop_assert_eq!(a.wire, b.wire);
    }
}
