//! Whole-handshake tests through `simulate` with the built-in 2048-bit teaching keys.

use tlsim_core::error::AlertDescription;
use tlsim_core::msg::HsMsg;
use tlsim_core::scenario::DEFAULT_NOW;
use tlsim_core::{
    simulate, Actor, Arg, CheckId, Fault, Msg, Outcome, Scenario, StepKey, StepKind, Transcript,
    ValueId,
};

const SEED: [u8; 32] = [42; 32];

fn run(s: &Scenario) -> Transcript {
    simulate(s, SEED, DEFAULT_NOW).expect("valid input")
}

fn failed(t: &Transcript) -> (Actor, AlertDescription) {
    match &t.outcome {
        Outcome::Failed {
            by, alert, step, ..
        } => {
            assert_eq!(*step, t.steps.len() - 1, "the alert is the last step");
            let last = &t.steps[*step];
            assert_eq!(last.kind, StepKind::Alert);
            assert_eq!(last.alert, Some(*alert));
            (*by, *alert)
        }
        Outcome::Success => panic!(
            "expected a failure, got success: {:#?}",
            t.steps.iter().map(|s| &s.key).collect::<Vec<_>>()
        ),
        Outcome::Refused { reason, .. } => panic!("expected an alert, the CA refused: {reason}"),
    }
}

fn derived(t: &Transcript, step: StepKey, name: ValueId) -> &[u8] {
    t.steps
        .iter()
        .filter(|s| s.key == step)
        .flat_map(|s| s.derived.iter())
        .find(|d| d.name == name)
        .map(|d| d.value.as_slice())
        .unwrap_or_else(|| panic!("no {name} in {step}"))
}

#[test]
fn default_scenario_succeeds_and_both_sides_agree() {
    let t = run(&Scenario::default());
    assert_eq!(t.outcome, Outcome::Success, "{:#?}", t.steps.last());
    assert!(t.extended_master_secret);
    assert_eq!(t.cipher_suite, Some(0x009c));
    assert_eq!(
        derived(&t, StepKey::DeriveKeysClient, ValueId::MasterSecret),
        derived(&t, StepKey::DeriveKeysServer, ValueId::MasterSecret)
    );
    assert_eq!(
        derived(&t, StepKey::FinishedClient, ValueId::ClientVerifyData),
        derived(&t, StepKey::VerifyFinishedServer, ValueId::ClientVerifyData)
    );
    assert_eq!(
        derived(&t, StepKey::FinishedServer, ValueId::ServerVerifyData),
        derived(&t, StepKey::VerifyFinishedClient, ValueId::ServerVerifyData)
    );
    let keys: Vec<StepKey> = t.steps.iter().map(|s| s.key).collect();
    for k in [
        StepKey::IssueCaCert,
        StepKey::IssueServerCert,
        StepKey::ClientHello,
        StepKey::ServerHello,
        StepKey::Certificate,
        StepKey::ServerHelloDone,
        StepKey::VerifyServerCert,
        StepKey::ClientKeyExchange,
        StepKey::DecryptPreMaster,
        StepKey::DeriveKeysClient,
        StepKey::DeriveKeysServer,
        StepKey::ChangeCipherSpecClient,
        StepKey::FinishedClient,
        StepKey::ChangeCipherSpecServer,
        StepKey::FinishedServer,
        StepKey::AppDataClient,
        StepKey::AppDataServer,
        StepKey::CloseNotifyClient,
        StepKey::CloseNotifyServer,
    ] {
        assert!(keys.contains(&k), "missing step {k} in {keys:?}");
    }
    assert!(t.keylog.starts_with("CLIENT_RANDOM "));
    assert_eq!(
        t.wire.len(),
        t.steps
            .iter()
            .filter(|s| s.kind == StepKind::Message)
            .count()
    );
}

fn with_faults(faults: Vec<Fault>) -> Scenario {
    Scenario {
        faults,
        ..Scenario::default()
    }
}

#[test]
fn forged_signature_is_bad_certificate() {
    let t = run(&with_faults(vec![Fault::ForgedSignature]));
    assert_eq!(
        failed(&t),
        (Actor::Client, AlertDescription::BadCertificate)
    );
}

