//! Whole handshakes with DHE_RSA and ECDHE_RSA through `simulate` (the same core as the page and
//! the CLI), each group with and without the extended master secret and with client
//! certificates, and the key-exchange failures with the alert the RFCs name.

use tlsim_core::error::AlertDescription;
use tlsim_core::kx::{Group, KxAlg};
use tlsim_core::scenario::{KxFault, DEFAULT_NOW};
use tlsim_core::{simulate, Actor, CheckId, Outcome, Scenario, StepKey, Transcript, ValueId};

const SEED: [u8; 32] = [42; 32];

fn run(s: &Scenario) -> Transcript {
    simulate(s, SEED, DEFAULT_NOW).expect("valid input")
}

fn values(t: &Transcript, step: StepKey, name: ValueId) -> Vec<Vec<u8>> {
    t.steps
        .iter()
        .filter(|s| s.key == step)
        .flat_map(|s| s.derived.iter())
        .filter(|d| d.name == name)
        .map(|d| d.value.clone())
        .collect()
}

fn one(t: &Transcript, step: StepKey, name: ValueId) -> Vec<u8> {
    let v = values(t, step, name);
    assert_eq!(v.len(), 1, "one {name} in {step}: {v:?}");
    v[0].clone()
}

fn scenario(kx: KxAlg, group: Group) -> Scenario {
    let mut s = Scenario::default();
    s.set_kx(kx);
    s.set_group(group);
    s
}

fn failure(t: &Transcript) -> (Actor, AlertDescription) {
    match &t.outcome {
        Outcome::Failed { by, alert, .. } => (*by, *alert),
        o => panic!("expected an alert, got {o:?}"),
    }
}

#[test]
fn every_group_with_and_without_ems_and_client_auth_completes() {
    for (kx, group) in [
        (KxAlg::Ecdhe, Group::X25519),
        (KxAlg::Ecdhe, Group::Secp256r1),
        (KxAlg::Dhe, Group::Ffdhe2048),
    ] {
        for ems in [true, false] {
            for client_auth in [false, true] {
                let mut s = scenario(kx, group);
                s.client_ems = ems;
                s.client_auth = client_auth;
                let t = run(&s);
                let what = format!("{kx:?} {group:?} ems={ems} auth={client_auth}");
                assert_eq!(t.outcome, Outcome::Success, "{what}: {:#?}", t.steps.last());
                assert_eq!(t.cipher_suite, Some(kx.suite()), "{what}");
                assert_eq!(t.extended_master_secret, ems, "{what}");
                let keys: Vec<StepKey> = t.steps.iter().map(|s| s.key).collect();
                for k in [
                    StepKey::ServerKeyExchange,
                    StepKey::VerifyServerKeyExchange,
                    StepKey::ComputeSharedServer,
                ] {
                    assert!(keys.contains(&k), "{what}: {k} in {keys:?}");
                }
                // No RSA decryption of a pre-master in an ephemeral exchange.
                assert!(!keys.contains(&StepKey::DecryptPreMaster), "{what}");
                // Both sides computed the same shared secret, which never crossed the wire.
                let client = one(&t, StepKey::ClientKeyExchange, ValueId::PreMasterSecret);
                let server = one(&t, StepKey::ComputeSharedServer, ValueId::PreMasterSecret);
                assert_eq!(client, server, "{what}");
                let wire: Vec<u8> = t.wire.iter().flat_map(|r| r.1.clone()).collect();
                assert!(
                    !wire.windows(client.len()).any(|w| w == client.as_slice()),
                    "{what}: the shared secret is not on the wire"
                );
                let want = if group == Group::Ffdhe2048 { 256 } else { 32 };
                assert!(client.len() <= want && client.len() >= want - 8, "{what}");
            }
        }
    }
}

#[test]
fn the_values_are_the_published_groups_own() {
    // The server's public value g^b mod p is as long as p; a P-256 point is 04 || x || y.
    let t = run(&scenario(KxAlg::Dhe, Group::Ffdhe2048));
    let p = one(&t, StepKey::ServerKeyExchange, ValueId::DhPrime);
    assert_eq!(
        hex::encode_upper(&p),
        tlsim_core::kx::ffdhe::FFDHE2048_P_HEX
    );
    assert_eq!(
        one(
            &t,
            StepKey::ServerKeyExchange,
            ValueId::ServerEphemeralPublic
        )
        .len(),
        256
    );
    let t = run(&scenario(KxAlg::Ecdhe, Group::Secp256r1));
    let q = one(
        &t,
        StepKey::ServerKeyExchange,
        ValueId::ServerEphemeralPublic,
    );
    assert_eq!((q.len(), q[0]), (65, 4));
    let t = run(&scenario(KxAlg::Ecdhe, Group::X25519));
    assert_eq!(
        one(
            &t,
            StepKey::ClientKeyExchange,
            ValueId::ClientEphemeralPublic
        )
        .len(),
        32
    );
}

