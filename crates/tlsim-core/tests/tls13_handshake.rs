//! The TLS 1.3 engines: client and server complete with each other (x25519, secp256r1, a
//! HelloRetryRequest), exchange data and close; a flipped byte, a forged CertificateVerify and
//! an untrusted CA fail with the RFC's alerts; and both against a real OpenSSL on loopback
//! (skipped when `openssl` is not on PATH). Builtin 2048-bit teaching keys.

use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use tlsim_core::error::{AlertDescription, Error};
use tlsim_core::kx::Group;
use tlsim_core::pki::{self, Issued};
use tlsim_core::scenario::{DEFAULT_NOT_AFTER, DEFAULT_NOT_BEFORE};
use tlsim_core::tls13::{Client13, Client13Config, Server13, Server13Config};
use tlsim_core::vocab::StepKey;
use tlsim_core::KeySource;

const NOW: i64 = 1_795_424_400;

fn key(name: &str) -> rsa::RsaPrivateKey {
    pki::load_key(
        &KeySource::Builtin(name.into()),
        &mut ChaCha20Rng::from_seed([0; 32]),
        name,
    )
    .unwrap()
}

fn ca(name: &str) -> Issued {
    pki::issue_ca(
        name,
        &key("ca"),
        DEFAULT_NOT_BEFORE,
        DEFAULT_NOT_AFTER,
        &[1],
    )
    .unwrap()
}

fn leaf(ca: &Issued) -> Issued {
    pki::issue_leaf(
        "localhost",
        &["localhost".to_string()],
        &key("server").to_public_key(),
        &ca.der,
        &key("ca"),
        DEFAULT_NOT_BEFORE,
        DEFAULT_NOT_AFTER,
        &[2],
        false,
        false,
    )
    .unwrap()
}

/// Run the handshake in memory; `tamper` may change each server record before delivery.
fn run(
    ccfg: Client13Config,
    scfg: Server13Config,
    mut tamper: impl FnMut(usize, &mut Vec<u8>),
) -> Result<(Client13, Server13, Vec<StepKey>), (Error, &'static str)> {
    let (mut c, out) = Client13::new(ccfg, ChaCha20Rng::from_seed([1; 32]), NOW).unwrap();
    let mut s = Server13::new(scfg, ChaCha20Rng::from_seed([2; 32]), NOW).unwrap();
    let mut keys: Vec<StepKey> = out.events.iter().map(|e| e.key).collect();
    let mut to_server = out.records;
    let mut n = 0;
    for _ in 0..10 {
        if c.is_handshake_complete() && s.is_handshake_complete() {
            break;
        }
        let mut to_client = Vec::new();
        for r in to_server.drain(..) {
            let o = s.feed(&r).map_err(|e| (e, "server"))?;
            keys.extend(o.events.iter().map(|e| e.key));
            to_client.extend(o.records);
        }
        for mut r in to_client {
            tamper(n, &mut r);
            n += 1;
            let o = c.feed(&r).map_err(|e| (e, "client"))?;
            keys.extend(o.events.iter().map(|e| e.key));
            to_server.extend(o.records);
        }
    }
    for r in to_server.drain(..) {
        let o = s.feed(&r).map_err(|e| (e, "server"))?;
        keys.extend(o.events.iter().map(|e| e.key));
    }
    Ok((c, s, keys))
}

fn configs() -> (Client13Config, Server13Config) {
    let ca = ca("TLS 1.3 Test CA");
    let leaf = leaf(&ca);
    (
        Client13Config::new("localhost", vec![ca.der.clone()]),
        Server13Config::new(vec![leaf.der], key("server")),
    )
}

