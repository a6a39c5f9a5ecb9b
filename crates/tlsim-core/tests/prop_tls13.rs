//! Any TLS 1.3 scenario, whatever the learner edits, never panics (issue 15): groups of any
//! values, any host, trust on or off, any dates, any texts, any TLS 1.3 failure, a byte flipped
//! anywhere. `simulate` returns a transcript (or, for input it cannot use, an input error), a
//! failed session ends in its alert step, and a successful one has the four key log lines.
//! Builtin 2048-bit teaching keys.

use proptest::prelude::*;
use tlsim_core::scenario::{Tls13Fault, DEFAULT_NOW};
use tlsim_core::{simulate, Fault, Outcome, Scenario, StepKind, TlsVersion};

fn scenario() -> impl Strategy<Value = Scenario> {
    (
        proptest::collection::vec(
            prop_oneof![Just(0x001d_u16), Just(0x0017), Just(0x0100), any::<u16>()],
            0..4,
        ),
        proptest::collection::vec(
            prop_oneof![Just(0x001d_u16), Just(0x0017), Just(0x0100), any::<u16>()],
            0..4,
        ),
        prop_oneof![Just("www.example.com".to_string()), "\\PC{0,40}"],
        any::<bool>(),
        (any::<i64>(), any::<i64>()),
        ("\\PC{0,100}", "\\PC{0,100}"),
        proptest::option::of(0..Tls13Fault::ALL.len()),
        proptest::option::of((0usize..14, 0usize..600)),
        any::<(bool, bool)>(),
    )
        .prop_map(
            |(cg, sg, host, trust, (nb, na), (msg, reply), fault, flip, (dates, ems))| {
                let mut s = Scenario {
                    version: TlsVersion::Tls13,
                    client_groups: cg,
                    server_groups: sg,
                    client_host: host,
                    trust_issuing_ca: trust,
                    app_message: msg,
                    server_reply: reply,
                    client_ems: ems,
                    ..Scenario::default()
                };
                if dates {
                    s.not_before = nb;
                    s.not_after = na;
                }
                if let Some(i) = fault {
                    Tls13Fault::ALL[i].apply(&mut s, DEFAULT_NOW);
                }
                if let Some((record, offset)) = flip {
                    s.faults.push(Fault::FlipByte { record, offset });
                }
                s
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_tls13_scenario_ends_cleanly(s in scenario(), seed in any::<[u8; 32]>()) {
        match simulate(&s, seed, DEFAULT_NOW) {
            Err(e) => prop_assert!(e.is_input(), "not an input error: {e}"),
            Ok(t) => {
                prop_assert_eq!(t.version, TlsVersion::Tls13);
                match &t.outcome {
                    Outcome::Success => {
                        prop_assert_eq!(t.keylog.lines().count(), 4);
                        prop_assert!(t.steps.iter().all(|s| s.checks.iter().all(|c| c.ok)));
                    }
                    Outcome::Failed { step, alert, .. } => {
                        prop_assert_eq!(*step, t.steps.len() - 1);
                        let last = &t.steps[*step];
                        prop_assert_eq!(last.kind, StepKind::Alert);
                        prop_assert_eq!(last.alert, Some(*alert));
                    }
                    Outcome::Refused { .. } => {}
                }
            }
        }
    }
}
