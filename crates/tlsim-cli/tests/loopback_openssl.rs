//! The core's client and server against OpenSSL 3 on loopback, both ways, with and without the
//! extended master secret; application data both ways; master secrets cross-checked with
//! OpenSSL's key log. Children are killed on every path (Drop) and every wait has a time-out.

mod common;
use common::*;
use std::process::Command;

fn keylog_master(path: &std::path::Path) -> String {
    read(path)
        .lines()
        .find_map(|l| {
            l.strip_prefix("CLIENT_RANDOM ")
                .and_then(|r| r.split_whitespace().nth(1))
        })
        .unwrap_or_else(|| panic!("no CLIENT_RANDOM in {}", path.display()))
        .to_lowercase()
}

/// `tlsim connect` to `openssl s_server`; `server_no_ems`/`client_no_ems` switch EMS off per side.
fn connect_to_s_server(server_no_ems: bool, client_no_ems: bool) {
    let dir = TempDir::new("connect");
    write_certs(&dir, "localhost");
    let port = free_port();
    let sk = dir.path("server-keylog.txt");
    let mut server = s_server(
        &dir,
        port,
        server_no_ems,
        &["-keylogfile", sk.to_str().unwrap()],
    );
    let mut cmd = tlsim();
    cmd.args([
        "connect",
        &format!("127.0.0.1:{port}"),
        "--servername",
        "localhost",
        "--wait",
        "10",
    ])
    .args(["--timeout", "10", "--send", "ping-from-tlsim\n", "--ca"])
    .arg(dir.path("ca.pem"))
    .arg("--keylog")
    .arg(dir.path("client-keylog.txt"));
    if client_no_ems {
        cmd.arg("--no-ems");
    }
    let mut client = Proc::spawn(cmd);
    let ems = if server_no_ems || client_no_ems {
        "no"
    } else {
        "yes"
    };
    client.wait_for(&format!("handshake complete with 127.0.0.1:{port} (host localhost): TLS_RSA_WITH_AES_128_GCM_SHA256 (0x009c), extended master secret {ems}"), 15);
    // client -> server
    server.wait_for("ping-from-tlsim", 10);
    // server -> client
    server.send("pong-from-s_server\n");
    client.wait_for("pong-from-s_server", 10);
    let (code, out) = client.finish(15);
    assert_eq!(code, Some(0), "{out}");
    assert!(
        out.contains(
            "[ok] Host name: The host name \"localhost\" matches the subjectAltName DNS:localhost."
        ),
        "{out}"
    );
    assert_eq!(
        keylog_master(&dir.path("client-keylog.txt")),
        keylog_master(&sk),
        "same master secret"
    );
    server.wait_for("DONE", 10); // s_server saw our close_notify
}

#[test]
fn tlsim_connect_to_openssl_s_server_with_ems() {
    connect_to_s_server(false, false);
}

#[test]
fn tlsim_connect_to_openssl_s_server_without_ems_server_side() {
    connect_to_s_server(true, false);
}

#[test]
fn tlsim_connect_to_openssl_s_server_without_ems_client_side() {
    connect_to_s_server(false, true);
}