fn complete(ccfg: Client13Config, scfg: Server13Config) -> Vec<StepKey> {
    let (mut c, mut s, keys) =
        run(ccfg, scfg, |_, _| {}).unwrap_or_else(|(e, who)| panic!("{who}: {e}"));
    assert!(c.is_handshake_complete() && s.is_handshake_complete());
    // data both ways, then close_notify
    let o = c.send_app_data(b"ping").unwrap();
    let got = s.feed(&o.records.concat()).unwrap();
    assert_eq!(got.app_data, vec![b"ping".to_vec()]);
    let o = s.send_app_data(b"pong").unwrap();
    let got = c.feed(&o.records.concat()).unwrap();
    assert_eq!(got.app_data, vec![b"pong".to_vec()]);
    let o = c.close().unwrap();
    assert!(s.feed(&o.records.concat()).unwrap().peer_closed);
    let o = s.close().unwrap();
    assert!(c.feed(&o.records.concat()).unwrap().peer_closed);
    keys
}

#[test]
fn completes_with_x25519() {
    let (c, s) = configs();
    let keys = complete(c, s);
    assert!(!keys.contains(&StepKey::HelloRetryRequest));
    assert!(keys.contains(&StepKey::VerifyCertificateVerify13));
    assert!(keys.contains(&StepKey::CompatCcsServer));
    assert!(keys.contains(&StepKey::CompatCcsClient));
}

#[test]
fn completes_with_secp256r1() {
    let (mut c, mut s) = configs();
    c.key_shares = vec![Group::Secp256r1];
    s.groups = vec![Group::Secp256r1];
    let keys = complete(c, s);
    assert!(!keys.contains(&StepKey::HelloRetryRequest));
}

#[test]
fn hello_retry_request_then_completes() {
    let (mut c, mut s) = configs();
    c.key_shares = vec![Group::X25519];
    s.groups = vec![Group::Secp256r1];
    let keys = complete(c, s);
    assert!(keys.contains(&StepKey::HelloRetryRequest));
    assert!(keys.contains(&StepKey::ClientHello13Retry));
}

#[test]
fn flipped_byte_in_encrypted_flight_is_bad_record_mac() {
    let (c, s) = configs();
    // records from the server: ServerHello, ChangeCipherSpec, EncryptedExtensions, ...
    let err = run(c, s, |i, r| {
        if i == 2 {
            let n = r.len();
            r[n - 3] ^= 1;
        }
    })
    .expect_err("must fail");
    assert_eq!(err.1, "client");
    assert_eq!(err.0.alert(), AlertDescription::BadRecordMac);
}

#[test]
fn forged_certificate_verify_is_decrypt_error() {
    let (c, mut s) = configs();
    s.key = key("client"); // signs with a key that is not its certificate's
    let err = run(c, s, |_, _| {}).expect_err("must fail");
    assert_eq!(err.1, "client");
    assert_eq!(err.0.alert(), AlertDescription::DecryptError);
}

#[test]
fn untrusted_ca_is_unknown_ca() {
    let (_, s) = configs();
    let other = pki::issue_ca(
        "Other CA",
        &key("client"),
        DEFAULT_NOT_BEFORE,
        DEFAULT_NOT_AFTER,
        &[9],
    )
    .unwrap();
    let c = Client13Config::new("localhost", vec![other.der]);
    let err = run(c, s, |_, _| {}).expect_err("must fail");
    assert_eq!(err.1, "client");
    assert_eq!(err.0.alert(), AlertDescription::UnknownCa);
}

#[test]
fn no_supported_versions_is_protocol_version() {
    // a TLS 1.2 ClientHello to the TLS 1.3 server
    let (_, s) = configs();
    let mut s = Server13::new(s, ChaCha20Rng::from_seed([2; 32]), NOW).unwrap();
    let cfg = tlsim_core::client::ClientConfig::new("localhost", vec![]);
    let (_, out) =
        tlsim_core::client::Client::new(cfg, ChaCha20Rng::from_seed([1; 32]), NOW).unwrap();
    let err = s.feed(&out.records.concat()).expect_err("must fail");
    assert_eq!(err.alert(), AlertDescription::ProtocolVersion);
}

// ---- real OpenSSL on loopback ----