#[test]
fn untrusted_ca_is_unknown_ca() {
    let t = run(&Scenario {
        trust_issuing_ca: false,
        ..Scenario::default()
    });
    assert_eq!(failed(&t), (Actor::Client, AlertDescription::UnknownCa));
}

#[test]
fn expired_is_certificate_expired_and_not_yet_valid_bad_certificate() {
    let t = simulate(
        &Scenario::default(),
        SEED,
        tlsim_core::scenario::DEFAULT_NOT_AFTER + 1,
    )
    .unwrap();
    assert_eq!(
        failed(&t),
        (Actor::Client, AlertDescription::CertificateExpired)
    );
    let t = simulate(
        &Scenario::default(),
        SEED,
        tlsim_core::scenario::DEFAULT_NOT_BEFORE - 1,
    )
    .unwrap();
    // Not yet valid is bad_certificate, as OpenSSL's client sends (issue 12).
    assert_eq!(
        failed(&t),
        (Actor::Client, AlertDescription::BadCertificate)
    );
}

#[test]
fn wrong_host_is_certificate_unknown() {
    let t = run(&Scenario {
        client_host: "evil.example.org".into(),
        ..Scenario::default()
    });
    assert_eq!(
        failed(&t),
        (Actor::Client, AlertDescription::CertificateUnknown)
    );
}

#[test]
fn man_in_the_middle_is_refused_unless_his_ca_is_trusted() {
    let t = run(&with_faults(vec![Fault::ManInTheMiddle]));
    assert_eq!(failed(&t), (Actor::Client, AlertDescription::UnknownCa));
    assert!(t
        .steps
        .iter()
        .any(|s| s.kind == StepKind::Tamper && s.key == StepKey::Mitm));

    for ems in [true, false] {
        let mut s = with_faults(vec![Fault::ManInTheMiddle]);
        s.extra_trusted_pems = vec![tlsim_core::simulate::mitm_ca_pem(&s).unwrap()];
        s.client_ems = ems;
        let t = run(&s);
        assert_eq!(
            t.outcome,
            Outcome::Success,
            "ems={ems}: {:#?}",
            t.steps.last()
        );
        // The texts the attacker read are the text arguments of his steps' notes.
        let read: Vec<&str> = t
            .steps
            .iter()
            .filter(|s| s.kind == StepKind::Tamper)
            .flat_map(|s| s.notes.iter().flat_map(Msg::args))
            .filter_map(|(_, a)| match a {
                Arg::Text(s) => Some(s.as_str()),
                _ => None,
            })
            .collect();
        assert!(
            read.iter().any(|n| n.contains("GET / HTTP/1.1")),
            "the attacker reads the request: {read:?}"
        );
        assert!(read.iter().any(|n| n.contains("hello")), "and the reply");
    }
}

