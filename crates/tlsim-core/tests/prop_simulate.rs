//! The same properties through the one entry point the page and the CLI use,
//! `tlsim_core::simulate(&Scenario, seed, now)`:
//! - any seed and scenario variation (randoms, pre-master, session ID 0..=32 bytes, EMS on either
//!   side, client authentication, message texts): `Outcome::Success`, and the master secret the
//!   client derived equals the server's;
//! - `Fault::FlipByte` at any record and offset: `Outcome::Failed`, the last step an alert (the one
//!   exception: the ClientHello record's version `03 03` -> `03 02`, RFC 5246 Appendix E.1).
//!
//! Keys: `KeySource::Builtin` (2048-bit teaching keys, no generation); each run issues the two
//! certificates, so the case counts are small.

use proptest::prelude::*;
use tlsim_core::scenario::DEFAULT_NOW;
use tlsim_core::{simulate, Fault, Outcome, Scenario, StepKey, StepKind, Transcript, ValueId};

fn scenario() -> impl Strategy<Value = Scenario> {
    (
        proptest::option::of(any::<[u8; 32]>()),
        proptest::option::of(any::<[u8; 32]>()),
        proptest::option::of(proptest::collection::vec(any::<u8>(), 46)),
        proptest::option::of(proptest::collection::vec(any::<u8>(), 0..=32)),
        any::<(bool, bool, bool)>(),
        "\\PC{1,200}",
        "\\PC{1,200}",
    )
        .prop_map(
            |(cr, sr, pm, sid, (cems, sems, auth), msg, reply)| Scenario {
                client_random: cr,
                server_random: sr,
                pre_master: pm.map(|r| [vec![3, 3], r].concat()),
                session_id: sid,
                client_ems: cems,
                server_ems: sems,
                client_auth: auth,
                app_message: msg,
                server_reply: reply,
                ..Scenario::default()
            },
        )
}

fn master(t: &Transcript, step: StepKey) -> Option<Vec<u8>> {
    t.steps
        .iter()
        .filter(|s| s.key == step)
        .flat_map(|s| &s.derived)
        .find(|d| d.name == ValueId::MasterSecret)
        .map(|d| d.value.clone())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn any_scenario_completes_with_the_same_keys(s in scenario(), seed in any::<[u8; 32]>()) {
        let t = simulate(&s, seed, DEFAULT_NOW).expect("valid scenario");
        prop_assert_eq!(&t.outcome, &Outcome::Success);
        let (c, srv) = (master(&t, StepKey::DeriveKeysClient), master(&t, StepKey::DeriveKeysServer));
        prop_assert!(c.is_some(), "no master_secret in derive_keys_client");
        prop_assert_eq!(c, srv);
        prop_assert_eq!(t.extended_master_secret, s.client_ems && s.server_ems);
        prop_assert!(t.steps.iter().all(|st| st.kind != StepKind::Alert));
    }

    #[test]
    fn flip_byte_fault_ends_in_an_alert(
        seed in any::<[u8; 32]>(),
        auth in any::<bool>(),
        record in any::<usize>(),
        offset in any::<usize>(),
    ) {
        let clean = Scenario { client_auth: auth, ..Scenario::default() };
        let t = simulate(&clean, seed, DEFAULT_NOW).expect("valid");
        prop_assert_eq!(&t.outcome, &Outcome::Success);
        let record = record % t.wire.len();
        let offset = offset % t.wire[record].1.len();
        let s = Scenario { faults: vec![Fault::FlipByte { record, offset }], ..clean };
        let f = simulate(&s, seed, DEFAULT_NOW).expect("valid");
        match &f.outcome {
            Outcome::Success => prop_assert_eq!((record, offset), (0, 2), "flip went unnoticed"),
            Outcome::Failed { step, .. } => {
                let last = f.steps.last().expect("steps");
                prop_assert_eq!(last.kind, StepKind::Alert);
                prop_assert!(last.alert.is_some());
                prop_assert!(*step < f.steps.len());
            }
            Outcome::Refused { .. } => prop_assert!(false, "a byte flip cannot reach the CA"),
        }
    }
}
