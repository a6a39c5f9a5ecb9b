//! TLS 1.3 through the simulation (issue 15): the whole session with x25519 and secp256r1, a
//! HelloRetryRequest, each TLS 1.3 failure ending in its alert (encrypted once the handshake
//! keys are on), and the same seed giving the same bytes. Builtin 2048-bit teaching keys.

use tlsim_core::error::AlertDescription;
use tlsim_core::kx::Group;
use tlsim_core::scenario::{force_hello_retry, Tls13Fault, DEFAULT_NOW};
use tlsim_core::tls13::record::RecordCipher;
use tlsim_core::{
    simulate, Actor, CheckId, Outcome, Scenario, ScenarioField, StepKey, StepKind, TlsVersion,
    Transcript, ValueId,
};

const SEED: [u8; 32] = [7; 32];

fn tls13() -> Scenario {
    Scenario {
        version: TlsVersion::Tls13,
        ..Scenario::default()
    }
}

fn run(s: &Scenario) -> Transcript {
    simulate(s, SEED, DEFAULT_NOW).expect("a transcript")
}

fn keys(t: &Transcript) -> Vec<StepKey> {
    t.steps.iter().map(|s| s.key).collect()
}

fn step(t: &Transcript, k: StepKey) -> &tlsim_core::Step {
    t.steps
        .iter()
        .find(|s| s.key == k)
        .unwrap_or_else(|| panic!("no step {k}: {:?}", keys(t)))
}

fn has_value(t: &Transcript, k: StepKey, v: ValueId) -> bool {
    step(t, k).derived.iter().any(|d| d.name == v)
}

#[test]
fn full_session_x25519() {
    let t = run(&tls13());
    assert_eq!(t.outcome, Outcome::Success, "{:?}", keys(&t));
    assert_eq!(t.version, TlsVersion::Tls13);
    assert_eq!(t.cipher_suite, Some(0x1301));
    let k = keys(&t);
    for want in [
        StepKey::IssueCaCert,
        StepKey::ClientHello13,
        StepKey::ServerHello13,
        StepKey::CompatCcsServer,
        StepKey::DeriveHandshakeKeys13Server,
        StepKey::EncryptedExtensions,
        StepKey::Certificate13,
        StepKey::CertificateVerify13,
        StepKey::Finished13Server,
        StepKey::DeriveHandshakeKeys13Client,
        StepKey::VerifyServerCert,
        StepKey::VerifyCertificateVerify13,
        StepKey::VerifyFinished13Client,
        StepKey::DeriveAppKeys13Client,
        StepKey::CompatCcsClient,
        StepKey::Finished13Client,
        StepKey::VerifyFinished13Server,
        StepKey::AppDataClient,
        StepKey::AppDataServer,
        StepKey::CloseNotifyClient,
        StepKey::CloseNotifyServer,
    ] {
        assert!(k.contains(&want), "missing {want}: {k:?}");
    }
    assert!(!k.contains(&StepKey::HelloRetryRequest));
    // The ClientHello offers TLS 1.3 and an x25519 share; its fields are named.
    let ch = step(&t, StepKey::ClientHello13);
    let names: Vec<_> = ch.fields.iter().map(|f| f.name.name()).collect();
    assert!(names.contains(&"supported_versions"), "{names:?}");
    assert!(names.contains(&"key_share"), "{names:?}");
    assert!(names.contains(&"random"), "{names:?}");
    // The key schedule, value by value, where it happens.
    let hs = StepKey::DeriveHandshakeKeys13Client;
    for v in [
        ValueId::SharedSecret,
        ValueId::EarlySecret,
        ValueId::HandshakeSecret,
        ValueId::ClientHandshakeTrafficSecret,
        ValueId::ServerHandshakeTrafficSecret,
        ValueId::TranscriptHash,
    ] {
        assert!(has_value(&t, hs, v), "{v} at {hs}");
    }
    let app = StepKey::DeriveAppKeys13Client;
    for v in [
        ValueId::Tls13MasterSecret,
        ValueId::ClientApplicationTrafficSecret,
        ValueId::ServerApplicationTrafficSecret,
    ] {
        assert!(has_value(&t, app, v), "{v} at {app}");
    }
    assert!(has_value(
        &t,
        StepKey::VerifyFinished13Client,
        ValueId::ServerFinishedKey
    ));
    // Every HKDF-Expand-Label names its label and, where there is one, the transcript hash.
    let chts = step(&t, hs)
        .derived
        .iter()
        .find(|d| d.name == ValueId::ClientHandshakeTrafficSecret)
        .unwrap();
    assert!(chts.formula.contains("c hs traffic"), "{}", chts.formula);
    assert!(chts
        .inputs
        .iter()
        .any(|(id, _)| *id == ValueId::TranscriptHash));
    // Checks: chain, host, validity, CertificateVerify, both Finished; all pass.
    let checks: Vec<_> = t.steps.iter().flat_map(|s| &s.checks).collect();
    for c in [
        CheckId::Chain,
        CheckId::HostName,
        CheckId::Validity,
        CheckId::ServerCertificateVerify,
        CheckId::Finished,
    ] {
        assert!(checks.iter().any(|x| x.name == c && x.ok), "{c}");
    }
    assert!(checks.iter().all(|c| c.ok));
    // From EncryptedExtensions on, the server's records are application_data (23) outside.
    for k in [
        StepKey::EncryptedExtensions,
        StepKey::Certificate13,
        StepKey::Finished13Server,
        StepKey::Finished13Client,
    ] {
        assert_eq!(step(&t, k).bytes[0], 23, "{k}");
    }
    assert_eq!(step(&t, StepKey::ServerHello13).bytes[0], 22);
    // The server read what the client sent, and back.
    let reads: Vec<String> = t
        .steps
        .iter()
        .flat_map(|s| &s.notes)
        .filter(|m| m.key() == tlsim_core::msg::SimKey::Reads.into())
        .map(|m| m.to_string())
        .collect();
    assert_eq!(reads.len(), 2, "{reads:?}");
    // What TLS 1.3 ignored of the scenario.
    assert!(t.unused.contains(&ScenarioField::OfferedSuites));
    assert!(t.unused.contains(&ScenarioField::Ems));
    assert!(t.unused.contains(&ScenarioField::Ffdhe));
}

