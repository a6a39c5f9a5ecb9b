//! `tlsim export` and `tlsim run`: artifacts that tshark dissects and decrypts with the key log,
//! certificates `openssl verify` accepts, reproducible output for a fixed seed, faults that end
//! with the right alert (exit 1), usage errors (exit 2).

mod common;
use common::*;
use std::process::Command;

const NOW: &str = "2026-11-23T09:00:00Z";

fn export(dir: &TempDir, extra: &[&str]) -> std::path::PathBuf {
    let out = dir.path("out");
    let r = tlsim()
        .args(["export", "--seed", "01", "--now", NOW, "--out"])
        .arg(&out)
        .args(extra)
        .output()
        .unwrap();
    assert_eq!(
        r.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&r.stderr)
    );
    out
}

fn tshark(out: &std::path::Path, args: &[&str]) -> String {
    let r = Command::new("tshark")
        .arg("-r")
        .arg(out.join("handshake.pcap"))
        .arg("-o")
        .arg(format!(
            "tls.keylog_file:{}",
            out.join("keylog.txt").display()
        ))
        .args(args)
        .output()
        .expect("tshark");
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    String::from_utf8_lossy(&r.stdout).into_owned()
}

/// Handshake types per frame, as tshark decodes them (encrypted Finished included).
fn handshake_types(out: &std::path::Path) -> Vec<String> {
    tshark(out, &["-T", "fields", "-e", "tls.handshake.type"])
        .lines()
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect()
}

fn no_malformed_or_warnings(out: &std::path::Path) {
    let v = tshark(out, &["-V"]);
    assert!(!v.contains("Malformed"), "malformed packet:\n{v}");
    let e = tshark(out, &["-q", "-z", "expert"]);
    assert!(!e.contains("Errors (") && !e.contains("Warns ("), "{e}");
}

#[test]
fn export_writes_artifacts_tshark_decrypts_them() {
    let dir = TempDir::new("export");
    let out = export(
        &dir,
        &[
            "--message",
            "GET /lesson-3 HTTP/1.1\r\nHost: www.example.com\r\n\r\n",
        ],
    );
    for f in [
        "ca.pem",
        "server.pem",
        "server-key.pem",
        "transcript.json",
        "transcript.md",
        "keylog.txt",
        "handshake.pcap",
    ] {
        assert!(out.join(f).is_file(), "{f} missing");
    }
    // ClientHello, ServerHello, Certificate, ServerHelloDone, ClientKeyExchange, Finished, Finished
    assert_eq!(
        handshake_types(&out),
        ["1", "2", "11", "14", "16", "20", "20"]
    );
    no_malformed_or_warnings(&out);
    let v = tshark(&out, &["-V"]);
    assert!(
        v.contains("Request URI: /lesson-3"),
        "decrypted application data (client):\n{v}"
    );
    assert!(
        v.contains("HTTP/1.1 200 OK"),
        "decrypted application data (server)"
    );
    assert!(
        v.contains("Description: Close Notify (0)"),
        "decrypted close_notify"
    );
    assert!(v.contains("Extension: extended_master_secret"));
    // Certificates: openssl verify accepts them.
    let r = Command::new("openssl")
        .args([
            "verify",
            "-x509_strict",
            "-purpose",
            "sslserver",
            "-attime",
            "1795424400",
        ])
        .args(["-verify_hostname", "www.example.com", "-CAfile"])
        .arg(out.join("ca.pem"))
        .arg(out.join("server.pem"))
        .output()
        .unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stdout));
    // The key matches the certificate.
    let m = |args: &[&str], f: &str| {
        let r = Command::new("openssl")
            .args(args)
            .arg(out.join(f))
            .output()
            .unwrap();
        String::from_utf8_lossy(&r.stdout).into_owned()
    };
    assert_eq!(
        m(&["x509", "-noout", "-modulus", "-in"], "server.pem"),
        m(&["rsa", "-noout", "-modulus", "-in"], "server-key.pem")
    );
    // JSON and Markdown.
    let t: serde_json::Value = serde_json::from_str(&read(&out.join("transcript.json"))).unwrap();
    assert_eq!(t["outcome"]["result"], "success");
    let md = read(&out.join("transcript.md"));
    assert!(
        md.starts_with("# TLS 1.2 handshake\n") && md.contains("**master_secret**"),
        "{md}"
    );
    assert!(read(&out.join("keylog.txt")).starts_with("CLIENT_RANDOM "));
}

