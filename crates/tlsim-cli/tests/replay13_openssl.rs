//! `tlsim replay --keylog` on TLS 1.3 sessions recorded live: `openssl s_client -tls1_3 -msg
//! -keylogfile` against `openssl s_server -tls1_3` on loopback, plain, with a HelloRetryRequest
//! (the message_hash transcript) and with a client certificate. Both Finished must verify from
//! the key log's handshake traffic secrets; a flipped byte, the key log of another session, a
//! file that is no session and a suite other than TLS_AES_128_GCM_SHA256 are clear failures.

mod common;
use common::*;
use std::process::Command;

/// How a session is recorded.
#[derive(Clone, Copy)]
struct Rec {
    /// s_server -groups (P-256 while s_client's first share is X25519: HelloRetryRequest).
    server_groups: &'static str,
    client_auth: bool,
    suite: &'static str,
}

const PLAIN: Rec = Rec {
    server_groups: "X25519",
    client_auth: false,
    suite: "TLS_AES_128_GCM_SHA256",
};

/// Record a session into `dir`: msg.txt (the -msg dump) and keylog.txt; returns the messages
/// file text.
fn record(dir: &TempDir, r: Rec) -> String {
    write_certs(dir, "localhost");
    let port = free_port();
    let ca = dir.path("ca.pem");
    let mut server = Command::new("openssl");
    server
        .args(["s_server", "-tls1_3", "-ciphersuites", r.suite, "-groups"])
        .arg(r.server_groups)
        .arg("-accept")
        .arg(format!("127.0.0.1:{port}"))
        .arg("-cert")
        .arg(dir.path("server.pem"))
        .arg("-key")
        .arg(dir.path("server-key.pem"));
    if r.client_auth {
        server.args(["-Verify", "1", "-CAfile"]).arg(&ca);
    }
    let mut server = Proc::spawn(server);
    server.wait_for("ACCEPT", 10);
    let mut cmd = Command::new("openssl");
    cmd.args([
        "s_client",
        "-tls1_3",
        "-groups",
        "X25519:P-256",
        "-msg",
        "-servername",
        "localhost",
        "-connect",
    ])
    .arg(format!("127.0.0.1:{port}"))
    .arg("-CAfile")
    .arg(&ca)
    .arg("-msgfile")
    .arg(dir.path("msg.txt"))
    .arg("-keylogfile")
    .arg(dir.path("keylog.txt"));
    if r.client_auth {
        write_client_cert(dir);
        cmd.arg("-cert")
            .arg(dir.path("client.pem"))
            .arg("-key")
            .arg(dir.path("client-key.pem"));
    }
    let mut client = Proc::spawn(cmd);
    client.wait_for("Verify return code: 0", 10);
    // data both ways, so the NewSessionTickets (after the handshake) are in the dump too
    client.send("hello\n");
    server.wait_for("hello", 10);
    client.finish(5);
    messages_from_msg_output(&read(&dir.path("msg.txt")))
}

