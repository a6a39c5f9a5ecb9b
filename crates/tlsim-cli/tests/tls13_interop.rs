//! TLS 1.3 over real sockets on 127.0.0.1, both ways, against real peers: OpenSSL 3
//! (`-tls1_3`, each group, a HelloRetryRequest forced with `-groups`, a client certificate
//! request), GnuTLS (gnutls-cli, and gnutls-serv inside a loopback-only network namespace) and
//! Python's `ssl`; the default negotiation (TLS 1.3 with OpenSSL, TLS 1.2 against
//! `s_server -tls1_2`); the key log compared with OpenSSL's `-keylogfile`; the usage errors of
//! TLS 1.2-only options with `--version 1.3`; and a hostile TLS 1.3 client (a malformed
//! ClientHello, a bad key share, a flipped record) that gets the RFC's alert.

mod common;

use common::{free_port, read, serve, tlsim, write_certs, write_client_cert, Proc, TempDir};
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Command;
use std::time::{Duration, Instant};
use tlsim_core::error::{AlertDescription, Error};
use tlsim_core::tls13::{Client13, Client13Config};

/// `openssl s_server -tls1_3` (TLS_AES_128_GCM_SHA256) on `port`, its key log in the dir.
fn s_server13(dir: &TempDir, port: u16, extra: &[&str]) -> Proc {
    let mut cmd = Command::new("openssl");
    cmd.args(["s_server", "-accept"])
        .arg(format!("127.0.0.1:{port}"))
        .arg("-cert")
        .arg(dir.path("server.pem"))
        .arg("-key")
        .arg(dir.path("server-key.pem"))
        .arg("-keylogfile")
        .arg(dir.path("openssl-keylog.txt"))
        .args(extra);
    let mut p = Proc::spawn(cmd);
    p.wait_for("ACCEPT", 10);
    p
}

