//! Markdown export of a hand-made transcript: summary table, fields, formulas, checks, outcome.

use tlsim_core::error::AlertDescription;
use tlsim_core::export::{json, markdown};
use tlsim_core::{Actor, Check, Derived, Field, Outcome, Step, StepKind, Transcript};

fn step(key: &str, title: &str, from: Actor, to: Actor, kind: StepKind) -> Step {
    Step {
        key: key.into(),
        title: title.into(),
        kind,
        from,
        to,
        bytes: Vec::new(),
        fields: Vec::new(),
        derived: Vec::new(),
        checks: Vec::new(),
        note: String::new(),
        alert: None,
    }
}

fn transcript() -> Transcript {
    let mut hello = step(
        "client_hello",
        "ClientHello",
        Actor::Client,
        Actor::Server,
        StepKind::Message,
    );
    hello.bytes = vec![0x16, 0x03, 0x01, 0x00, 0x2f];
    hello.fields = vec![
        Field {
            name: "content_type".into(),
            offset: 0,
            len: 1,
            meaning: "handshake (22)".into(),
            depth: 0,
        },
        Field {
            name: "length".into(),
            offset: 3,
            len: 2,
            meaning: "47 | bytes".into(),
            depth: 1,
        },
    ];
    hello.note = "The client offers\nthree suites.".into();
    let mut keys = step(
        "derive_keys_client",
        "Derive keys",
        Actor::Client,
        Actor::Client,
        StepKind::Compute,
    );
    keys.derived = vec![Derived {
        name: "master_secret".into(),
        formula: "PRF(pre_master_secret, \"master secret\", client_random + server_random)[0..48]"
            .into(),
        inputs: vec![("pre_master_secret".into(), "0303ab".into())],
        value: vec![0xde, 0xad],
    }];
    let mut verify = step(
        "verify_server_cert",
        "Verify certificate",
        Actor::Client,
        Actor::Client,
        StepKind::Compute,
    );
    verify.checks = vec![
        Check {
            name: "chain".into(),
            ok: true,
            detail: "issuer trusted".into(),
        },
        Check {
            name: "validity".into(),
            ok: false,
            detail: "expired".into(),
        },
    ];
    let mut alert = step(
        "alert",
        "Alert",
        Actor::Client,
        Actor::Server,
        StepKind::Alert,
    );
    alert.alert = Some(AlertDescription::CertificateExpired);
    Transcript {
        steps: vec![hello, keys, verify, alert],
        outcome: Outcome::Failed {
            by: Actor::Client,
            alert: AlertDescription::CertificateExpired,
            reason: "expired".into(),
            step: 3,
        },
        cipher_suite: Some(0x009c),
        extended_master_secret: true,
        ca_pem: String::new(),
        server_cert_pem: String::new(),
        server_key_pem: String::new(),
        client_cert_pem: None,
        keylog: "CLIENT_RANDOM 00 11".into(),
        wire: vec![(true, vec![0; 5])],
    }
}

#[test]
fn markdown_has_table_fields_formulas_checks_outcome() {
    let md = markdown(&transcript());
    println!("{md}");
    assert!(md.starts_with("# TLS 1.2 handshake, RSA key exchange\n"));
    assert!(md.contains("**Outcome:** failed: Client sent the fatal alert `certificate_expired` (45) at step 4: expired"));
    assert!(md.contains("- Cipher suite: 0x009c TLS_RSA_WITH_AES_128_GCM_SHA256"));
    assert!(
        md.contains("| 1 | Client → Server | ClientHello | 5 |  |"),
        "{md}"
    );
    assert!(
        md.contains("| 2 | Client | Derive keys | 0 | master_secret |"),
        "{md}"
    );
    assert!(
        md.contains("| 3 | Client | Verify certificate | 0 | ✗ validity |"),
        "{md}"
    );
    assert!(
        md.contains("| 4 | Client → Server | Alert | 0 | alert certificate_expired |"),
        "{md}"
    );
    assert!(
        md.contains("| content_type | 0 | 1 | `16` | handshake (22) |"),
        "{md}"
    );
    assert!(
        md.contains("| · length | 3 | 2 | `002f` | 47 \\| bytes |"),
        "pipes escaped: {md}"
    );
    assert!(md.contains("The client offers\\nthree suites."));
    assert!(md.contains("**master_secret** = `PRF(pre_master_secret, \"master secret\", client_random + server_random)[0..48]`"));
    assert!(md.contains("- pre_master_secret = `0303ab`\n- **result** = `dead`"));
    assert!(md.contains("- ✓ **chain**: issuer trusted\n- ✗ **validity**: expired"));
    assert!(md.contains("```text\nCLIENT_RANDOM 00 11\n```"));
}

#[test]
fn json_is_the_serde_form() {
    let j = json(&transcript());
    let v: serde_json::Value = serde_json::from_str(&j).unwrap();
    assert_eq!(v["steps"][0]["bytes"], "160301002f");
    assert_eq!(v["outcome"]["result"], "failed");
    assert_eq!(v["cipher_suite"], 156);
}