/// `tlsim replay --keylog` on `messages`: (exit code, stdout, stderr).
fn replay(
    dir: &TempDir,
    messages: &str,
    keylog: &str,
    extra: &[&str],
) -> (Option<i32>, String, String) {
    let m = dir.path("messages.txt");
    std::fs::write(&m, messages).unwrap();
    let k = dir.path("replay-keylog.txt");
    std::fs::write(&k, keylog).unwrap();
    let out = tlsim()
        .arg("replay")
        .arg("--messages")
        .arg(&m)
        .arg("--keylog")
        .arg(&k)
        .args(extra)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_recorded_tls13_session_verifies_with_and_without_hello_retry_and_client_auth() {
    for (r, hrr, client_msgs) in [
        (PLAIN, false, false),
        (
            Rec {
                server_groups: "P-256",
                ..PLAIN
            },
            true,
            false,
        ),
        (
            Rec {
                client_auth: true,
                ..PLAIN
            },
            false,
            true,
        ),
    ] {
        let dir = TempDir::new("replay13");
        let messages = record(&dir, r);
        let keylog = read(&dir.path("keylog.txt"));
        let (code, out, err) = replay(&dir, &messages, &keylog, &["--format", "json"]);
        assert_eq!(code, Some(0), "{out}\n{err}\n{messages}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["version"], "TLS 1.3");
        assert_eq!(v["cipher_suite"], "0x1301");
        assert_eq!(v["hello_retry_request"], hrr, "{out}");
        assert_eq!(v["server_finished_ok"], true);
        assert_eq!(v["client_finished_ok"], true);
        // the secrets are the key log's, for this session's client random
        let cr = v["client_random"].as_str().unwrap();
        let chts = v["client_handshake_traffic_secret"].as_str().unwrap();
        assert!(
            keylog.contains(&format!("CLIENT_HANDSHAKE_TRAFFIC_SECRET {cr} {chts}")),
            "{keylog}"
        );
        // the file holds what was recorded: a second ClientHello after a HelloRetryRequest,
        // the client's Certificate and CertificateVerify when asked, and the tickets after
        let names: Vec<String> = v["messages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m.to_string())
            .collect();
        let count = |n: &str| names.iter().filter(|m| m.contains(n)).count();
        assert_eq!(
            count("\"client_hello\""),
            if hrr { 2 } else { 1 },
            "{names:?}"
        );
        assert_eq!(
            count("\"certificate_verify\""),
            if client_msgs { 2 } else { 1 }
        );
        assert!(count("\"new_session_ticket\"") >= 1, "{names:?}");
        // text, in both languages
        let (code, out, _) = replay(&dir, &messages, &keylog, &[]);
        assert_eq!(code, Some(0));
        assert!(out.contains("Both Finished verify"), "{out}");
        let (_, ko, _) = replay(&dir, &messages, &keylog, &["--lang", "ko"]);
        assert!(ko.contains("서버 핸드셰이크 트래픽 시크릿"), "{ko}");
    }
}

#[test]
fn a_flipped_byte_another_key_log_and_bad_files_fail_clearly() {
    let dir = TempDir::new("replay13-bad");
    let messages = record(&dir, PLAIN);
    let keylog = read(&dir.path("keylog.txt"));
    // 1. a byte of the Certificate changed: the server's Finished no longer matches (nor the
    //    client's, which covers it too): exit 1
    let tampered: String = messages
        .lines()
        .map(|l| {
            if l.starts_with("0b") {
                let mut b = hex::decode(l).unwrap();
                let i = b.len() / 2;
                b[i] ^= 1;
                hex::encode(b)
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let (code, out, _) = replay(&dir, &tampered, &keylog, &["--format", "json"]);
    assert_eq!(code, Some(1), "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["server_finished_ok"], false);
    assert_eq!(v["client_finished_ok"], false);
    // 2. the key log of another session: no line for this client random, exit 2
    let other = TempDir::new("replay13-other");
    record(&other, PLAIN);
    let (code, _, err) = replay(&dir, &messages, &read(&other.path("keylog.txt")), &[]);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("no CLIENT_HANDSHAKE_TRAFFIC_SECRET line for this session"),
        "{err}"
    );
    // 3. a file that is no session (the certificate PEM): exit 2, naming the line
    let (code, _, err) = replay(&dir, &read(&dir.path("ca.pem")), &keylog, &[]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("line 1: not hex"), "{err}");
    // 4. the server's key instead of a key log: a TLS 1.3 session needs the key log
    let m = dir.path("messages.txt");
    std::fs::write(&m, &messages).unwrap();
    let out = tlsim()
        .args(["replay", "--messages"])
        .arg(&m)
        .arg("--server-key")
        .arg(dir.path("server-key.pem"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("only a key log (--keylog) opens it"), "{err}");
    // 5. only the hellos: the Finished are missing
    let hellos: String = messages.lines().take(2).collect::<Vec<_>>().join("\n");
    let (code, _, err) = replay(&dir, &hellos, &keylog, &[]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("Finished"), "{err}");
}

#[test]
fn another_tls13_suite_is_named() {
    let dir = TempDir::new("replay13-suite");
    let messages = record(
        &dir,
        Rec {
            suite: "TLS_AES_256_GCM_SHA384",
            ..PLAIN
        },
    );
    let (code, _, err) = replay(&dir, &messages, &read(&dir.path("keylog.txt")), &[]);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("line 2: the server chose TLS_AES_256_GCM_SHA384 (0x1302)"),
        "{err}"
    );
}