#[test]
fn dhe_and_ecdhe_exports_dissect_and_decrypt_with_the_key_log() {
    for (kx, group, cipher, field) in [
        (
            "ecdhe",
            "x25519",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "tls.handshake.server_point",
        ),
        (
            "ecdhe",
            "secp256r1",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "tls.handshake.server_point",
        ),
        (
            "dhe",
            "ffdhe2048",
            "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
            "tls.handshake.ys",
        ),
    ] {
        for ems in [true, false] {
            let dir = TempDir::new("export-kx");
            let mut extra = vec!["--kx", kx, "--group", group];
            if !ems {
                extra.push("--no-ems");
            }
            let out = export(&dir, &extra);
            // ... ServerKeyExchange (12) after the Certificate.
            assert_eq!(
                handshake_types(&out),
                ["1", "2", "11", "12", "14", "16", "20", "20"],
                "{kx} {group}"
            );
            no_malformed_or_warnings(&out);
            let v = tshark(&out, &["-V"]);
            assert!(
                v.contains(&format!("Cipher Suite: {cipher}")),
                "{kx}: {cipher}"
            );
            assert!(
                v.contains("HTTP/1.1 200 OK"),
                "{kx} {group} ems={ems}: decrypted"
            );
            let public = tshark(
                &out,
                &[
                    "-Y",
                    "tls.handshake.type == 12",
                    "-T",
                    "fields",
                    "-e",
                    field,
                ],
            );
            assert!(
                public.trim().len() >= 64,
                "{kx} {group}: {field} = {public:?}"
            );
        }
    }
}

#[test]
fn export_without_ems_and_with_client_auth_dissects() {
    let dir = TempDir::new("export-noems");
    let out = export(&dir, &["--no-ems"]);
    assert_eq!(
        handshake_types(&out),
        ["1", "2", "11", "14", "16", "20", "20"]
    );
    no_malformed_or_warnings(&out);
    assert!(!tshark(&out, &["-V"]).contains("Extension: extended_master_secret"));
    assert!(tshark(&out, &["-V"]).contains("HTTP/1.1 200 OK"));

    let dir = TempDir::new("export-clientauth");
    let out = export(&dir, &["--client-auth"]);
    // ... CertificateRequest (13), client Certificate (11), CertificateVerify (15)
    assert_eq!(
        handshake_types(&out),
        ["1", "2", "11", "13", "14", "11", "16", "15", "20", "20"]
    );
    no_malformed_or_warnings(&out);
    assert!(tshark(&out, &["-V"]).contains("HTTP/1.1 200 OK"));
    assert!(out.join("client.pem").is_file());
}