#[test]
fn tlsim_connect_rejects_an_untrusted_server() {
    let dir = TempDir::new("connect-untrusted");
    write_certs(&dir, "localhost");
    let port = free_port();
    let mut server = s_server(&dir, port, false, &[]);
    // Trust a different CA: the server certificate's issuer is unknown.
    let other = TempDir::new("connect-other");
    std::fs::write(other.path("ca.pem"), {
        let k =
            tlsim_core::pki::key_from_pem(tlsim_core::pki::builtin_pem("mitm-ca").unwrap(), "k")
                .unwrap();
        tlsim_core::pki::cert_to_pem(
            &tlsim_core::pki::issue_ca("Other CA", &k, 0, 2_000_000_000, &[1])
                .unwrap()
                .der,
        )
    })
    .unwrap();
    let out = tlsim()
        .args([
            "connect",
            &format!("127.0.0.1:{port}"),
            "--servername",
            "localhost",
            "--timeout",
            "10",
            "--ca",
        ])
        .arg(other.path("ca.pem"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("handshake failed: ")
            && err.contains("is not in the trust store")
            && err.contains("alert unknown_ca"),
        "{err}"
    );
    // OpenSSL reports the alert it received (48).
    server.wait_for("alert unknown ca", 10);
    // And a non-loopback address is refused before any packet is sent.
    let out = tlsim()
        .args(["connect", "192.0.2.1:443", "--ca"])
        .arg(dir.path("ca.pem"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("loopback addresses only"));
}

/// `openssl s_client` to `tlsim serve`. Returns the session's messages (s_client -msgfile).
fn s_client_to_serve(server_no_ems: bool, client_no_ems: bool) {
    let dir = TempDir::new("serve");
    let out_dir = dir.path("out");
    let mut cmd = tlsim();
    // RSA key exchange: the replay below decrypts the pre-master with the server's key.
    cmd.args([
        "serve",
        "--kx",
        "rsa",
        "--port",
        "0",
        "--count",
        "1",
        "--timeout",
        "10",
        "--out",
    ])
    .arg(&out_dir);
    if server_no_ems {
        cmd.arg("--no-ems");
    }
    let mut server = Proc::spawn(cmd);
    let line = server.wait_for("listening on 127.0.0.1:", 15);
    let port: u16 = line.rsplit(':').next().unwrap().trim().parse().unwrap();
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
    .arg(out_dir.join("ca.pem"))
    .arg("-verify_return_error")
    .arg("-msg")
    .arg("-msgfile")
    .arg(dir.path("msg.txt"))
    .arg("-keylogfile")
    .arg(dir.path("keylog.txt"));
    if client_no_ems {
        cmd.env("OPENSSL_CONF", no_ems_conf(&dir));
    }
    let mut client = Proc::spawn(cmd);
    client.wait_for("Verify return code: 0 (ok)", 15);
    let ems = if server_no_ems || client_no_ems {
        "no"
    } else {
        "yes"
    };
    client.wait_for(&format!("Extended master secret: {ems}"), 5);
    client.wait_for("Cipher    : AES128-GCM-SHA256", 5);
    // client -> server, server -> client
    client.send("hello-from-s_client\n");
    server.wait_for("received: hello-from-s_client", 10);
    client.wait_for("hello from tlsim serve", 10);
    client.finish(10);
    let (code, out) = server.finish(15);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("[server] connection 1 closed"), "{out}");
    // The same session replayed from s_client's record, with the key `serve` wrote.
    let messages = messages_from_msg_output(&read(&dir.path("msg.txt")));
    std::fs::write(dir.path("messages.txt"), &messages).unwrap();
    let r = tlsim()
        .args(["replay", "--format", "json", "--messages"])
        .arg(dir.path("messages.txt"))
        .arg("--server-key")
        .arg(out_dir.join("server-key.pem"))
        .output()
        .unwrap();
    assert_eq!(
        r.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&r.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&r.stdout).unwrap();
    assert_eq!(v["extended_master_secret"], ems == "yes");
    assert_eq!(v["master_secret"], keylog_master(&dir.path("keylog.txt")));
    // ... and from s_client's key log alone (no server key): the same verdict.
    let r = tlsim()
        .args(["replay", "--format", "json", "--messages"])
        .arg(dir.path("messages.txt"))
        .arg("--keylog")
        .arg(dir.path("keylog.txt"))
        .output()
        .unwrap();
    assert_eq!(
        r.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&r.stderr)
    );
    let k: serde_json::Value = serde_json::from_slice(&r.stdout).unwrap();
    assert_eq!(k["key_exchange"], "rsa");
    assert_eq!(k["master_secret"], v["master_secret"]);
    assert_eq!(k["pre_master_secret"], serde_json::Value::Null);
    // openssl verify accepts what serve wrote.
    let ok = Command::new("openssl")
        .args(["verify", "-verify_hostname", "localhost", "-CAfile"])
        .arg(out_dir.join("ca.pem"))
        .arg(out_dir.join("server.pem"))
        .output()
        .unwrap();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stdout)
    );
}