/// The man in the middle is two real engines: with his CA trusted, the client's session is with
/// his server and the real server's with his client. He reads both messages, and the real
/// server saw his ClientHello (his random), never the client's.
#[test]
fn trusted_man_in_the_middle_reads_both_messages_and_the_server_sees_only_him() {
    let mut s = with_faults(vec![Fault::ManInTheMiddle]);
    s.extra_trusted_pems = vec![tlsim_core::simulate::mitm_ca_pem(&s).unwrap()];
    let t = run(&s);
    assert_eq!(t.outcome, Outcome::Success);
    let random_of = |from: Actor, to: Actor| -> Vec<u8> {
        let st = t
            .steps
            .iter()
            .find(|st| st.key == StepKey::ClientHello && st.from == from && st.to == to)
            .unwrap_or_else(|| panic!("a ClientHello {from:?} -> {to:?}"));
        // record header (5), handshake header (4), client_version (2), then the random.
        st.bytes[11..43].to_vec()
    };
    let client_random = random_of(Actor::Client, Actor::Network);
    let attacker_random = random_of(Actor::Network, Actor::Server);
    assert_ne!(client_random, attacker_random);
    // 1. Every ClientHello on the server's connection carries his random.
    //    (and the client's connection carries only the client's).
    let hellos = |server_leg: bool| -> Vec<Vec<u8>> {
        t.wire
            .iter()
            .enumerate()
            .filter(|(i, (sent_by_client, r))| {
                t.server_leg.contains(i) == server_leg
                    && *sent_by_client
                    && r.starts_with(&[0x16, 0x03])
                    && r.get(5) == Some(&0x01)
            })
            .map(|(_, (_, r))| r[11..43].to_vec())
            .collect()
    };
    assert_eq!(hellos(true), vec![attacker_random.clone()]);
    assert_eq!(hellos(false), vec![client_random.clone()]);
    // 2. Two sessions, two master secrets: the server shares its with his client only.
    let master = |key: StepKey, by: Actor| -> Vec<u8> {
        t.steps
            .iter()
            .filter(|st| st.key == key && st.from == by)
            .flat_map(|st| st.derived.iter())
            .find(|d| d.name == ValueId::MasterSecret)
            .map(|d| d.value.clone())
            .unwrap_or_else(|| panic!("a master secret in {key:?} by {by:?}"))
    };
    let client_ms = master(StepKey::DeriveKeysClient, Actor::Client);
    assert_eq!(
        client_ms,
        master(StepKey::MitmReadPreMaster, Actor::Network)
    );
    let server_ms = master(StepKey::DeriveKeysServer, Actor::Server);
    assert_eq!(
        server_ms,
        master(StepKey::ClientKeyExchange, Actor::Network)
    );
    assert_ne!(client_ms, server_ms);
    assert_eq!(t.keylog.lines().count(), 2, "{}", t.keylog);
    // 3. He reads the request and the reply, and re-encrypts each for the other side.
    let relays: Vec<&tlsim_core::Step> = t
        .steps
        .iter()
        .filter(|st| st.key == StepKey::MitmReencrypt)
        .collect();
    // (his note comes first; the receiver's own "reads" note follows on the same step)
    let read = |st: &tlsim_core::Step| -> String {
        st.notes
            .iter()
            .take(1)
            .flat_map(Msg::args)
            .filter_map(|(_, a)| match a {
                Arg::Text(s) => Some(s.as_str()),
                _ => None,
            })
            .collect()
    };
    assert_eq!(relays.len(), 2);
    assert_eq!(
        (relays[0].from, relays[0].to),
        (Actor::Network, Actor::Server)
    );
    assert_eq!(read(relays[0]), s.app_message);
    assert_eq!(
        (relays[1].from, relays[1].to),
        (Actor::Network, Actor::Client)
    );
    assert_eq!(read(relays[1]), s.server_reply);
    // 4. Both honest sides got the other's data (through him).
    let reads = |by: Actor| -> String {
        t.steps
            .iter()
            .flat_map(|st| st.notes.iter())
            .filter(|n| n.args().any(|(_, a)| *a == Arg::Actor(by)))
            .flat_map(Msg::args)
            .filter_map(|(_, a)| match a {
                Arg::Text(s) => Some(s.as_str()),
                _ => None,
            })
            .collect()
    };
    assert!(reads(Actor::Server).contains(&s.app_message));
    assert!(reads(Actor::Client).contains(&s.server_reply));
}

/// RFC 5246 §7.4.7.1: no alert at the pre-master; the server goes on with client_version ||
/// M[2..48], its keys differ from the client's, and the client's Finished record fails the
/// AES-GCM tag check (bad_record_mac), not the Finished check.
#[test]
fn wrong_premaster_version_fails_with_bad_record_mac_on_the_server() {
    let t = run(&with_faults(vec![Fault::WrongPremasterVersion]));
    assert_eq!(failed(&t), (Actor::Server, AlertDescription::BadRecordMac));
    let Outcome::Failed { reason, .. } = &t.outcome else {
        unreachable!()
    };
    assert_eq!(*reason, HsMsg::RecordTagMismatch { seq: 0 }.into());
    let step = |k: StepKey| t.steps.iter().find(|s| s.key == k).unwrap();
    let dec = step(StepKey::DecryptPreMaster);
    assert!(dec
        .checks
        .iter()
        .any(|c| c.name == CheckId::PreMasterVersion && !c.ok));
    assert!(dec.notes.iter().any(|n| matches!(
        HsMsg::of(n),
        Some(HsMsg::PreMasterVersionSubstituted { .. })
    )));
    assert!(step(StepKey::DeriveKeysServer)
        .notes
        .contains(&HsMsg::KeysDiffer {}.into()));
    assert!(!t
        .steps
        .iter()
        .any(|s| s.key == StepKey::VerifyFinishedServer));
}

