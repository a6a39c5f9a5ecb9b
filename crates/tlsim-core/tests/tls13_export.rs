//! TLS 1.3 exports (issue 15): the NSS key log of a simulated session (the four traffic
//! secrets, each equal to the value the client derived) and its pcap, which a real tshark
//! decrypts with that key log: it sees the encrypted handshake (EncryptedExtensions,
//! Certificate, CertificateVerify, Finished) and both application data messages. Without the
//! key log it sees none of them. Builtin 2048-bit teaching keys.

use std::process::Command;
use tlsim_core::export::pcap_legs_at;
use tlsim_core::scenario::{force_hello_retry, DEFAULT_NOW};
use tlsim_core::{simulate, Outcome, Scenario, StepKey, TlsVersion, Transcript, ValueId};

fn run(s: &Scenario) -> Transcript {
    let t = simulate(s, [3; 32], DEFAULT_NOW).expect("a transcript");
    assert_eq!(t.outcome, Outcome::Success);
    t
}

fn tls13() -> Scenario {
    Scenario {
        version: TlsVersion::Tls13,
        ..Scenario::default()
    }
}

#[test]
fn key_log_has_the_four_secrets_the_client_derived() {
    let t = run(&tls13());
    let lines: Vec<&str> = t.keylog.lines().collect();
    assert_eq!(lines.len(), 4, "{}", t.keylog);
    let ch = t
        .steps
        .iter()
        .find(|s| s.key == StepKey::ClientHello13)
        .unwrap();
    let random = hex::encode(&ch.bytes[11..43]);
    for (line, (label, id)) in lines.iter().zip([
        (
            "CLIENT_HANDSHAKE_TRAFFIC_SECRET",
            ValueId::ClientHandshakeTrafficSecret,
        ),
        (
            "SERVER_HANDSHAKE_TRAFFIC_SECRET",
            ValueId::ServerHandshakeTrafficSecret,
        ),
        (
            "CLIENT_TRAFFIC_SECRET_0",
            ValueId::ClientApplicationTrafficSecret,
        ),
        (
            "SERVER_TRAFFIC_SECRET_0",
            ValueId::ServerApplicationTrafficSecret,
        ),
    ]) {
        let parts: Vec<&str> = line.split(' ').collect();
        assert_eq!(parts.len(), 3, "{line}");
        assert_eq!(parts[0], label);
        assert_eq!(parts[1], random);
        // the server derived the same value, independently
        let server = t
            .steps
            .iter()
            .filter(|s| s.from == tlsim_core::Actor::Server)
            .flat_map(|s| &s.derived)
            .find(|d| d.name == id)
            .unwrap();
        assert_eq!(parts[2], hex::encode(&server.value), "{label}");
        assert_eq!(parts[2].len(), 64);
    }
}

/// tshark's one-line-per-field view of a pcap, with the key log or without.
fn tshark(t: &Transcript, tag: &str, keylog: bool) -> String {
    let dir = std::env::temp_dir();
    let pcap_path = dir.join(format!("tlsim13-{tag}-{}.pcap", std::process::id()));
    let log_path = dir.join(format!("tlsim13-{tag}-{}.keys", std::process::id()));
    std::fs::write(
        &pcap_path,
        pcap_legs_at(&t.wire, &t.server_leg, DEFAULT_NOW),
    )
    .unwrap();
    std::fs::write(&log_path, &t.keylog).unwrap();
    let mut cmd = Command::new("tshark");
    cmd.arg("-r").arg(&pcap_path);
    if keylog {
        cmd.arg("-o")
            .arg(format!("tls.keylog_file:{}", log_path.display()));
    }
    let out = cmd
        .args(["-V", "-x", "-o", "tcp.check_checksum:TRUE", "-Y", "tls"])
        .output()
        .expect("tshark (apt install tshark)");
    let _ = std::fs::remove_file(&pcap_path);
    let _ = std::fs::remove_file(&log_path);
    assert!(
        out.status.success(),
        "tshark: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn check_decrypts(s: &Scenario, tag: &str) {
    let t = run(s);
    let v = tshark(&t, tag, true);
    assert!(!v.contains("Malformed"), "{v}");
    for want in [
        "Handshake Type: Client Hello (1)",
        "Handshake Type: Server Hello (2)",
        "Handshake Type: Encrypted Extensions (8)",
        "Handshake Type: Certificate (11)",
        "Handshake Type: Certificate Verify (15)",
        "Handshake Type: Finished (20)",
        "Supported Version: TLS 1.3 (0x0304)",
    ] {
        assert!(v.contains(want), "{tag}: no {want:?} in tshark's output");
    }
    // Both Finished messages (server's and client's) decrypted.
    assert_eq!(
        v.matches("Handshake Type: Finished (20)").count(),
        2,
        "{tag}"
    );
    // The application data, decrypted: the request and the reply, in the clear.
    assert!(v.contains("GET / HTTP/1.1"), "{tag}: request not decrypted");
    assert!(v.contains("HTTP/1.1 200 OK"), "{tag}: reply not decrypted");
    // Without the key log, tshark sees none of it.
    let blind = tshark(&t, &format!("{tag}-blind"), false);
    assert!(!blind.contains("Handshake Type: Certificate (11)"));
    assert!(!blind.contains("GET / HTTP/1.1"));
}

#[test]
fn tshark_decrypts_the_handshake_and_the_data_x25519() {
    check_decrypts(&tls13(), "x25519");
}

#[test]
fn tshark_decrypts_after_a_hello_retry_request() {
    let mut s = Scenario::default();
    force_hello_retry(&mut s);
    check_decrypts(&s, "hrr");
}
