//! Session resumption (issue 14) through `simulate`, the same core as the page and the CLI: a
//! second connection resumes by session ID and by ticket (RFC 5246 §7.3, RFC 5077), with the
//! abbreviated handshake's messages in the RFC's order, the same master secret and a new key
//! block; and each reason a server must not resume ends in a full handshake or the RFC's alert.

use tlsim_core::error::AlertDescription;
use tlsim_core::scenario::{Resume, ResumeFault, DEFAULT_NOW};
use tlsim_core::{simulate, Actor, CheckId, Outcome, Scenario, StepKey, Transcript, ValueId};

const SEED: [u8; 32] = [42; 32];

fn run(s: &Scenario) -> Transcript {
    simulate(s, SEED, DEFAULT_NOW).expect("valid input")
}

fn second(t: &Transcript) -> Vec<StepKey> {
    let at = t.reconnect_at.expect("a second connection");
    t.steps[at..].iter().map(|s| s.key).collect()
}

fn value(t: &Transcript, from: usize, step: StepKey, name: ValueId) -> Vec<u8> {
    t.steps[from..]
        .iter()
        .filter(|s| s.key == step)
        .flat_map(|s| s.derived.iter())
        .find(|d| d.name == name)
        .map(|d| d.value.clone())
        .unwrap_or_else(|| panic!("{name} in {step}"))
}

fn messages(keys: &[StepKey]) -> Vec<StepKey> {
    use StepKey::*;
    keys.iter()
        .copied()
        .filter(|k| {
            matches!(
                k,
                ClientHello
                    | ServerHello
                    | Certificate
                    | ServerKeyExchange
                    | ServerHelloDone
                    | ClientKeyExchange
                    | ChangeCipherSpecClient
                    | FinishedClient
                    | NewSessionTicket
                    | ChangeCipherSpecServer
                    | FinishedServer
            )
        })
        .collect()
}

#[test]
fn by_session_id_and_by_ticket_the_abbreviated_handshake_follows() {
    use StepKey::*;
    for (mode, kx) in [
        (Resume::SessionId, tlsim_core::kx::KxAlg::Rsa),
        (Resume::Ticket, tlsim_core::kx::KxAlg::Rsa),
        (Resume::SessionId, tlsim_core::kx::KxAlg::Ecdhe),
        (Resume::Ticket, tlsim_core::kx::KxAlg::Ecdhe),
    ] {
        for ems in [true, false] {
            let mut s = Scenario::default();
            s.set_kx(kx);
            s.resume = mode;
            s.client_ems = ems;
            let t = run(&s);
            let what = format!("{mode:?} {kx:?} ems={ems}");
            assert_eq!(t.outcome, Outcome::Success, "{what}: {:#?}", t.steps.last());
            assert!(t.resumed, "{what}");
            let at = t.reconnect_at.expect("second connection");
            let first: Vec<StepKey> = t.steps[..at].iter().map(|s| s.key).collect();
            assert!(first.contains(&StoreSession), "{what}");
            assert_eq!(
                first.contains(&NewSessionTicket),
                mode == Resume::Ticket,
                "{what}"
            );
            // RFC 5246 §7.3 Figure 2 (RFC 5077 §3.1 Figure 2 for a ticket, not renewed here).
            assert_eq!(
                messages(&second(&t)),
                vec![
                    ClientHello,
                    ServerHello,
                    ChangeCipherSpecServer,
                    FinishedServer,
                    ChangeCipherSpecClient,
                    FinishedClient
                ],
                "{what}"
            );
            let keys = second(&t);
            for k in [
                LookupSession,
                DeriveKeysResumedServer,
                DeriveKeysResumedClient,
            ] {
                assert!(keys.contains(&k), "{what}: {k}");
            }
            for k in [
                VerifyServerCert,
                DecryptPreMaster,
                ComputeSharedServer,
                DeriveKeysClient,
            ] {
                assert!(!keys.contains(&k), "{what}: no {k} when resumed");
            }
            // The same master secret, a new key block (new randoms).
            let m1 = value(&t, 0, DeriveKeysClient, ValueId::MasterSecret);
            let m2 = value(&t, at, DeriveKeysResumedClient, ValueId::MasterSecret);
            let m3 = value(&t, at, DeriveKeysResumedServer, ValueId::MasterSecret);
            assert_eq!((&m1, &m1), (&m2, &m3), "{what}");
            let k1 = value(&t, 0, DeriveKeysClient, ValueId::KeyBlock);
            let k2 = value(&t, at, DeriveKeysResumedClient, ValueId::KeyBlock);
            assert_ne!(k1, k2, "{what}: a new key block");
            assert_eq!(
                value(&t, at, DeriveKeysResumedServer, ValueId::KeyBlock),
                k2,
                "{what}"
            );
            // Two key log lines with the one master secret; the second connection on its own leg.
            let lines: Vec<&str> = t.keylog.lines().collect();
            assert_eq!(lines.len(), 2, "{what}");
            assert!(
                lines.iter().all(|l| l.ends_with(&hex::encode(&m1))),
                "{what}"
            );
            assert!(!t.server_leg.is_empty(), "{what}");
            // The ticket does not carry the master secret in the clear.
            if mode == Resume::Ticket {
                let ticket = value(&t, 0, NewSessionTicket, ValueId::SessionTicket);
                assert!(!ticket.windows(48).any(|w| w == m1.as_slice()), "{what}");
            }
        }
    }
}