/// `tlsim connect localhost:port` trusting the dir's CA; exit code, stdout, stderr.
fn connect(dir: &TempDir, port: u16, extra: &[&str]) -> (Option<i32>, String, String) {
    let out = tlsim()
        .args(["connect", &format!("localhost:{port}"), "--ca"])
        .arg(dir.path("ca.pem"))
        .args(["--wait", "1", "--timeout", "10"])
        .args(extra)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Every line of ours is in OpenSSL's key log (which also holds EXPORTER_SECRET).
fn keylog_matches(ours: &str, theirs: &str) {
    let lines: Vec<&str> = ours.lines().collect();
    assert_eq!(lines.len(), 4, "{ours}");
    for label in [
        "CLIENT_HANDSHAKE_TRAFFIC_SECRET",
        "SERVER_HANDSHAKE_TRAFFIC_SECRET",
        "CLIENT_TRAFFIC_SECRET_0",
        "SERVER_TRAFFIC_SECRET_0",
    ] {
        let l = lines
            .iter()
            .find(|l| l.starts_with(label))
            .unwrap_or_else(|| panic!("no {label} in {ours}"));
        assert!(theirs.lines().any(|t| t == *l), "{l} not in {theirs}");
    }
}

#[test]
fn tlsim_connect_to_openssl_each_group_and_a_forced_hello_retry() {
    // (s_server -groups, tlsim options, the group, HelloRetryRequest?)
    for (groups, extra, group, hrr) in [
        ("X25519", &[][..], "x25519", false),
        ("P-256", &["--group", "secp256r1"][..], "secp256r1", false),
        // tlsim's first key share is x25519: the server asks again for P-256
        ("P-256", &[][..], "secp256r1", true),
    ] {
        let dir = TempDir::new("c13-openssl");
        write_certs(&dir, "localhost");
        let port = free_port();
        let mut server = s_server13(
            &dir,
            port,
            &[
                "-tls1_3",
                "-ciphersuites",
                "TLS_AES_128_GCM_SHA256",
                "-groups",
                groups,
            ],
        );
        let log = dir.path("tlsim-keylog.txt");
        let mut args = vec![
            "--version",
            "1.3",
            "--send",
            "ping over tls13\n",
            "--keylog",
        ];
        let log_s = log.display().to_string();
        args.push(&log_s);
        args.extend(extra);
        let (code, _, err) = connect(&dir, port, &args);
        assert_eq!(code, Some(0), "{groups}: {err}");
        let want = format!("TLS_AES_128_GCM_SHA256 (0x1301), group {group}, TLS 1.3");
        assert!(err.contains(&want), "{groups}: want {want} in {err}");
        assert_eq!(
            err.contains("after a HelloRetryRequest"),
            hrr,
            "{groups}: {err}"
        );
        server.wait_for("ping over tls13", 10);
        keylog_matches(&read(&log), &read(&dir.path("openssl-keylog.txt")));
    }
}

#[test]
fn tlsim_connect_answers_openssls_certificate_request() {
    let dir = TempDir::new("c13-clientauth");
    write_certs(&dir, "localhost");
    write_client_cert(&dir);
    let ca = dir.path("ca.pem").display().to_string();
    // 1. with a certificate: Certificate and CertificateVerify, verified by OpenSSL
    let port = free_port();
    let mut server = s_server13(&dir, port, &["-tls1_3", "-Verify", "1", "-CAfile", &ca]);
    let cert = dir.path("client.pem").display().to_string();
    let key = dir.path("client-key.pem").display().to_string();
    let (code, _, err) = connect(
        &dir,
        port,
        &["--cert", &cert, "--key", &key, "--send", "with a cert\n"],
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("client certificate requested"), "{err}");
    assert!(err.contains("Client: CertificateVerify (TLS 1.3)"), "{err}");
    let seen = server.wait_for("with a cert", 10);
    assert!(seen.contains("with a cert"));
    let (_, sout) = server.finish(3);
    assert!(sout.contains("CN = student"), "{sout}");
    // 2. without one, against a server that requires it: an empty Certificate, and the
    //    server's certificate_required alert (116, RFC 8446 §4.4.2.4)
    let port = free_port();
    let _server = s_server13(&dir, port, &["-tls1_3", "-Verify", "1", "-CAfile", &ca]);
    let (code, _, err) = connect(&dir, port, &[]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("sent: Client: Certificate (TLS 1.3)"), "{err}");
    assert!(err.contains("An empty Certificate"), "{err}");
    assert!(
        !err.contains("Client: CertificateVerify (TLS 1.3)"),
        "{err}"
    );
    assert!(err.contains("(alert certificate_required (116))"), "{err}");
}

#[test]
fn default_negotiation_takes_tls13_from_openssl_and_tls12_from_a_tls12_server() {
    let dir = TempDir::new("c13-default");
    write_certs(&dir, "localhost");
    // 1. OpenSSL's defaults: both versions, TLS 1.3 wins
    let port = free_port();
    let _server = s_server13(&dir, port, &[]);
    let (code, _, err) = connect(&dir, port, &[]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains("[client] offering TLS 1.3 and TLS 1.2"),
        "{err}"
    );
    assert!(err.contains("The server chose TLS 1.3 (0x0304)."), "{err}");
    // OpenSSL's tickets after the handshake: shown, not kept
    assert!(
        err.contains("not kept: this engine does not resume TLS 1.3"),
        "{err}"
    );
    assert!(err.contains(", TLS 1.3"), "{err}");
    // 2. a TLS 1.2-only server: TLS 1.2, from the same ClientHello, no downgrade sentinel
    let port = free_port();
    let _server = s_server13(&dir, port, &["-tls1_2"]);
    let (code, _, err) = connect(&dir, port, &[]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 (0xc02f), group x25519, extended master secret yes, TLS 1.2"),
        "{err}"
    );
    assert!(err.contains(": no downgrade sentinel."), "{err}");
    // 3. tlsim connect --version 1.2 against a TLS 1.3 server: TLS 1.2, and OpenSSL marks
    //    its random with the sentinel (a TLS 1.2 client does not look)
    let port = free_port();
    let _server = s_server13(&dir, port, &[]);
    let (code, _, err) = connect(&dir, port, &["--version", "1.2"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains(", TLS 1.2"), "{err}");
}

#[test]
fn tlsim_serve_sets_the_downgrade_sentinel_for_a_tls12_client() {
    let dir = TempDir::new("c13-sentinel");
    let (_server, port) = serve(&dir, &["--count", "1"]);
    let out = Command::new("openssl")
        .args(["s_client", "-tls1_2", "-msg", "-connect"])
        .arg(format!("127.0.0.1:{port}"))
        .arg("-CAfile")
        .arg(dir.path("ca.pem"))
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let msgs = common::messages_from_msg_output(&text);
    let sh = msgs
        .lines()
        .find(|l| l.starts_with("02"))
        .unwrap_or_else(|| panic!("no ServerHello in {text}"));
    // 4-byte header, 2-byte version, then the random: its last 8 bytes "DOWNGRD" 01
    assert_eq!(&sh[(4 + 2 + 24) * 2..(4 + 2 + 32) * 2], "444f574e47524401");
}

#[test]
fn openssl_s_client_to_tlsim_serve_each_group_and_a_hello_retry() {
    // (s_client -groups, serve options, the group, HelloRetryRequest?)
    for (groups, extra, group, hrr) in [
        ("X25519", &[][..], "x25519", false),
        ("P-256", &[][..], "secp256r1", false),
        // the client's first share is x25519, the server takes P-256 only
        (
            "X25519:P-256",
            &["--group", "secp256r1"][..],
            "secp256r1",
            true,
        ),
    ] {
        let dir = TempDir::new("c13-serve");
        let mut args = vec!["--count", "1"];
        args.extend(extra);
        let (mut server, port) = serve(&dir, &args);
        let mut cmd = Command::new("openssl");
        cmd.args(["s_client", "-tls1_3", "-groups", groups, "-connect"])
            .arg(format!("127.0.0.1:{port}"))
            .args([
                "-servername",
                "localhost",
                "-verify_return_error",
                "-CAfile",
            ])
            .arg(dir.path("ca.pem"));
        let mut client = Proc::spawn(cmd);
        client.wait_for("Verify return code: 0 (ok)", 15);
        client.send("ping from openssl\n");
        server.wait_for("received: ping from openssl", 10);
        client.wait_for("hello from tlsim serve", 10);
        let (_, cout) = client.finish(5);
        assert!(
            cout.contains("TLSv1.3, Cipher is TLS_AES_128_GCM_SHA256"),
            "{cout}"
        );
        let (_, sout) = server.finish(10);
        let want = format!("TLS_AES_128_GCM_SHA256 (0x1301), group {group}, TLS 1.3");
        assert!(sout.contains(&want), "{groups}: want {want} in {sout}");
        assert_eq!(
            sout.contains("after a HelloRetryRequest"),
            hrr,
            "{groups}: {sout}"
        );
    }
}

#[test]
fn gnutls_cli_to_tlsim_serve_with_tls13() {
    for group in ["+GROUP-X25519", "+GROUP-SECP256R1"] {
        let dir = TempDir::new("c13-gnutls-cli");
        let (mut server, port) = serve(&dir, &["--count", "1"]);
        let mut cmd = Command::new("gnutls-cli");
        cmd.arg("--x509cafile")
            .arg(dir.path("ca.pem"))
            .args(["-p", &port.to_string(), "localhost", "--priority"])
            .arg(format!("NORMAL:-VERS-ALL:+VERS-TLS1.3:-GROUP-ALL:{group}"));
        let mut client = Proc::spawn(cmd);
        client.wait_for("Handshake was completed", 15);
        client.send("ping from gnutls\n");
        server.wait_for("received: ping from gnutls", 10);
        client.wait_for("hello from tlsim serve", 10);
        let (_, cout) = client.finish(5);
        assert!(cout.contains("(TLS1.3"), "{cout}");
        let (_, sout) = server.finish(10);
        assert!(sout.contains(", TLS 1.3"), "{sout}");
    }
}

#[test]
fn tlsim_connect_to_gnutls_serv_with_tls13_in_a_loopback_only_namespace() {
    let dir = TempDir::new("c13-gnutls-serv");
    write_certs(&dir, "localhost");
    let port = free_port();
    // gnutls-serv listens on every interface: inside a namespace that holds only loopback
    let script = format!(
        "ip link set lo up; gnutls-serv --x509certfile {cert} --x509keyfile {key} -p {port} \
         --priority NORMAL:-VERS-ALL:+VERS-TLS1.3 --echo >/dev/null 2>&1 & s=$!; \
         sleep 1; {tlsim} connect localhost:{port} --ca {ca} --version 1.3 --wait 2 \
         --send 'echo me\n'; rc=$?; kill $s; exit $rc",
        cert = dir.path("server.pem").display(),
        key = dir.path("server-key.pem").display(),
        ca = dir.path("ca.pem").display(),
        tlsim = env!("CARGO_BIN_EXE_tlsim"),
    );
    let out = Command::new("unshare")
        .args(["-n", "sh", "-c", &script])
        .output()
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(stderr.contains(", TLS 1.3"), "{stderr}");
    assert!(stdout.contains("echo me"), "{stdout}\n{stderr}");
}

const PY_CLIENT: &str = r#"
import socket, ssl, sys
ctx = ssl.create_default_context(cafile=sys.argv[2])
ctx.minimum_version = ssl.TLSVersion.TLSv1_3
with socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10) as raw:
    with ctx.wrap_socket(raw, server_hostname="localhost") as s:
        s.sendall(b"ping from python\n")
        print(s.version(), s.cipher()[0], s.recv(100))
"#;

const PY_SERVER: &str = r#"
import socket, ssl, sys
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.minimum_version = ssl.TLSVersion.TLSv1_3
ctx.load_cert_chain(sys.argv[2], sys.argv[3])
with socket.create_server(("127.0.0.1", int(sys.argv[1]))) as l:
    print("ready", flush=True)
    c, _ = l.accept()
    with ctx.wrap_socket(c, server_side=True) as s:
        data = s.recv(100)
        print("got", data, s.version(), s.cipher()[0], flush=True)
        s.sendall(b"pong from python\n")
"#;

#[test]
fn python_ssl_both_ways_with_tls13() {
    // 1. Python's client to tlsim serve
    let dir = TempDir::new("c13-python");
    let (mut server, port) = serve(&dir, &["--count", "1"]);
    let out = Command::new("python3")
        .args(["-c", PY_CLIENT, &port.to_string()])
        .arg(dir.path("ca.pem"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("TLSv1.3 TLS_AES_128_GCM_SHA256 b'hello from tlsim serve\\n'"),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    server.wait_for("received: ping from python", 10);
    // 2. tlsim connect to Python's server
    let dir = TempDir::new("c13-python-serv");
    write_certs(&dir, "localhost");
    let port = free_port();
    let mut cmd = Command::new("python3");
    cmd.args(["-c", PY_SERVER, &port.to_string()])
        .arg(dir.path("server.pem"))
        .arg(dir.path("server-key.pem"));
    let mut py = Proc::spawn(cmd);
    py.wait_for("ready", 10);
    let (code, stdout, err) = connect(&dir, port, &["--send", "ping from tlsim\n"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains(", TLS 1.3"), "{err}");
    assert!(stdout.contains("pong from python"), "{stdout}\n{err}");
    let seen = py.wait_for("got", 10);
    assert!(
        seen.contains("b'ping from tlsim\\n' TLSv1.3 TLS_AES_128_GCM_SHA256"),
        "{seen}"
    );
}

#[test]
fn tls12_only_options_imply_tls12_and_refuse_version_13() {
    let dir = TempDir::new("c13-usage");
    write_certs(&dir, "localhost");
    for (cmd, opts) in [
        ("connect", &["--kx", "rsa"][..]),
        ("connect", &["--no-ems"][..]),
        ("connect", &["--group", "ffdhe2048"][..]),
        ("connect", &["--no-ticket"][..]),
        ("serve", &["--client-auth"][..]),
        ("serve", &["--no-tickets"][..]),
    ] {
        let mut c = tlsim();
        c.arg(cmd).args(["--version", "1.3"]).args(opts);
        if cmd == "connect" {
            c.args(["localhost:1", "--ca"]).arg(dir.path("ca.pem"));
        } else {
            c.args(["--port", "0", "--out"]).arg(&dir.0);
        }
        let out = c.output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{cmd} {opts:?}: {err}");
        assert!(
            err.contains("cannot go with --version 1.3") && err.contains(opts[0]),
            "{cmd} {opts:?}: {err}"
        );
    }
    // without --version, a TLS 1.2-only option means TLS 1.2 (said, then done)
    let port = free_port();
    let _server = s_server13(&dir, port, &[]);
    let (code, _, err) = connect(&dir, port, &["--no-ems"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("--no-ems exists only in TLS 1.2"), "{err}");
    assert!(err.contains("extended master secret no, TLS 1.2"), "{err}");
    let out = tlsim()
        .args(["connect", "--version", "1.4", "localhost:1", "--ca"])
        .arg(dir.path("ca.pem"))
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("want 1.2 or 1.3"));
}

// ---- a hostile TLS 1.3 client ----

/// Send `bytes` to the server and read until it closes (or 5 s): what came back.
fn probe(port: u16, bytes: &[u8]) -> Vec<u8> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    s.write_all(bytes).unwrap();
    let mut got = Vec::new();
    let start = Instant::now();
    let mut buf = [0u8; 16384];
    while start.elapsed() < Duration::from_secs(5) {
        match s.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(_) => {}
        }
    }
    got
}

/// A real TLS 1.3 ClientHello from the core's client, as one record.
fn client_hello(ca: &[u8]) -> Vec<u8> {
    let cfg = Client13Config::new("localhost", vec![ca.to_vec()]);
    let (_, out) = Client13::new(cfg, ChaCha20Rng::from_seed([5; 32]), 1_795_424_400).unwrap();
    out.records.concat()
}

/// Replace the x25519 key share of `record` (one ClientHello record) by `share`, fixing
/// every length on the way (record, handshake, extensions, key_share, its list).
fn with_share(record: &[u8], share: &[u8]) -> Vec<u8> {
    // the x25519 entry: 00 1d 00 20 <32 bytes>
    let at = record
        .windows(4)
        .position(|w| w == [0x00, 0x1d, 0x00, 0x20])
        .unwrap();
    let delta = share.len() as isize - 32;
    let mut r = record[..at + 2].to_vec();
    r.extend_from_slice(&(share.len() as u16).to_be_bytes());
    r.extend_from_slice(share);
    r.extend_from_slice(&record[at + 4 + 32..]);
    let bump16 = |r: &mut Vec<u8>, i: usize| {
        let v = u16::from_be_bytes([r[i], r[i + 1]]) as isize + delta;
        r[i..i + 2].copy_from_slice(&(v as u16).to_be_bytes());
    };
    // record length, handshake length (24 bit, < 64 KiB here)
    bump16(&mut r, 3);
    bump16(&mut r, 7);
    // key_share: type 00 33, ext length, client_shares length, just before the entry
    bump16(&mut r, at - 4);
    bump16(&mut r, at - 2);
    // the extensions block length: after session id, suites, compression
    let mut i = 5 + 4 + 2 + 32;
    i += 1 + r[i] as usize;
    i += 2 + u16::from_be_bytes([r[i], r[i + 1]]) as usize;
    i += 1 + r[i] as usize;
    bump16(&mut r, i);
    r
}

fn alert_of(bytes: &[u8]) -> Option<(u8, u8)> {
    // plaintext alert record: 21 03 03 00 02 level desc
    (bytes.len() >= 7 && bytes[0] == 21).then(|| (bytes[5], bytes[6]))
}

#[test]
fn a_hostile_tls13_client_gets_the_rfcs_alerts() {
    let dir = TempDir::new("c13-hostile");
    let (_server, port) = serve(&dir, &[]);
    let ca = tlsim_core::pki::pem_to_der(&read(&dir.path("ca.pem")), "ca").unwrap();
    let hello = client_hello(&ca);
    // the unchanged hello gets a ServerHello
    let got = probe(port, &hello);
    assert_eq!(got[0], 22, "{got:02x?}");
    // 1. a key share of 31 bytes for x25519: illegal_parameter (RFC 8446 §4.2.8.2)
    let got = probe(port, &with_share(&hello, &[9u8; 31]));
    assert_eq!(alert_of(&got), Some((2, 47)), "{got:02x?}");
    // 2. a key_share whose list length overruns its extension: decode_error
    let mut bad = hello.clone();
    let at = bad
        .windows(4)
        .position(|w| w == [0x00, 0x1d, 0x00, 0x20])
        .unwrap();
    bad[at - 1] = bad[at - 1].wrapping_add(1);
    let got = probe(port, &bad);
    assert_eq!(alert_of(&got), Some((2, 50)), "{got:02x?}");
    // 3. a ClientHello cut short inside its extensions (record and handshake lengths say
    //    so, the extensions' own length does not): decode_error
    let mut short = hello[..hello.len() - 10].to_vec();
    let n = (short.len() - 5) as u16;
    short[3..5].copy_from_slice(&n.to_be_bytes());
    short[7..9].copy_from_slice(&(n - 4).to_be_bytes());
    let got = probe(port, &short);
    assert_eq!(alert_of(&got), Some((2, 50)), "{got:02x?}");
}

#[test]
fn a_flipped_record_from_the_client_gets_bad_record_mac() {
    let dir = TempDir::new("c13-flip");
    let (_server, port) = serve(&dir, &[]);
    let ca = tlsim_core::pki::pem_to_der(&read(&dir.path("ca.pem")), "ca").unwrap();
    let cfg = Client13Config::new("localhost", vec![ca]);
    let (mut c, out) = Client13::new(cfg, ChaCha20Rng::from_seed([6; 32]), now()).unwrap();
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    s.write_all(&out.records.concat()).unwrap();
    let mut buf = [0u8; 16384];
    let start = Instant::now();
    let mut flight = Vec::new();
    while !c.is_handshake_complete() && start.elapsed() < Duration::from_secs(10) {
        if let Ok(n) = s.read(&mut buf) {
            let o = c.feed(&buf[..n]).unwrap();
            flight.extend(o.records);
        }
    }
    assert!(c.is_handshake_complete());
    // our CCS and Finished: flip the last byte of the Finished record (its tag)
    let last = flight.last_mut().unwrap();
    assert_eq!(last[0], 23);
    let n = last.len() - 1;
    last[n] ^= 0x80;
    s.write_all(&flight.concat()).unwrap();
    // the server's answer: an alert sealed under its key; the client opens it
    let mut got = Vec::new();
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(5) {
        match s.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(_) => {}
        }
    }
    assert_eq!(got.first(), Some(&23), "the alert is encrypted: {got:02x?}");
    let e = c.feed(&got).unwrap_err();
    assert!(
        matches!(e, Error::PeerAlert(AlertDescription::BadRecordMac)),
        "{e:?}"
    );
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// A man in the middle on 127.0.0.1 that rewrites TLS 1.3 out of the first ClientHello's
/// supported_versions (03 04 becomes 03 03, the lengths unchanged) and relays everything else.
fn downgrading_proxy(upstream: u16) -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let Ok((mut client, _)) = listener.accept() else {
            return;
        };
        let mut server = TcpStream::connect(("127.0.0.1", upstream)).unwrap();
        // the first record: the ClientHello
        let mut head = [0u8; 5];
        client.read_exact(&mut head).unwrap();
        let mut body = vec![0u8; usize::from(u16::from_be_bytes([head[3], head[4]]))];
        client.read_exact(&mut body).unwrap();
        let sv = [0x00, 0x2b, 0x00, 0x05, 0x04, 0x03, 0x04, 0x03, 0x03];
        let at = body.windows(sv.len()).position(|w| w == sv).unwrap();
        body[at + 6] = 0x03;
        server.write_all(&head).unwrap();
        server.write_all(&body).unwrap();
        // then both ways as they come
        let (mut c2, mut s2) = (client.try_clone().unwrap(), server.try_clone().unwrap());
        std::thread::spawn(move || {
            let _ = std::io::copy(&mut s2, &mut c2);
        });
        let _ = std::io::copy(&mut client, &mut server);
    });
    port
}

#[test]
fn a_man_in_the_middle_who_strips_tls13_is_caught_by_the_sentinel() {
    let dir = TempDir::new("c13-downgrade");
    write_certs(&dir, "localhost");
    let port = free_port();
    // OpenSSL speaks both: seeing no TLS 1.3 offered it answers TLS 1.2, marking its random
    let _server = s_server13(&dir, port, &[]);
    let proxy = downgrading_proxy(port);
    let (code, _, err) = connect(&dir, proxy, &[]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("The server chose TLS 1.2 (0x0303)."), "{err}");
    assert!(
        err.contains("ends in 444f574e47524401: the downgrade sentinel of a TLS 1.3 server that negotiated TLS 1.2"),
        "{err}"
    );
    assert!(err.contains("(alert illegal_parameter (47))"), "{err}");
}