#[test]
fn full_session_secp256r1() {
    let mut s = tls13();
    s.client_groups = vec![Group::Secp256r1.id(), Group::X25519.id()];
    let t = run(&s);
    assert_eq!(t.outcome, Outcome::Success);
    let sh = step(&t, StepKey::ServerHello13);
    // key_share in the ServerHello: group 0x0017, a 65-byte uncompressed point
    let at = sh
        .fields
        .iter()
        .find(|f| f.name.name() == "key_share")
        .unwrap();
    let ks = &sh.bytes[at.offset..at.offset + at.len];
    assert_eq!(&ks[4..6], &[0x00, 0x17], "{}", hex::encode(ks));
    assert_eq!(ks.len(), 4 + 4 + 65);
}

#[test]
fn hello_retry_request_when_the_server_takes_only_the_other_group() {
    let mut s = Scenario::default();
    force_hello_retry(&mut s);
    let t = run(&s);
    assert_eq!(t.outcome, Outcome::Success, "{:?}", keys(&t));
    let k = keys(&t);
    let hrr = k
        .iter()
        .position(|x| *x == StepKey::HelloRetryRequest)
        .unwrap();
    let ch2 = k
        .iter()
        .position(|x| *x == StepKey::ClientHello13Retry)
        .unwrap();
    let sh = k.iter().position(|x| *x == StepKey::ServerHello13).unwrap();
    assert!(hrr < ch2 && ch2 < sh, "{k:?}");
    // The HelloRetryRequest is a ServerHello with the special random (RFC 8446 §4.1.3).
    let hrr_step = t
        .steps
        .iter()
        .find(|s| s.key == StepKey::HelloRetryRequest && s.kind == StepKind::Message)
        .unwrap();
    assert_eq!(
        hex::encode(&hrr_step.bytes[11..43]),
        "cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c"
    );
    // The transcript restarts with message_hash.
    assert!(t
        .steps
        .iter()
        .flat_map(|s| &s.derived)
        .any(|d| d.formula.starts_with("message_hash")));
}