/// failure -> (how the second connection ends: None = full handshake, success; or the alert)
fn expected(f: ResumeFault) -> Option<(Actor, AlertDescription)> {
    match f {
        ResumeFault::EmsDropped => Some((Actor::Server, AlertDescription::HandshakeFailure)),
        _ => None,
    }
}

#[test]
fn when_resumption_must_not_happen_a_full_handshake_or_the_rfc_alert() {
    for f in ResumeFault::ALL {
        let mut s = Scenario::default();
        f.apply(&mut s);
        let t = run(&s);
        let at = t
            .reconnect_at
            .unwrap_or_else(|| panic!("{f:?}: a second connection"));
        let lookup = t.steps[at..]
            .iter()
            .find(|s| s.key == StepKey::LookupSession)
            .unwrap_or_else(|| panic!("{f:?}: lookup_session"));
        assert!(lookup.checks.iter().any(|c| !c.ok), "{f:?}: a failed check");
        let failed: Vec<CheckId> = lookup
            .checks
            .iter()
            .filter(|c| !c.ok)
            .map(|c| c.name)
            .collect();
        let want = match f {
            ResumeFault::ServerForgot => CheckId::SessionKnown,
            ResumeFault::TicketTampered | ResumeFault::KeyRotated => CheckId::TicketAuthentic,
            ResumeFault::Expired => CheckId::SessionFresh,
            ResumeFault::OtherHost => CheckId::SessionHost,
            ResumeFault::EmsDropped | ResumeFault::EmsAdded => CheckId::SessionEms,
            ResumeFault::OtherSuite => CheckId::SessionSuite,
        };
        assert!(failed.contains(&want), "{f:?}: {failed:?}");
        assert!(!t.resumed, "{f:?}");
        match expected(f) {
            None => {
                assert_eq!(t.outcome, Outcome::Success, "{f:?}: {:#?}", t.steps.last());
                let keys = second(&t);
                assert!(
                    keys.contains(&StepKey::Certificate),
                    "{f:?}: a full handshake"
                );
                assert!(!keys.contains(&StepKey::DeriveKeysResumedClient), "{f:?}");
            }
            Some((by, alert)) => match &t.outcome {
                Outcome::Failed {
                    by: b, alert: a, ..
                } => assert_eq!((*b, *a), (by, alert), "{f:?}"),
                o => panic!("{f:?}: {o:?}"),
            },
        }
    }
}

#[test]
fn a_ticket_key_is_an_input_and_a_bad_one_is_refused() {
    let mut s = Scenario {
        resume: Resume::Ticket,
        ticket_key: Some(vec![0x11; 16]),
        ..Default::default()
    };
    let t = run(&s);
    assert!(t.resumed);
    let key = value(&t, 0, StepKey::NewSessionTicket, ValueId::TicketKey);
    assert_eq!(key, vec![0x11; 16]);
    s.ticket_key = Some(vec![0x11; 15]);
    let e = simulate(&s, SEED, DEFAULT_NOW)
        .err()
        .map(|e| e.reason().key().name());
    assert_eq!(e, Some("sim.ticket_key_length"));
}
