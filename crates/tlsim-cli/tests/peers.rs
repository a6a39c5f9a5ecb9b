//! `tlsim serve` against peers that are not OpenSSL's s_client defaults: tlslite-ng (pure Python,
//! installed by the test set-up into target/tlslite-venv) as a scriptable client sending crafted
//! messages, GnuTLS's gnutls-cli, and OpenSSL signing its CertificateVerify with SHA-384 and
//! SHA-512.

mod common;

use common::{serve, Proc, TempDir};
use std::path::PathBuf;
use std::process::Command;

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn tlslite_ng_completes_a_handshake_and_gets_the_alerts_the_rfc_names() {
    let python = workspace().join("target/tlslite-venv/bin/python");
    assert!(
        python.exists(),
        "{} missing: run `bash web/setup.sh --test` (installs tlslite-ng)",
        python.display()
    );
    let dir = TempDir::new("tlslite");
    let (_server, port) = serve(&dir, &[]);
    let out = Command::new(&python)
        .arg(workspace().join("tests/peers/tlslite_probe.py"))
        .arg(port.to_string())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for line in [
        "handshake: aes128gcm, reply b'hello from tlsim serve\\n'",
        "renegotiation: warning no_renegotiation",
        "wrong type: fatal unexpected_message",
        "warning flood: fatal unexpected_message",
        "sslv2 hello: fatal unexpected_message",
    ] {
        assert!(
            stdout.lines().any(|l| l == line),
            "{line:?} not in:\n{stdout}"
        );
    }
}

#[test]
fn gnutls_cli_completes_a_handshake() {
    let dir = TempDir::new("gnutls");
    let (mut server, port) = serve(&dir, &["--count", "1"]);
    let mut cmd = Command::new("gnutls-cli");
    cmd.arg("--x509cafile")
        .arg(dir.path("ca.pem"))
        .args(["-p", &port.to_string(), "localhost", "--priority"])
        .arg("NORMAL:-VERS-ALL:+VERS-TLS1.2:-KX-ALL:+RSA");
    let mut client = Proc::spawn(cmd);
    client.wait_for("Handshake was completed", 15);
    client.send("ping from gnutls\n");
    server.wait_for("received: ping from gnutls", 10);
    client.wait_for("hello from tlsim serve", 10);
    let (_, cout) = client.finish(5);
    assert!(cout.contains("extended master secret"), "{cout}");
}

#[test]
fn openssl_client_certificates_signed_with_sha384_and_sha512_are_accepted() {
    for (sigalgs, name) in [("RSA+SHA384", "sha384"), ("RSA+SHA512", "sha512")] {
        let dir = TempDir::new("sigalgs");
        let (mut server, port) = serve(&dir, &["--count", "1", "--client-auth"]);
        let mut cmd = Command::new("openssl");
        cmd.args([
            "s_client",
            "-tls1_2",
            "-servername",
            "localhost",
            "-connect",
        ])
        .arg(format!("127.0.0.1:{port}"))
        .arg("-CAfile")
        .arg(dir.path("ca.pem"))
        .args(["-verify_return_error", "-client_sigalgs", sigalgs, "-cert"])
        .arg(dir.path("client.pem"))
        .arg("-key")
        .arg(dir.path("client-key.pem"));
        let mut client = Proc::spawn(cmd);
        client.wait_for("Verify return code: 0 (ok)", 15);
        client.send("signed\n");
        server.wait_for("received: signed", 10);
        client.finish(5);
        let (_, out) = server.finish(10);
        assert!(
            out.contains(&format!("rsa_pkcs1_{name}")) && out.contains("[ok]"),
            "{out}"
        );
    }
}
