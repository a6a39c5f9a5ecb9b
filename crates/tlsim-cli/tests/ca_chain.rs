//! Issue 12 on the command line: `export` writes server.csr (and intermediate.pem, chain.pem,
//! crl.pem), `--cert-fault NAME` selects each failure, and `serve --chain-depth 2` sends a chain
//! that `openssl s_client -CAfile ca.pem -verify_return_error` accepts on 127.0.0.1.

mod common;
use common::*;
use std::process::Command;

const NOW: &str = "2026-11-23T09:00:00Z";
const NOW_UNIX: &str = "1795424400";

fn export(dir: &TempDir, extra: &[&str]) -> std::process::Output {
    tlsim()
        .args(["export", "--seed", "01", "--now", NOW, "--out"])
        .arg(&dir.0)
        .args(extra)
        .output()
        .unwrap()
}

fn openssl_in(dir: &TempDir, args: &[&str]) -> (bool, String) {
    let o = Command::new("openssl")
        .current_dir(&dir.0)
        .args(args)
        .output()
        .unwrap();
    (
        o.status.success(),
        String::from_utf8_lossy(&o.stdout).to_string() + &String::from_utf8_lossy(&o.stderr),
    )
}

#[test]
fn export_writes_the_csr_the_chain_and_the_crls() {
    let dir = TempDir::new("ca-export");
    let o = export(&dir, &["--chain-depth", "2", "--check-revocation"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let err = String::from_utf8_lossy(&o.stderr);
    for f in [
        "ca.pem",
        "server.csr",
        "server.pem",
        "intermediate.pem",
        "chain.pem",
        "crl.pem",
    ] {
        assert!(dir.path(f).exists(), "{f}");
        assert!(err.contains(f), "{err}");
    }
    assert!(read(&dir.path("server.csr")).starts_with("-----BEGIN CERTIFICATE REQUEST-----"));
    let (_, out) = openssl_in(&dir, &["req", "-verify", "-noout", "-in", "server.csr"]);
    assert!(out.contains("self-signature verify OK"), "{out}");
    let (ok, out) = openssl_in(
        &dir,
        &[
            "verify",
            "-x509_strict",
            "-purpose",
            "sslserver",
            "-verify_hostname",
            "www.example.com",
            "-attime",
            NOW_UNIX,
            "-CAfile",
            "ca.pem",
            "-untrusted",
            "chain.pem",
            "-crl_check_all",
            "-CRLfile",
            "crl.pem",
            "server.pem",
        ],
    );
    assert!(ok, "{out}");
    // Without the intermediate, OpenSSL cannot build the path either.
    let (ok, out) = openssl_in(
        &dir,
        &[
            "verify",
            "-attime",
            NOW_UNIX,
            "-CAfile",
            "ca.pem",
            "server.pem",
        ],
    );
    assert!(
        !ok && out.contains("unable to get local issuer certificate"),
        "{out}"
    );
    // The default export (depth 1, no revocation) writes the CSR but no chain or CRL.
    let dir = TempDir::new("ca-export-default");
    let o = export(&dir, &[]);
    assert_eq!(o.status.code(), Some(0));
    assert!(dir.path("server.csr").exists());
    for f in ["intermediate.pem", "chain.pem", "crl.pem"] {
        assert!(!dir.path(f).exists(), "{f}");
    }
}

#[test]
fn every_cert_fault_name_runs_and_fails_with_its_alert() {
    let cases = [
        ("incomplete-chain", "unknown_ca"),
        ("intermediate-not-ca", "unknown_ca"),
        ("path-len", "unknown_ca"),
        ("self-signed", "unknown_ca"),
        ("sha1-leaf", "bad_certificate"),
        ("sha1-intermediate", "bad_certificate"),
        ("weak-key", "bad_certificate"),
        ("no-san", "certificate_unknown"),
        ("no-server-auth", "unsupported_certificate"),
        ("no-key-encipherment", "unsupported_certificate"),
        ("not-yet-valid", "bad_certificate"),
        ("revoked", "certificate_revoked"),
        ("bad-csr", "refused"),
    ];
    for (name, want) in cases {
        let o = tlsim()
            .args([
                "run",
                "--seed",
                "01",
                "--now",
                NOW,
                "--format",
                "json",
                "--cert-fault",
                name,
            ])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(1), "{name}");
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let got = match v["outcome"]["result"].as_str() {
            Some("refused") => "refused",
            _ => v["outcome"]["alert"].as_str().unwrap_or("none"),
        };
        assert_eq!(got, want, "{name}");
    }
    // In Korean too, with the why-note.
    let o = tlsim()
        .args([
            "run",
            "--seed",
            "01",
            "--now",
            NOW,
            "--lang",
            "ko",
            "--cert-fault",
            "revoked",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("실패 revoked"), "{text}");
    assert!(text.contains("certificate_revoked"), "{text}");
}

#[test]
fn export_of_a_bad_csr_writes_the_csr_and_no_certificate() {
    let dir = TempDir::new("ca-bad-csr");
    let o = export(&dir, &["--cert-fault", "bad-csr"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(dir.path("server.csr").exists() && !dir.path("server.pem").exists());
    let (_, out) = openssl_in(&dir, &["req", "-verify", "-noout", "-in", "server.csr"]);
    assert!(out.contains("verify failure"), "{out}");
}

#[test]
fn an_unknown_cert_fault_is_refused_with_the_names() {
    let o = tlsim()
        .args(["run", "--cert-fault", "sha1"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("incomplete-chain") && err.contains("bad-csr"),
        "{err}"
    );
    let o = tlsim()
        .args(["run", "--chain-depth", "3"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn openssl_s_client_verifies_the_chain_tlsim_serve_sends() {
    let dir = TempDir::new("serve-chain");
    let out_dir = dir.path("out");
    let mut cmd = tlsim();
    cmd.args([
        "serve",
        "--port",
        "0",
        "--count",
        "1",
        "--timeout",
        "10",
        "--chain-depth",
        "2",
        "--out",
    ])
    .arg(&out_dir);
    let mut server = Proc::spawn(cmd);
    let line = server.wait_for("listening on 127.0.0.1:", 15);
    let port: u16 = line.rsplit(':').next().unwrap().trim().parse().unwrap();
    for f in ["ca.pem", "server.pem", "intermediate.pem", "chain.pem"] {
        assert!(out_dir.join(f).exists(), "{f}");
    }
    let mut cmd = Command::new("openssl");
    cmd.args([
        "s_client",
        "-tls1_2",
        "-servername",
        "localhost",
        "-showcerts",
        "-connect",
    ])
    .arg(format!("127.0.0.1:{port}"))
    .arg("-CAfile")
    .arg(out_dir.join("ca.pem"))
    .arg("-verify_return_error");
    let mut client = Proc::spawn(cmd);
    // The chain as s_client saw it: the leaf, then the intermediate, verified up to the root.
    client.wait_for("depth=2 CN = tlsim serve CA", 15);
    client.wait_for("depth=1 CN = tlsim serve Intermediate CA", 5);
    client.wait_for(" 1 s:CN = tlsim serve Intermediate CA", 5);
    client.wait_for("Verify return code: 0 (ok)", 5);
    client.send("hello-chain\n");
    server.wait_for("received: hello-chain", 10);
    client.finish(10);
    let (code, out) = server.finish(15);
    assert_eq!(code, Some(0), "{out}");
    // With only the root and the leaf, and without the intermediate, OpenSSL refuses.
    let o = Command::new("openssl")
        .args(["verify", "-CAfile"])
        .arg(out_dir.join("ca.pem"))
        .arg(out_dir.join("server.pem"))
        .output()
        .unwrap();
    assert!(!o.status.success());
}