fn failure(f: Tls13Fault) -> Transcript {
    let mut s = Scenario::default();
    f.apply(&mut s, DEFAULT_NOW);
    assert_eq!(s.version, TlsVersion::Tls13);
    run(&s)
}

fn failed(t: &Transcript) -> (Actor, AlertDescription) {
    match &t.outcome {
        Outcome::Failed {
            by, alert, step, ..
        } => {
            assert_eq!(*step, t.steps.len() - 1);
            let last = t.steps.last().unwrap();
            assert_eq!(last.kind, StepKind::Alert);
            assert_eq!(last.alert, Some(*alert));
            (*by, *alert)
        }
        o => panic!("not failed: {o:?} {:?}", keys(t)),
    }
}

/// Open the alert record the client sent with its handshake traffic key (from the transcript)
/// and read its description: the alert is really encrypted, under that key.
fn open_client_alert(t: &Transcript) -> AlertDescription {
    let last = t.steps.last().unwrap();
    assert_eq!(last.bytes[0], 23, "outer type application_data");
    assert_eq!(
        last.bytes.len(),
        5 + 2 + 1 + 16,
        "alert(2) + type(1) + tag(16)"
    );
    let secret = t
        .steps
        .iter()
        .filter(|s| s.from == Actor::Client)
        .flat_map(|s| &s.derived)
        .find(|d| d.name == ValueId::ClientHandshakeTrafficSecret)
        .unwrap();
    let keys = tlsim_core::tls13::key_schedule::traffic_keys(
        tlsim_core::tls13::key_schedule::Sender::Client,
        ValueId::ClientHandshakeTrafficSecret,
        &secret.value.clone().try_into().unwrap(),
    )
    .unwrap()
    .0;
    let mut c = RecordCipher::new(tlsim_core::tls13::key_schedule::Sender::Client, &keys);
    let o = c
        .open(&last.bytes)
        .expect("opens under the client handshake key");
    assert_eq!(o.typ.get(), 21, "inner type alert");
    assert_eq!(o.content[0], 2, "fatal");
    AlertDescription::from_code(o.content[1])
}

#[test]
fn untrusted_ca_is_unknown_ca_encrypted() {
    let t = failure(Tls13Fault::UntrustedCa);
    assert_eq!(failed(&t), (Actor::Client, AlertDescription::UnknownCa));
    assert_eq!(open_client_alert(&t), AlertDescription::UnknownCa);
    let c = step(&t, StepKey::VerifyServerCert);
    assert!(c.checks.iter().any(|c| c.name == CheckId::Chain && !c.ok));
}

#[test]
fn wrong_host_is_certificate_unknown() {
    let t = failure(Tls13Fault::WrongHost);
    assert_eq!(
        failed(&t),
        (Actor::Client, AlertDescription::CertificateUnknown)
    );
    assert_eq!(open_client_alert(&t), AlertDescription::CertificateUnknown);
    let c = step(&t, StepKey::VerifyServerCert);
    assert!(c
        .checks
        .iter()
        .any(|c| c.name == CheckId::HostName && !c.ok));
}

#[test]
fn expired_is_certificate_expired() {
    let t = failure(Tls13Fault::Expired);
    assert_eq!(
        failed(&t),
        (Actor::Client, AlertDescription::CertificateExpired)
    );
    assert_eq!(open_client_alert(&t), AlertDescription::CertificateExpired);
    let c = step(&t, StepKey::VerifyServerCert);
    assert!(c
        .checks
        .iter()
        .any(|c| c.name == CheckId::Validity && !c.ok));
}