#[test]
fn openssl_s_client_to_tlsim_serve_with_ems() {
    s_client_to_serve(false, false);
}

#[test]
fn openssl_s_client_to_tlsim_serve_without_ems_client_side() {
    s_client_to_serve(false, true);
}

#[test]
fn openssl_s_client_to_tlsim_serve_without_ems_server_side() {
    s_client_to_serve(true, false);
}

#[test]
fn tlsim_connect_with_a_client_certificate_to_s_server_verify() {
    let dir = TempDir::new("connect-clientauth");
    write_certs(&dir, "localhost");
    write_client_cert(&dir);
    let port = free_port();
    let ca = dir.path("ca.pem");
    let mut server = s_server(
        &dir,
        port,
        false,
        &[
            "-Verify",
            "1",
            "-verify_return_error",
            "-CAfile",
            ca.to_str().unwrap(),
        ],
    );
    let mut cmd = tlsim();
    cmd.args([
        "connect",
        &format!("127.0.0.1:{port}"),
        "--servername",
        "localhost",
        "--wait",
        "10",
    ])
    .args(["--timeout", "10", "--send", "ping-with-cert\n", "--ca"])
    .arg(&ca)
    .arg("--cert")
    .arg(dir.path("client.pem"))
    .arg("--key")
    .arg(dir.path("client-key.pem"));
    let mut client = Proc::spawn(cmd);
    client.wait_for("handshake complete", 15);
    server.wait_for("ping-with-cert", 10);
    server.send("pong\n");
    client.wait_for("pong", 10);
    let (code, out) = client.finish(15);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("CertificateVerify"), "{out}");
    // s_server reports the client certificate it verified.
    server.wait_for("subject=CN = student", 5);
}

#[test]
fn openssl_s_client_with_a_certificate_to_tlsim_serve_client_auth() {
    let dir = TempDir::new("serve-clientauth");
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
        "--client-auth",
        "--out",
    ])
    .arg(&out_dir);
    let mut server = Proc::spawn(cmd);
    let line = server.wait_for("listening on 127.0.0.1:", 15);
    let port: u16 = line.rsplit(':').next().unwrap().trim().parse().unwrap();
    let mut cmd = Command::new("openssl");
    cmd.args([
        "s_client",
        "-tls1_2",
        "-servername",
        "localhost",
        "-verify_return_error",
        "-connect",
    ])
    .arg(format!("127.0.0.1:{port}"))
    .arg("-CAfile")
    .arg(out_dir.join("ca.pem"))
    .arg("-cert")
    .arg(out_dir.join("client.pem"))
    .arg("-key")
    .arg(out_dir.join("client-key.pem"));
    let mut client = Proc::spawn(cmd);
    client.wait_for("Verify return code: 0 (ok)", 15);
    client.send("hello-with-cert\n");
    server.wait_for("received: hello-with-cert", 10);
    client.wait_for("hello from tlsim serve", 10);
    client.finish(10);
    let (code, out) = server.finish(15);
    assert_eq!(code, Some(0), "{out}");
    assert!(
        out.contains("[ok]") && out.contains("CertificateVerify"),
        "{out}"
    );

    // Without a certificate the server refuses the handshake.
    let mut cmd = tlsim();
    cmd.args([
        "serve",
        "--port",
        "0",
        "--count",
        "1",
        "--timeout",
        "10",
        "--client-auth",
        "--out",
    ])
    .arg(&out_dir);
    let mut server = Proc::spawn(cmd);
    let line = server.wait_for("listening on 127.0.0.1:", 15);
    let port: u16 = line.rsplit(':').next().unwrap().trim().parse().unwrap();
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
    .arg(out_dir.join("ca.pem"));
    let mut client = Proc::spawn(cmd);
    let (_, cout) = client.finish(10);
    let (_, sout) = server.finish(15);
    assert!(sout.contains("handshake failed"), "{sout}\n---\n{cout}");
}
