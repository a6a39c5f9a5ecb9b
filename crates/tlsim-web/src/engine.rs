//! The one door to the core. TEMPORARY: until `tlsim_core::simulate` lands, a placeholder
//! transcript with the right shape (no real bytes) lets the page be built and tested.

use tlsim_core::error::AlertDescription;
use tlsim_core::{Actor, Check, Derived, Error, Field, Outcome, Scenario, Step, StepKind, Transcript};

/// Run one session.
pub fn simulate(s: &Scenario, seed: [u8; 32], now: i64) -> Result<Transcript, Error> {
    placeholder(s, seed, now)
}

fn step(key: &str, title: &str, kind: StepKind, from: Actor, to: Actor, n: usize) -> Step {
    let bytes: Vec<u8> = (0..n).map(|i| (i * 7 + key.len()) as u8).collect();
    let fields = if n >= 9 {
        vec![
            Field { name: "type".into(), offset: 0, len: 1, meaning: "handshake (22)".into(), depth: 0 },
            Field { name: "version".into(), offset: 1, len: 2, meaning: "TLS 1.2".into(), depth: 0 },
            Field { name: "length".into(), offset: 3, len: 2, meaning: format!("{}", n - 5), depth: 0 },
            Field { name: "body".into(), offset: 5, len: n - 5, meaning: "the message".into(), depth: 1 },
            Field { name: "random".into(), offset: 9, len: (n - 9).min(32), meaning: "32 bytes".into(), depth: 2 },
        ]
    } else {
        Vec::new()
    };
    Step {
        key: key.into(),
        title: title.into(),
        kind,
        from,
        to,
        bytes,
        fields,
        derived: Vec::new(),
        checks: Vec::new(),
        note: format!("Placeholder for {title}: the core's simulate() has not landed yet."),
        alert: None,
    }
}

fn placeholder(s: &Scenario, seed: [u8; 32], now: i64) -> Result<Transcript, Error> {
    use Actor::*;
    use StepKind::*;
    if s.offered_suites.is_empty() {
        return Err(Error::input("offered_suites", "offer at least one suite"));
    }
    let mut steps = vec![
        step("issue_server_cert", "CA issues the server certificate", Issue, Server, Ca, 120),
        step("client_hello", "ClientHello", Message, Client, Server, 80 + seed[0] as usize % 4),
        step("server_hello", "ServerHello", Message, Server, Client, 90),
        step("certificate", "Certificate", Message, Server, Client, 300),
    ];
    if s.client_auth {
        steps.push(step("certificate_request", "CertificateRequest", Message, Server, Client, 40));
    }
    steps.push(step("server_hello_done", "ServerHelloDone", Message, Server, Client, 9));
    let mut v = step("verify_server_cert", "Client verifies the certificate", Compute, Client, Client, 0);
    let host_ok = s.server_sans.contains(&s.client_host);
    let time_ok = s.not_before <= now && now <= s.not_after;
    v.checks = vec![
        Check { name: "chain".into(), ok: s.trust_issuing_ca, detail: "issuer in trust store".into() },
        Check { name: "validity".into(), ok: time_ok, detail: format!("now = {now}") },
        Check { name: "host_name".into(), ok: host_ok, detail: format!("{} in SANs?", s.client_host) },
    ];
    let fail = if !s.trust_issuing_ca {
        Some(AlertDescription::UnknownCa)
    } else if !time_ok {
        Some(AlertDescription::CertificateExpired)
    } else if !host_ok {
        Some(AlertDescription::CertificateUnknown)
    } else {
        None
    };
    steps.push(v);
    if let Some(alert) = fail {
        let idx = steps.len() - 1;
        let mut a = step("alert", "Alert", Alert, Client, Server, 7);
        a.alert = Some(alert);
        steps.push(a);
        return Ok(Transcript {
            steps,
            outcome: Outcome::Failed { by: Client, alert, reason: "placeholder".into(), step: idx },
            cipher_suite: None,
            extended_master_secret: false,
            ca_pem: String::new(),
            server_cert_pem: String::new(),
            server_key_pem: String::new(),
            client_cert_pem: None,
            keylog: String::new(),
            wire: Vec::new(),
        });
    }
    steps.push(step("client_key_exchange", "ClientKeyExchange", Message, Client, Server, 267));
    let mut d = step("derive_keys_client", "Client derives the keys", Compute, Client, Client, 0);
    d.derived = vec![Derived {
        name: "master_secret".into(),
        formula: "PRF(pre_master_secret, \"master secret\", client_random + server_random)[0..48]".into(),
        inputs: vec![("pre_master_secret".into(), "0303ab…".into())],
        value: vec![0xab; 48],
    }];
    steps.push(d);
    for (k, t, f, to) in [
        ("decrypt_pre_master", "Server decrypts the pre-master", Server, Server),
        ("derive_keys_server", "Server derives the keys", Server, Server),
    ] {
        steps.push(step(k, t, Compute, f, to, 0));
    }
    for (k, t, f, to, n) in [
        ("change_cipher_spec_client", "ChangeCipherSpec", Client, Server, 6),
        ("finished_client", "Finished", Client, Server, 45),
        ("change_cipher_spec_server", "ChangeCipherSpec", Server, Client, 6),
        ("finished_server", "Finished", Server, Client, 45),
        ("app_data_client", "Application data", Client, Server, 80),
        ("app_data_server", "Application data", Server, Client, 80),
        ("close_notify_client", "Alert close_notify", Client, Server, 31),
        ("close_notify_server", "Alert close_notify", Server, Client, 31),
    ] {
        steps.push(step(k, t, Message, f, to, n));
    }
    Ok(Transcript {
        steps,
        outcome: Outcome::Success,
        cipher_suite: Some(0x009c),
        extended_master_secret: s.client_ems,
        ca_pem: String::new(),
        server_cert_pem: String::new(),
        server_key_pem: String::new(),
        client_cert_pem: None,
        keylog: String::new(),
        wire: Vec::new(),
    })
}