#[test]
fn fixed_ephemeral_secrets_give_the_same_shared_secret_under_any_seed() {
    let mut s = scenario(KxAlg::Ecdhe, Group::X25519);
    s.client_ephemeral = Some(vec![0x11; 32]);
    s.server_ephemeral = Some(vec![0x22; 32]);
    let a = run(&s);
    let b = simulate(&s, [7; 32], DEFAULT_NOW).unwrap();
    let z = one(&a, StepKey::ComputeSharedServer, ValueId::PreMasterSecret);
    assert_eq!(
        z,
        one(&b, StepKey::ComputeSharedServer, ValueId::PreMasterSecret)
    );
    // ... while the seeded secrets differ from run to run.
    let s = scenario(KxAlg::Ecdhe, Group::X25519);
    let a = run(&s);
    let b = simulate(&s, [7; 32], DEFAULT_NOW).unwrap();
    assert_ne!(
        one(&a, StepKey::ComputeSharedServer, ValueId::PreMasterSecret),
        one(&b, StepKey::ComputeSharedServer, ValueId::PreMasterSecret)
    );
}

#[test]
fn a_wrong_length_ephemeral_secret_is_refused_as_input() {
    let mut s = scenario(KxAlg::Ecdhe, Group::X25519);
    s.client_ephemeral = Some(vec![1; 31]);
    let r = simulate(&s, SEED, DEFAULT_NOW);
    let failed_input = match r {
        Err(e) => e.alert() == AlertDescription::InternalError,
        Ok(t) => !matches!(t.outcome, Outcome::Success),
    };
    assert!(failed_input);
}

#[test]
fn key_exchange_failures_get_the_rfcs_alerts() {
    use AlertDescription::*;
    for (f, by, alert, check) in [
        (
            KxFault::ForgedParams,
            Actor::Client,
            DecryptError,
            CheckId::SkeSignature,
        ),
        (
            KxFault::DhZero,
            Actor::Server,
            IllegalParameter,
            CheckId::PeerPublic,
        ),
        (
            KxFault::DhOne,
            Actor::Server,
            IllegalParameter,
            CheckId::PeerPublic,
        ),
        (
            KxFault::DhPMinusOne,
            Actor::Server,
            IllegalParameter,
            CheckId::PeerPublic,
        ),
        (
            KxFault::WeakPrime,
            Actor::Client,
            InsufficientSecurity,
            CheckId::PeerPublic,
        ),
        (
            KxFault::OffCurve,
            Actor::Server,
            IllegalParameter,
            CheckId::PeerPublic,
        ),
        (
            KxFault::LowOrder,
            Actor::Server,
            IllegalParameter,
            CheckId::PeerPublic,
        ),
    ] {
        let mut s = Scenario::default();
        f.apply(&mut s);
        let t = run(&s);
        assert_eq!(failure(&t), (by, alert), "{f:?}");
        let failed: Vec<CheckId> = t
            .steps
            .iter()
            .flat_map(|s| s.checks.iter())
            .filter(|c| !c.ok)
            .map(|c| c.name)
            .collect();
        assert_eq!(failed, vec![check], "{f:?}");
    }
}

#[test]
fn a_reused_ephemeral_key_is_the_same_in_every_session_and_said() {
    let mut s = Scenario::default();
    KxFault::ReusedKey.apply(&mut s);
    let a = run(&s);
    let b = simulate(&s, [7; 32], DEFAULT_NOW).unwrap();
    assert_eq!(a.outcome, Outcome::Success);
    let pa = one(
        &a,
        StepKey::ServerKeyExchange,
        ValueId::ServerEphemeralPublic,
    );
    assert_eq!(
        pa,
        one(
            &b,
            StepKey::ServerKeyExchange,
            ValueId::ServerEphemeralPublic
        )
    );
    let ske = a
        .steps
        .iter()
        .find(|s| s.key == StepKey::ServerKeyExchange)
        .unwrap();
    assert!(
        ske.notes.iter().any(|m| matches!(
            tlsim_core::msg::HsMsg::of(m),
            Some(tlsim_core::msg::HsMsg::EphemeralReused {})
        )),
        "{:?}",
        ske.notes
    );
}

#[test]
fn a_client_that_offers_only_rsa_gets_rsa_from_a_server_that_prefers_ecdhe() {
    let s = Scenario {
        accepted_suites: vec![0xc02f, 0x009e, 0x009c],
        ..Default::default()
    };
    let t = run(&s);
    assert_eq!(t.outcome, Outcome::Success);
    assert_eq!(t.cipher_suite, Some(0x009c));
    // No curve in common: ECDHE is skipped for the next suite, DHE.
    let s = Scenario {
        offered_suites: vec![0xc02f, 0x009e],
        accepted_suites: vec![0xc02f, 0x009e],
        client_groups: vec![0x0100],
        ..Default::default()
    };
    let t = run(&s);
    assert_eq!(t.outcome, Outcome::Success, "{:#?}", t.steps.last());
    assert_eq!(t.cipher_suite, Some(0x009e));
}