fn have_openssl() -> bool {
    Command::new("openssl")
        .arg("version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

struct Files {
    dir: std::path::PathBuf,
    ca: Issued,
    leaf: Issued,
}

fn files(tag: &str) -> Files {
    let dir = std::env::temp_dir().join(format!("tlsim-tls13-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let nb = DEFAULT_NOT_BEFORE.min(now() - 86_400);
    let na = DEFAULT_NOT_AFTER.max(now() + 86_400);
    let ca = pki::issue_ca("TLS 1.3 Interop CA", &key("ca"), nb, na, &[1]).unwrap();
    let leaf = pki::issue_leaf(
        "localhost",
        &["localhost".to_string()],
        &key("server").to_public_key(),
        &ca.der,
        &key("ca"),
        nb,
        na,
        &[2],
        false,
        false,
    )
    .unwrap();
    std::fs::write(dir.join("ca.pem"), pki::cert_to_pem(&ca.der)).unwrap();
    std::fs::write(dir.join("server.pem"), pki::cert_to_pem(&leaf.der)).unwrap();
    std::fs::write(
        dir.join("server-key.pem"),
        pki::key_to_pem(&key("server")).unwrap(),
    )
    .unwrap();
    Files { dir, ca, leaf }
}

struct Kill(std::process::Child);
impl Drop for Kill {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn write_all(s: &mut TcpStream, recs: &[Vec<u8>]) {
    for r in recs {
        s.write_all(r).unwrap();
    }
}

/// Our client against `openssl s_server -tls1_3 -www` taking `groups`.
fn client_vs_s_server(tag: &str, groups: &str, shares: Vec<Group>) -> Vec<StepKey> {
    let f = files(tag);
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let _srv = Kill(
        Command::new("openssl")
            .args([
                "s_server",
                "-tls1_3",
                "-ciphersuites",
                "TLS_AES_128_GCM_SHA256",
                "-groups",
                groups,
                "-www",
                "-accept",
            ])
            .arg(port.to_string())
            .arg("-cert")
            .arg(f.dir.join("server.pem"))
            .arg("-key")
            .arg(f.dir.join("server-key.pem"))
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let start = Instant::now();
    let mut sock = loop {
        match TcpStream::connect(("127.0.0.1", port)) {
            Ok(s) => break s,
            Err(_) if start.elapsed() < Duration::from_secs(10) => {
                std::thread::sleep(Duration::from_millis(50))
            }
            Err(e) => panic!("s_server did not start: {e}"),
        }
    };
    sock.set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut cfg = Client13Config::new("localhost", vec![f.ca.der.clone()]);
    cfg.key_shares = shares;
    let (mut c, out) = Client13::new(cfg, ChaCha20Rng::from_seed([3; 32]), now()).unwrap();
    let mut keys: Vec<StepKey> = out.events.iter().map(|e| e.key).collect();
    write_all(&mut sock, &out.records);
    let mut buf = [0u8; 16384];
    while !c.is_handshake_complete() {
        let n = sock.read(&mut buf).unwrap();
        assert!(n > 0, "s_server closed during the handshake");
        let out = c
            .feed(&buf[..n])
            .unwrap_or_else(|e| panic!("client error: {e}"));
        keys.extend(out.events.iter().map(|e| e.key));
        write_all(&mut sock, &out.records);
    }
    write_all(
        &mut sock,
        &c.send_app_data(b"GET / HTTP/1.0\r\n\r\n").unwrap().records,
    );
    let mut got = Vec::new();
    while let Ok(n) = sock.read(&mut buf) {
        if n == 0 {
            break;
        }
        let out = c
            .feed(&buf[..n])
            .unwrap_or_else(|e| panic!("client error after handshake: {e}"));
        for d in out.app_data {
            got.extend(d);
        }
        if out.peer_closed {
            break;
        }
    }
    let text = String::from_utf8_lossy(&got);
    assert!(
        text.contains("HTTP/1.0 200 ok"),
        "s_server -www answered: {text}"
    );
    assert!(text.contains("TLSv1.3"), "{text}");
    assert!(text.contains("TLS_AES_128_GCM_SHA256"), "{text}");
    let _ = std::fs::remove_dir_all(&f.dir);
    keys
}

#[test]
fn our_client_with_openssl_server_x25519() {
    if !have_openssl() {
        return eprintln!("openssl not found: skipped");
    }
    let keys = client_vs_s_server("cx", "X25519", vec![Group::X25519]);
    assert!(!keys.contains(&StepKey::HelloRetryRequest));
}

#[test]
fn our_client_with_openssl_server_p256() {
    if !have_openssl() {
        return eprintln!("openssl not found: skipped");
    }
    let keys = client_vs_s_server("cp", "P-256", vec![Group::Secp256r1]);
    assert!(!keys.contains(&StepKey::HelloRetryRequest));
}

#[test]
fn our_client_with_openssl_server_hello_retry() {
    if !have_openssl() {
        return eprintln!("openssl not found: skipped");
    }
    let keys = client_vs_s_server("ch", "P-256", vec![Group::X25519]);
    assert!(keys.contains(&StepKey::HelloRetryRequest));
}

/// `openssl s_client -tls1_3` (offering `groups`) against our server taking `ours`.
fn s_client_vs_server(tag: &str, groups: &str, ours: Vec<Group>) -> String {
    let f = files(tag);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let mut child = Command::new("openssl")
        .args([
            "s_client",
            "-tls1_3",
            "-ign_eof",
            "-verify_return_error",
            "-servername",
            "localhost",
            "-groups",
            groups,
            "-connect",
        ])
        .arg(format!("127.0.0.1:{port}"))
        .arg("-CAfile")
        .arg(f.dir.join("ca.pem"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"ping from s_client\n")
        .unwrap();
    let (mut sock, _) = listener.accept().unwrap();
    sock.set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut cfg = Server13Config::new(vec![f.leaf.der.clone()], key("server"));
    cfg.groups = ours;
    let mut s = Server13::new(cfg, ChaCha20Rng::from_seed([4; 32]), now()).unwrap();
    let mut buf = [0u8; 16384];
    let mut got = Vec::new();
    while got.is_empty() {
        let n = sock.read(&mut buf).unwrap();
        assert!(n > 0, "s_client closed");
        let out = s
            .feed(&buf[..n])
            .unwrap_or_else(|e| panic!("server error: {e}"));
        write_all(&mut sock, &out.records);
        for d in out.app_data {
            got.extend(d);
        }
    }
    assert!(s.is_handshake_complete());
    assert_eq!(String::from_utf8_lossy(&got), "ping from s_client\n");
    write_all(
        &mut sock,
        &s.send_app_data(b"pong from tlsim\n").unwrap().records,
    );
    write_all(&mut sock, &s.close().unwrap().records);
    drop(sock);
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        stdout.contains("pong from tlsim"),
        "s_client printed: {stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("New, TLSv1.3, Cipher is TLS_AES_128_GCM_SHA256"),
        "{stdout}"
    );
    assert!(stdout.contains("Verify return code: 0 (ok)"), "{stdout}");
    let _ = std::fs::remove_dir_all(&f.dir);
    stdout
}

#[test]
fn openssl_client_with_our_server_x25519() {
    if !have_openssl() {
        return eprintln!("openssl not found: skipped");
    }
    s_client_vs_server("sx", "X25519:P-256", vec![Group::X25519]);
}

#[test]
fn openssl_client_with_our_server_p256() {
    if !have_openssl() {
        return eprintln!("openssl not found: skipped");
    }
    s_client_vs_server("sp", "P-256", vec![Group::Secp256r1]);
}

#[test]
fn openssl_client_with_our_server_hello_retry() {
    if !have_openssl() {
        return eprintln!("openssl not found: skipped");
    }
    // s_client sends a share for its first group only (X25519); our server takes P-256 only
    s_client_vs_server("sh", "X25519:P-256", vec![Group::Secp256r1]);
}