#[test]
fn forged_certificate_verify_is_decrypt_error() {
    let t = failure(Tls13Fault::ForgedCertificateVerify);
    assert_eq!(failed(&t), (Actor::Client, AlertDescription::DecryptError));
    assert_eq!(open_client_alert(&t), AlertDescription::DecryptError);
    let c = step(&t, StepKey::VerifyCertificateVerify13);
    assert!(c
        .checks
        .iter()
        .any(|c| c.name == CheckId::ServerCertificateVerify && !c.ok));
}

#[test]
fn flipped_record_is_bad_record_mac() {
    let t = failure(Tls13Fault::FlippedRecord);
    assert_eq!(failed(&t), (Actor::Client, AlertDescription::BadRecordMac));
    assert_eq!(open_client_alert(&t), AlertDescription::BadRecordMac);
    assert!(keys(&t).contains(&StepKey::Tamper));
}

#[test]
fn downgrade_is_caught_by_the_sentinel() {
    let t = failure(Tls13Fault::Downgrade);
    assert_eq!(
        failed(&t),
        (Actor::Client, AlertDescription::IllegalParameter)
    );
    // The man in the middle's change, then the server's TLS 1.2 ServerHello whose random ends
    // in "DOWNGRD" 01.
    let sh = step(&t, StepKey::ServerHello);
    assert_eq!(&sh.bytes[..3], &[22, 3, 3]);
    assert_eq!(&sh.bytes[9..11], &[3, 3], "server_version TLS 1.2");
    assert_eq!(&sh.bytes[35..43], b"DOWNGRD\x01");
    let c = step(&t, StepKey::CheckDowngrade13);
    assert!(c
        .checks
        .iter()
        .any(|c| c.name == CheckId::DowngradeSentinel && !c.ok));
    // No keys yet: the alert goes in the clear (type 21).
    let last = t.steps.last().unwrap();
    assert_eq!(&last.bytes, &[21, 3, 3, 0, 2, 2, 47]);
    let tamper = step(&t, StepKey::Tamper);
    assert_eq!(tamper.from, Actor::Network);
}

#[test]
fn same_seed_same_bytes() {
    let mut s = Scenario::default();
    force_hello_retry(&mut s);
    let a = run(&s);
    let b = run(&s);
    assert_eq!(a, b);
    let c = simulate(&s, [8; 32], DEFAULT_NOW).unwrap();
    assert_ne!(a.wire, c.wire);
}

#[test]
fn old_scenarios_without_a_version_are_tls12() {
    let s: Scenario = serde_json::from_str(r#"{"client_host": "www.example.com"}"#).unwrap();
    assert_eq!(s.version, TlsVersion::Tls12);
    let s: Scenario = serde_json::from_str(r#"{"version": "1.3"}"#).unwrap();
    assert_eq!(s.version, TlsVersion::Tls13);
    let t = run(&Scenario::default());
    assert_eq!(t.version, TlsVersion::Tls12);
    assert!(t.unused.is_empty());
}

#[test]
fn tls13_faults_serialize_like_the_other_families() {
    for f in Tls13Fault::ALL {
        let fault = tlsim_core::Fault::Tls13 { tls13: f };
        let j = serde_json::to_string(&fault).unwrap();
        assert_eq!(j, format!(r#"{{"kind":"tls13","tls13":"{}"}}"#, f.name()));
        assert_eq!(
            serde_json::from_str::<tlsim_core::Fault>(&j).unwrap(),
            fault
        );
        assert_eq!(Tls13Fault::from_name(&f.cli_name()), Some(f));
    }
}

#[test]
fn a_flipped_client_finished_is_the_servers_encrypted_bad_record_mac() {
    let mut s = tls13();
    s.faults.push(tlsim_core::Fault::FlipInStep {
        step: StepKey::Finished13Client,
        offset: 8,
    });
    let t = run(&s);
    assert_eq!(failed(&t), (Actor::Server, AlertDescription::BadRecordMac));
    // The server writes with its application key by then: the alert is a protected record.
    let last = t.steps.last().unwrap();
    assert_eq!(last.bytes[0], 23);
    assert_eq!(last.bytes.len(), 5 + 2 + 1 + 16);
    assert!(!t.steps.iter().any(|s| s.key == StepKey::AppDataClient));
}