#[test]
fn a_failed_session_still_exports_a_clean_capture() {
    let dir = TempDir::new("export-fail");
    let out = dir.path("out");
    let r = tlsim()
        .args([
            "export",
            "--seed",
            "01",
            "--now",
            NOW,
            "--no-trust-ca",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(1), "the handshake fails: exit 1");
    assert_eq!(handshake_types(&out), ["1", "2", "11"]);
    no_malformed_or_warnings(&out);
    assert!(tshark(&out, &[]).contains("Alert (Level: Fatal, Description: Unknown CA)"));
    assert_eq!(
        read(&out.join("keylog.txt")),
        "",
        "no master secret was derived"
    );
}

#[test]
fn same_seed_same_bytes() {
    let a = TempDir::new("det-a");
    let b = TempDir::new("det-b");
    let (oa, ob) = (export(&a, &[]), export(&b, &[]));
    for f in [
        "ca.pem",
        "server.pem",
        "transcript.json",
        "transcript.md",
        "keylog.txt",
        "handshake.pcap",
    ] {
        assert_eq!(
            std::fs::read(oa.join(f)).unwrap(),
            std::fs::read(ob.join(f)).unwrap(),
            "{f} differs"
        );
    }
    // The text run prints the seed and time so a run can be repeated.
    let r = tlsim()
        .args(["run", "--seed", "01", "--now", NOW])
        .output()
        .unwrap();
    let s = String::from_utf8_lossy(&r.stdout);
    assert!(
        s.starts_with(
            "seed 0000000000000000000000000000000000000000000000000000000000000001  now 1795424400"
        ),
        "{s}"
    );
    assert!(s.contains("Outcome: success"));
    // No seed: OS randomness, two runs differ.
    let x = tlsim()
        .args(["run", "--format", "json", "--now", NOW])
        .output()
        .unwrap();
    let y = tlsim()
        .args(["run", "--format", "json", "--now", NOW])
        .output()
        .unwrap();
    assert_ne!(x.stdout, y.stdout);
}

/// Run a scenario; returns (exit code, outcome JSON).
fn run(args: &[&str]) -> (Option<i32>, serde_json::Value) {
    let r = tlsim()
        .args(["run", "--seed", "02", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let v = serde_json::from_slice(&r.stdout)
        .unwrap_or_else(|e| panic!("{args:?}: {e}: {}", String::from_utf8_lossy(&r.stderr)));
    (r.status.code(), v)
}

#[test]
fn faults_end_with_the_right_alert() {
    let cases: [(&[&str], &str, &str); 8] = [
        (
            &["--fault", "forged-signature"],
            "client",
            "bad_certificate",
        ),
        (&["--fault", "mitm"], "client", "unknown_ca"),
        (&["--no-trust-ca"], "client", "unknown_ca"),
        (&["--host", "evil.example"], "client", "certificate_unknown"),
        (
            &["--now", "2029-01-01T00:00:00Z"],
            "client",
            "certificate_expired",
        ),
        (
            // not yet valid: bad_certificate, as OpenSSL's client sends (issue 12)
            &["--now", "2025-06-01T00:00:00Z"],
            "client",
            "bad_certificate",
        ),
        (
            &["--fault", "wrong-pms-version"],
            "server",
            "bad_record_mac",
        ),
        (&["--fault", "flip:6:8"], "server", "bad_record_mac"),
    ];
    for (args, by, alert) in cases {
        let mut a = args.to_vec();
        if !args.contains(&"--now") {
            a.extend(["--now", NOW]);
        }
        let (code, v) = run(&a);
        assert_eq!(code, Some(1), "{args:?}: {v}");
        assert_eq!(v["outcome"]["result"], "failed", "{args:?}");
        assert_eq!(v["outcome"]["by"], by, "{args:?}: {}", v["outcome"]);
        assert_eq!(v["outcome"]["alert"], alert, "{args:?}: {}", v["outcome"]);
    }
    // A scenario with its own certificate details and fresh 512-bit keys (small: fast, insecure).
    let (code, v) = run(&[
        "--now",
        NOW,
        "--key-bits",
        "512",
        "--ca-name",
        "Course CA",
        "--server-name",
        "shop.test",
        "--san",
        "shop.test",
        "--san",
        "*.shop.test",
        "--host",
        "api.shop.test",
        "--not-before",
        "2026-06-01T00:00:00Z",
        "--not-after",
        "1830297600",
    ]);
    assert_eq!(code, Some(0), "{}", v["outcome"]);
    assert!(v["server_cert_pem"]
        .as_str()
        .unwrap()
        .starts_with("-----BEGIN CERTIFICATE-----"));
}

#[test]
fn markdown_and_usage_errors() {
    let r = tlsim()
        .args(["run", "--seed", "03", "--now", NOW, "--format", "markdown"])
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(0));
    let md = String::from_utf8_lossy(&r.stdout);
    assert!(
        md.contains("| # | Who | Step | Bytes | Result |") && md.contains("**Outcome:** success"),
        "{md}"
    );
    for bad in [
        &["run", "--seed", "xyz"][..],
        &["run", "--now", "yesterday"],
        &["run", "--fault", "flop"],
        &["run", "--key-bits", "100"],
        &["run", "--format", "yaml"],
    ] {
        let r = tlsim().args(bad).output().unwrap();
        assert_eq!(
            r.status.code(),
            Some(2),
            "{bad:?}: {}",
            String::from_utf8_lossy(&r.stdout)
        );
        assert!(!r.stderr.is_empty());
    }
}