#[test]
fn client_authentication_succeeds() {
    let t = run(&Scenario {
        client_auth: true,
        ..Scenario::default()
    });
    assert_eq!(t.outcome, Outcome::Success, "{:#?}", t.steps.last());
    for k in [
        StepKey::IssueClientCert,
        StepKey::CertificateRequest,
        StepKey::ClientCertificate,
        StepKey::VerifyClientCert,
        StepKey::CertificateVerify,
        StepKey::VerifyCertificateVerify,
    ] {
        assert!(t.steps.iter().any(|s| s.key == k), "missing {k}");
    }
    let cv = t
        .steps
        .iter()
        .find(|s| s.key == StepKey::VerifyCertificateVerify)
        .unwrap();
    assert!(cv
        .checks
        .iter()
        .all(|c| c.name == CheckId::CertificateVerify && c.ok));
    assert!(t.client_cert_pem.is_some());
}

#[test]
fn without_ems_the_classic_master_secret_is_used() {
    for (c, s) in [(false, true), (true, false), (false, false)] {
        let t = run(&Scenario {
            client_ems: c,
            server_ems: s,
            ..Scenario::default()
        });
        assert_eq!(t.outcome, Outcome::Success);
        assert!(!t.extended_master_secret);
        let ms = t
            .steps
            .iter()
            .find(|s| s.key == StepKey::DeriveKeysClient)
            .unwrap();
        assert!(ms.derived.iter().any(|d| d
            .formula
            .starts_with("PRF(pre_master_secret, \"master secret\"")));
    }
}

#[test]
fn no_common_suite_is_handshake_failure() {
    let t = run(&Scenario {
        offered_suites: vec![0x002f],
        ..Scenario::default()
    });
    assert_eq!(
        failed(&t),
        (Actor::Server, AlertDescription::HandshakeFailure)
    );
}

#[test]
fn fixed_values_are_used() {
    let s = Scenario {
        client_random: Some([1; 32]),
        server_random: Some([2; 32]),
        pre_master: Some([&[3u8, 3][..], &[9; 46]].concat()),
        session_id: Some(vec![]),
        ..Scenario::default()
    };
    let t = run(&s);
    assert_eq!(t.outcome, Outcome::Success);
    assert_eq!(
        derived(&t, StepKey::ClientHello, ValueId::ClientRandom),
        &[1; 32]
    );
    assert_eq!(
        derived(&t, StepKey::ServerHello, ValueId::ServerRandom),
        &[2; 32]
    );
    assert_eq!(
        derived(&t, StepKey::DeriveKeysServer, ValueId::PreMasterSecret),
        s.pre_master.as_deref().unwrap()
    );
}

#[test]
fn invalid_input_is_an_error_not_a_transcript() {
    assert!(simulate(
        &Scenario {
            session_id: Some(vec![0; 33]),
            ..Scenario::default()
        },
        SEED,
        DEFAULT_NOW
    )
    .is_err());
    assert!(simulate(
        &Scenario {
            pre_master: Some(vec![3; 47]),
            ..Scenario::default()
        },
        SEED,
        DEFAULT_NOW
    )
    .is_err());
    assert!(simulate(
        &Scenario {
            extra_trusted_pems: vec!["garbage".into()],
            ..Scenario::default()
        },
        SEED,
        DEFAULT_NOW
    )
    .is_err());
    assert!(simulate(
        &Scenario {
            server_key: tlsim_core::KeySource::Builtin("nope".into()),
            ..Scenario::default()
        },
        SEED,
        DEFAULT_NOW
    )
    .is_err());
}

#[test]
fn same_inputs_same_bytes_and_message_edits_keep_keys() {
    let a = run(&Scenario::default());
    let b = run(&Scenario::default());
    assert_eq!(a, b);
    let c = run(&Scenario {
        app_message: "other".into(),
        ..Scenario::default()
    });
    assert_eq!(
        derived(&a, StepKey::DeriveKeysClient, ValueId::MasterSecret),
        derived(&c, StepKey::DeriveKeysClient, ValueId::MasterSecret)
    );
}
