//! The sans-IO client and server against a real OpenSSL 3 peer on loopback (TCP), both ways,
//! with and without extended master secret, and with client authentication.
//! Skipped (with a message) when `openssl` is not on PATH. Builtin 2048-bit teaching keys.

use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use tlsim_core::client::{Client, ClientConfig, ClientIdentity};
use tlsim_core::conn::Output;
use tlsim_core::pki::{self, Issued};
use tlsim_core::scenario::{DEFAULT_NOT_AFTER, DEFAULT_NOT_BEFORE};
use tlsim_core::server::{ClientAuth, Server, ServerConfig};
use tlsim_core::KeySource;

fn have_openssl() -> bool {
    Command::new("openssl")
        .arg("version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn key(name: &str) -> rsa::RsaPrivateKey {
    pki::load_key(
        &KeySource::Builtin(name.into()),
        &mut ChaCha20Rng::from_seed([0; 32]),
        name,
    )
    .unwrap()
}

struct Pki {
    dir: PathBuf,
    ca: Issued,
    server: Issued,
    client: Issued,
}

fn setup(tag: &str) -> Pki {
    let dir = std::env::temp_dir().join(format!("tlsim-interop-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let nb = DEFAULT_NOT_BEFORE.min(now() - 86_400);
    let na = DEFAULT_NOT_AFTER.max(now() + 86_400);
    let ca = pki::issue_ca("Interop Test CA", &key("ca"), nb, na, &[1]).unwrap();
    let sans = vec!["localhost".to_string()];
    let server = pki::issue_leaf(
        "localhost",
        &sans,
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
    let client = pki::issue_leaf(
        "interop client",
        &[],
        &key("client").to_public_key(),
        &ca.der,
        &key("ca"),
        nb,
        na,
        &[3],
        true,
        false,
    )
    .unwrap();
    std::fs::write(dir.join("ca.pem"), pki::cert_to_pem(&ca.der)).unwrap();
    std::fs::write(dir.join("server.pem"), pki::cert_to_pem(&server.der)).unwrap();
    std::fs::write(
        dir.join("server-key.pem"),
        pki::key_to_pem(&key("server")).unwrap(),
    )
    .unwrap();
    std::fs::write(dir.join("client.pem"), pki::cert_to_pem(&client.der)).unwrap();
    std::fs::write(
        dir.join("client-key.pem"),
        pki::key_to_pem(&key("client")).unwrap(),
    )
    .unwrap();
    std::fs::write(dir.join("no-ems.cnf"), NO_EMS_CONF).unwrap();
    Pki {
        dir,
        ca,
        server,
        client,
    }
}

const NO_EMS_CONF: &str = "openssl_conf = init\n[init]\nssl_conf = ssl\n[ssl]\nsystem_default = sys\n[sys]\nOptions = -ExtendedMasterSecret\n";

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

struct Kill(Child);
impl Drop for Kill {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn write_all(s: &mut TcpStream, out: &Output) {
    for r in &out.records {
        s.write_all(r).unwrap();
    }
}

/// Our client against `openssl s_server -www`.
fn client_vs_s_server(ems: bool, client_auth: bool) {
    if !have_openssl() {
        eprintln!("openssl not found: skipped");
        return;
    }
    let p = setup(&format!("c{}{}", ems as u8, client_auth as u8));
    let port = free_port();
    let mut cmd = Command::new("openssl");
    cmd.args([
        "s_server",
        "-tls1_2",
        "-cipher",
        "AES128-GCM-SHA256",
        "-www",
        "-accept",
    ])
    .arg(port.to_string())
    .arg("-cert")
    .arg(p.dir.join("server.pem"))
    .arg("-key")
    .arg(p.dir.join("server-key.pem"));
    if client_auth {
        cmd.arg("-Verify")
            .arg("1")
            .arg("-CAfile")
            .arg(p.dir.join("ca.pem"));
    }
    if !ems {
        cmd.env("OPENSSL_CONF", p.dir.join("no-ems.cnf"));
    }
    let _srv = Kill(
        cmd.stdin(Stdio::piped())
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
    let mut cfg = ClientConfig::new("localhost", vec![p.ca.der.clone()]);
    cfg.ems = true; // we always offer; the server decides
    if client_auth {
        cfg.identity = Some(ClientIdentity {
            chain: vec![p.client.der.clone()],
            key: key("client"),
        });
    }
    let (mut client, out) = Client::new(cfg, ChaCha20Rng::from_seed([1; 32]), now()).unwrap();
    write_all(&mut sock, &out);
    let mut buf = [0u8; 16384];
    while !client.is_handshake_complete() {
        let n = sock.read(&mut buf).unwrap();
        assert!(n > 0, "s_server closed during the handshake");
        let out = client
            .feed(&buf[..n])
            .unwrap_or_else(|e| panic!("client error: {e}"));
        write_all(&mut sock, &out);
    }
    assert_eq!(client.extended_master_secret(), ems);
    write_all(
        &mut sock,
        &client.send_app_data(b"GET / HTTP/1.0\r\n\r\n").unwrap(),
    );
    let mut got = Vec::new();
    while let Ok(n) = sock.read(&mut buf) {
        if n == 0 {
            break;
        }
        let out = client
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
    assert!(text.contains("AES128-GCM-SHA256"), "{text}");
    let _ = std::fs::remove_dir_all(&p.dir);
}

/// `openssl s_client` against our server.
fn s_client_vs_server(ems: bool, client_auth: bool) {
    if !have_openssl() {
        eprintln!("openssl not found: skipped");
        return;
    }
    let p = setup(&format!("s{}{}", ems as u8, client_auth as u8));
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let mut cmd = Command::new("openssl");
    cmd.args([
        "s_client",
        "-tls1_2",
        "-ign_eof",
        "-verify_return_error",
        "-servername",
        "localhost",
        "-connect",
    ])
    .arg(format!("127.0.0.1:{port}"))
    .arg("-CAfile")
    .arg(p.dir.join("ca.pem"));
    if client_auth {
        cmd.arg("-cert")
            .arg(p.dir.join("client.pem"))
            .arg("-key")
            .arg(p.dir.join("client-key.pem"));
    }
    if !ems {
        cmd.env("OPENSSL_CONF", p.dir.join("no-ems.cnf"));
    }
    let mut child = cmd
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
    let mut cfg = ServerConfig::new(vec![p.server.der.clone()], key("server"));
    if client_auth {
        cfg.client_auth = Some(ClientAuth::from_roots(vec![p.ca.der.clone()]).unwrap());
    }
    let mut server = Server::new(cfg, ChaCha20Rng::from_seed([2; 32]), now()).unwrap();
    let mut buf = [0u8; 16384];
    let mut got = Vec::new();
    while got.is_empty() {
        let n = sock.read(&mut buf).unwrap();
        assert!(n > 0, "s_client closed");
        let out = server
            .feed(&buf[..n])
            .unwrap_or_else(|e| panic!("server error: {e}"));
        write_all(&mut sock, &out);
        for d in out.app_data {
            got.extend(d);
        }
    }
    assert_eq!(server.extended_master_secret(), ems);
    assert_eq!(String::from_utf8_lossy(&got), "ping from s_client\n");
    write_all(
        &mut sock,
        &server.send_app_data(b"pong from tlsim\n").unwrap(),
    );
    write_all(&mut sock, &server.close().unwrap());
    drop(sock);
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("pong from tlsim"),
        "s_client printed: {stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("Verify return code: 0 (ok)"), "{stdout}");
    assert!(stdout.contains("AES128-GCM-SHA256"), "{stdout}");
    let _ = std::fs::remove_dir_all(&p.dir);
}

#[test]
fn our_client_with_openssl_server_ems() {
    client_vs_s_server(true, false);
}

#[test]
fn our_client_with_openssl_server_no_ems() {
    client_vs_s_server(false, false);
}

#[test]
fn our_client_with_openssl_server_client_auth() {
    client_vs_s_server(true, true);
}

#[test]
fn openssl_client_with_our_server_ems() {
    s_client_vs_server(true, false);
}

#[test]
fn openssl_client_with_our_server_no_ems() {
    s_client_vs_server(false, false);
}

#[test]
fn openssl_client_with_our_server_client_auth() {
    s_client_vs_server(true, true);
}
