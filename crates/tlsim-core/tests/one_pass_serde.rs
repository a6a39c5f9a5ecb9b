//! The tagged enums read in one pass (issue 11, `tag_first.rs` and `Fault`'s `Deserialize`):
//! the same JSON text as serde's `tag = "..."` both ways, and clear errors (never a panic) for
//! what they refuse.

use std::path::PathBuf;
use tlsim_core::math::Math;
use tlsim_core::scenario::KxFault;
use tlsim_core::scenario::{ResumeFault, Tls13Fault, DEFAULT_NOW};
use tlsim_core::{simulate, CertFault, Fault, Outcome, Scenario, StepKey, TlsVersion, Transcript};

fn golden(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(format!("{name}.json"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The golden transcripts (written by serde's derive before this change, and checked against
/// the engine's output by `golden.rs`) read back and write the very same text.
#[test]
fn golden_transcripts_read_back_to_the_same_text() {
    for name in [
        "default",
        "client_auth_no_ems",
        "flipped_finished",
        "tls13_default",
        "tls13_hello_retry",
    ] {
        let want = golden(name);
        let t: Transcript = serde_json::from_str(&want).unwrap_or_else(|e| panic!("{name}: {e}"));
        let again = serde_json::to_string_pretty(&t).expect("serializable") + "\n";
        assert!(again == want, "{name}: the text changed");
        // The tagged enums are there: a failure, and every kind of math the engine attaches.
        let kinds: Vec<&str> = t
            .steps
            .iter()
            .flat_map(|s| &s.derived)
            .filter_map(|d| d.math.as_deref())
            .map(|m| match m {
                Math::RsaEncrypt { .. } => "rsa_encrypt",
                Math::RsaDecrypt { .. } => "rsa_decrypt",
                Math::RsaSign { .. } => "rsa_sign",
                Math::RsaVerify { .. } => "rsa_verify",
                Math::Prf { .. } => "prf",
                Math::TranscriptHash { .. } => "transcript_hash",
                Math::Gcm { .. } => "gcm",
            })
            .collect();
        assert!(!kinds.is_empty(), "{name}: no math");
        if name == "default" {
            for k in [
                "rsa_encrypt",
                "rsa_decrypt",
                "rsa_sign",
                "rsa_verify",
                "prf",
                "gcm",
            ] {
                assert!(kinds.contains(&k), "{name}: no {k} in {kinds:?}");
                // The tag is written first, as serde's derive wrote it.
                assert!(
                    want.contains(&format!("\"math\": {{\n            \"kind\": \"{k}\",")),
                    "{name}: {k}"
                );
            }
        }
        if name == "flipped_finished" {
            assert!(matches!(t.outcome, Outcome::Failed { .. }));
            assert!(want.contains("\"outcome\": {\n    \"result\": \"failed\",\n    \"by\": "));
        }
    }
}

/// Every kind of outcome and math from real runs (TLS 1.2 and 1.3, successes and failures)
/// round-trips equal, compact and pretty.
#[test]
fn transcripts_of_faulty_runs_round_trip_equal() {
    let mut outcomes = [false; 3];
    for version in TlsVersion::ALL {
        for fault in every_fault() {
            let s = Scenario {
                version,
                faults: vec![fault.clone()],
                ..Scenario::default()
            };
            let Ok(t) = simulate(&s, [7; 32], DEFAULT_NOW) else {
                continue;
            };
            outcomes[match t.outcome {
                Outcome::Success => 0,
                Outcome::Failed { .. } => 1,
                Outcome::Refused { .. } => 2,
            }] = true;
            let text = serde_json::to_string(&t).expect("json");
            let back: Transcript = serde_json::from_str(&text).expect("reads back");
            assert!(back == t, "{version:?} {fault:?}");
            assert_eq!(serde_json::to_string(&back).expect("json"), text);
            let pretty: Transcript =
                serde_json::from_str(&serde_json::to_string_pretty(&t).expect("json"))
                    .expect("reads back");
            assert!(pretty == t, "{version:?} {fault:?} (pretty)");
        }
    }
    assert_eq!(outcomes, [true; 3], "success, failed, refused all seen");
}

/// Every fault the core knows: the match makes a new variant a compile error here.
fn every_fault() -> Vec<Fault> {
    let mut all = vec![
        Fault::ForgedSignature,
        Fault::ManInTheMiddle,
        Fault::FlipByte {
            record: 3,
            offset: 9,
        },
        Fault::WrongPremasterVersion,
    ];
    all.extend(
        StepKey::ALL
            .iter()
            .map(|&step| Fault::FlipInStep { step, offset: 5 }),
    );
    all.extend(CertFault::ALL.map(|cert| Fault::Cert { cert }));
    all.extend(KxFault::ALL.map(|kx| Fault::Kx { kx }));
    all.extend(ResumeFault::ALL.map(|resume| Fault::Resume { resume }));
    all.extend(Tls13Fault::ALL.map(|tls13| Fault::Tls13 { tls13 }));
    for f in &all {
        match f {
            Fault::ForgedSignature
            | Fault::ManInTheMiddle
            | Fault::FlipByte { .. }
            | Fault::FlipInStep { .. }
            | Fault::WrongPremasterVersion
            | Fault::Cert { .. }
            | Fault::Kx { .. }
            | Fault::Resume { .. }
            | Fault::Tls13 { .. } => {}
        }
    }
    all
}

/// Every fault round-trips, from our text and from the same object with its keys sorted (a
/// share link's scenario goes through a `serde_json::Value` map, which sorts them).
#[test]
fn every_fault_round_trips_in_any_key_order() {
    for f in every_fault() {
        let text = serde_json::to_string(&f).expect("json");
        assert!(text.starts_with("{\"kind\":"), "{text}");
        assert_eq!(serde_json::from_str::<Fault>(&text).expect(&text), f);
        let sorted = serde_json::from_str::<serde_json::Value>(&text)
            .expect("json")
            .to_string();
        assert_eq!(serde_json::from_str::<Fault>(&sorted).expect(&sorted), f);
    }
    // The text is serde's internally tagged form, as before.
    for (f, want) in [
        (Fault::ForgedSignature, r#"{"kind":"forged_signature"}"#),
        (
            Fault::FlipByte {
                record: 3,
                offset: 9,
            },
            r#"{"kind":"flip_byte","record":3,"offset":9}"#,
        ),
        (
            Fault::FlipInStep {
                step: StepKey::FinishedClient,
                offset: 12,
            },
            r#"{"kind":"flip_in_step","step":"finished_client","offset":12}"#,
        ),
        (
            Fault::Cert {
                cert: CertFault::SelfSigned,
            },
            r#"{"kind":"cert","cert":"self_signed"}"#,
        ),
        (
            Fault::Tls13 {
                tls13: Tls13Fault::Downgrade,
            },
            r#"{"kind":"tls13","tls13":"downgrade"}"#,
        ),
    ] {
        assert_eq!(serde_json::to_string(&f).expect("json"), want);
    }
    // Keys of other variants and unknown keys are not used.
    assert_eq!(
        serde_json::from_str::<Fault>(r#"{"offset":1,"kind":"forged_signature","x":[1]}"#)
            .expect("read"),
        Fault::ForgedSignature
    );
}

/// The serde error's text, which must name what is wrong.
fn fault_error(json: &str) -> String {
    serde_json::from_str::<Fault>(json)
        .expect_err(json)
        .to_string()
}

#[test]
fn a_bad_fault_is_a_clear_error() {
    for (json, says) in [
        (
            r#"{"kind":"flip_bytes","record":1,"offset":2}"#,
            "unknown variant `flip_bytes`",
        ),
        (r#"{"record":1,"offset":2}"#, "missing field `kind`"),
        (
            r#"{"kind":"flip_byte","record":1}"#,
            "missing field `offset`",
        ),
        (
            r#"{"kind":"flip_in_step","offset":1}"#,
            "missing field `step`",
        ),
        (r#"{"kind":"cert"}"#, "missing field `cert`"),
        (
            r#"{"kind":"cert","cert":"expird"}"#,
            "unknown variant `expird`",
        ),
        (r#"{"kind":"kx","kx":7}"#, "expected value"),
        (
            r#"{"kind":"flip_byte","record":-1,"offset":2}"#,
            "invalid value",
        ),
        (
            r#"{"kind":"tls13","kind":"tls13","tls13":"expired"}"#,
            "duplicate field `kind`",
        ),
        (r#""forged_signature""#, "invalid type"),
        ("{}", "missing field `kind`"),
    ] {
        let e = fault_error(json);
        assert!(e.contains(says), "{json}: {e}");
    }
}

/// Math and Outcome come only from our own serializer (the worker's replies, the JSON export):
/// the tag must be first, and anything else is an error that says so.
#[test]
fn tag_not_first_or_unknown_is_an_error() {
    let ok = r#"{"kind":"transcript_hash","alg":"sha256","messages":[{"typ":1,"offset":0,"len":4}],"total":4}"#;
    let m: Math = serde_json::from_str(ok).expect("tag first");
    assert_eq!(serde_json::to_string(&m).expect("json"), ok);
    for (json, says) in [
        (
            r#"{"alg":"sha256","kind":"transcript_hash","messages":[],"total":4}"#,
            "the tag `kind` must be the first key, found `alg`",
        ),
        (
            r#"{"kind":"sha256_hash","total":4}"#,
            "unknown variant `sha256_hash`",
        ),
        (
            r#"{"kind":"transcript_hash","alg":"sha256","total":4}"#,
            "missing field `messages`",
        ),
        (
            r#"{"kind":"transcript_hash","alg":"md5","messages":[],"total":4}"#,
            "unknown variant `md5`",
        ),
        (r#"{"kind":7}"#, "expected value"),
        ("{}", "missing field `kind`"),
        ("[]", "invalid type: sequence"),
        (r#""gcm""#, "invalid type: string"),
        ("{\"kind\":\"gcm\"", "EOF"),
    ] {
        let e = serde_json::from_str::<Math>(json)
            .expect_err(json)
            .to_string();
        assert!(e.contains(says), "{json}: {e}");
    }

    assert_eq!(
        serde_json::from_str::<Outcome>(r#"{"result":"success"}"#).expect("read"),
        Outcome::Success
    );
    // A variant without fields ignores other keys, as serde's derive did.
    assert_eq!(
        serde_json::from_str::<Outcome>(r#"{"result":"success","step":3}"#).expect("read"),
        Outcome::Success
    );
    for (json, says) in [
        (
            r#"{"by":"server","result":"failed"}"#,
            "the tag `result` must be the first key, found `by`",
        ),
        (r#"{"result":"passed"}"#, "unknown variant `passed`"),
        (
            r#"{"result":"refused","by":"ca","step":0}"#,
            "missing field `reason`",
        ),
        (
            r#"{"kind":"success"}"#,
            "the tag `result` must be the first key, found `kind`",
        ),
    ] {
        let e = serde_json::from_str::<Outcome>(json)
            .expect_err(json)
            .to_string();
        assert!(e.contains(says), "{json}: {e}");
    }
}
