//! `tlsim serve` on 127.0.0.1 against a hostile client: the bytes of each class a TLS
//! conformance suite probes, sent over TCP by this harness; the exact alert is read off the
//! wire, and after each the server still completes a handshake with a well-behaved client
//! (the core's own client, and in one test OpenSSL). The same classes in memory:
//! tlsim-core/tests/hostile.rs.

mod common;

use common::{tlsim, Proc, TempDir};
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};
use tlsim_core::client::{Client, ClientConfig};
use tlsim_core::codec::Codec;
use tlsim_core::keys::Secrets;
use tlsim_core::msgs::{CipherSuite, ClientHello, Extension, HandshakeMessage, HandshakePayload};
use tlsim_core::pki;
use tlsim_core::record::RecordCipher;

const SEED: &str = "1111111111111111111111111111111111111111111111111111111111111111";
/// serve's idle time-out in these tests: a silent close would come only after this.
const IDLE: u64 = 20;

struct Serve {
    proc: Proc,
    port: u16,
    dir: TempDir,
}

fn serve(extra: &[&str]) -> Serve {
    let dir = TempDir::new("hostile");
    let mut cmd = tlsim();
    cmd.args(["serve", "--port", "0", "--seed", SEED, "--timeout"])
        .arg(IDLE.to_string())
        .arg("--out")
        .arg(&dir.0)
        .args(extra);
    let mut proc = Proc::spawn(cmd);
    let line = proc.wait_for("listening on 127.0.0.1:", 20);
    let port = line.rsplit(':').next().unwrap().trim().parse().unwrap();
    Serve { proc, port, dir }
}

fn records(typ: u8, content: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let chunks: Vec<&[u8]> = if content.is_empty() {
        vec![&[]]
    } else {
        content.chunks(16384).collect()
    };
    for c in chunks {
        out.extend_from_slice(&[typ, 3, 3]);
        out.extend_from_slice(&(c.len() as u16).to_be_bytes());
        out.extend_from_slice(c);
    }
    out
}

fn hello(extra_suites: usize, extensions: Vec<Extension>) -> Vec<u8> {
    let mut cipher_suites = vec![CipherSuite::TlsRsaWithAes128GcmSha256];
    cipher_suites.extend((0..extra_suites).map(|i| CipherSuite::from_value(0x1000 + i as u16)));
    HandshakeMessage::from(HandshakePayload::ClientHello(ClientHello {
        client_version: 0x0303,
        random: [9; 32],
        session_id: Vec::new(),
        cipher_suites,
        compression_methods: vec![0],
        extensions,
    }))
    .to_bytes()
}

/// What came back for `bytes`: the records (type, content) until the server closed, and how
/// long that took.
fn probe(port: u16, bytes: &[u8]) -> (Vec<(u8, Vec<u8>)>, Duration) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(IDLE + 10)))
        .unwrap();
    let start = Instant::now();
    // The server may close while we still write (it answers on a header): ignore that.
    let _ = s.write_all(bytes);
    let mut got = Vec::new();
    let mut buf = [0u8; 65536];
    loop {
        match s.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => got.extend_from_slice(&buf[..n]),
        }
    }
    (parse(&got), start.elapsed())
}

fn parse(bytes: &[u8]) -> Vec<(u8, Vec<u8>)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i + 5 <= bytes.len() {
        let len = u16::from_be_bytes([bytes[i + 3], bytes[i + 4]]) as usize;
        let end = (i + 5 + len).min(bytes.len());
        out.push((bytes[i], bytes[i + 5..end].to_vec()));
        i += 5 + len;
    }
    out
}

/// The plaintext alert among `recs`: (level, description).
fn alert(recs: &[(u8, Vec<u8>)]) -> (u8, u8) {
    let a = recs
        .iter()
        .find(|(t, _)| *t == 21)
        .unwrap_or_else(|| panic!("no alert in {recs:02x?}"));
    (a.1[0], a.1[1])
}

/// Handshake types (first byte of each handshake record) before the alert.
fn flight(recs: &[(u8, Vec<u8>)]) -> Vec<u8> {
    recs.iter()
        .take_while(|(t, _)| *t != 21)
        .filter(|(t, _)| *t == 22)
        .map(|(_, c)| c[0])
        .collect()
}

/// A well-behaved client: the core's client over TCP, a whole handshake and one message.
/// Returns the connection, its keys (fixed pre-master, no EMS) and the reply to "ping".
struct Good {
    s: TcpStream,
    client_write: RecordCipher,
    server_read: RecordCipher,
}

fn good_client(srv: &Serve) -> Good {
    good_client_at(srv.port, &srv.dir.path("ca.pem"))
}

fn good_client_at(port: u16, ca_pem: &std::path::Path) -> Good {
    let ca = pki::pem_to_der(&common::read(ca_pem), "ca.pem").unwrap();
    let mut config = ClientConfig::new("localhost", vec![ca]);
    config.ems = false;
    config.pre_master = Some(vec![3; 48]);
    let (mut c, out) = Client::new(config, ChaCha20Rng::from_seed([5; 32]), now()).unwrap();
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s.write_all(&out.records.concat()).unwrap();
    let mut server_random = None;
    let mut buf = [0u8; 65536];
    while !c.is_handshake_complete() {
        let n = s.read(&mut buf).expect("server answers");
        assert!(n > 0, "server closed during the handshake");
        if server_random.is_none() && buf[0] == 22 && buf[5] == 2 {
            let len = u16::from_be_bytes([buf[3], buf[4]]) as usize;
            let m = HandshakeMessage::from_bytes(&buf[5..5 + len]).unwrap();
            if let HandshakePayload::ServerHello(sh) = m.payload {
                server_random = Some(sh.random);
            }
        }
        let out = c.feed(&buf[..n]).expect("handshake");
        s.write_all(&out.records.concat()).unwrap();
    }
    let (secrets, _) = Secrets::derive(
        &[3; 48],
        &c.client_random(),
        &server_random.unwrap(),
        false,
        &[],
    );
    let mut client_write = secrets.client_cipher();
    let mut server_read = secrets.server_cipher();
    // Each side's Finished used sequence number 0.
    client_write.seal(22, 0x0303, b"-").unwrap();
    let mut w = secrets.server_cipher();
    server_read
        .open(22, 0x0303, &w.seal(22, 0x0303, b"-").unwrap().fragment)
        .unwrap();
    Good {
        s,
        client_write,
        server_read,
    }
}

impl Good {
    fn send(&mut self, typ: u8, m: &[u8]) {
        let f = self.client_write.seal(typ, 0x0303, m).unwrap().fragment;
        let mut r = vec![typ, 3, 3];
        r.extend_from_slice(&(f.len() as u16).to_be_bytes());
        r.extend(f);
        self.s.write_all(&r).unwrap();
    }

    /// The next record from the server, decrypted: (type, content).
    fn recv(&mut self) -> (u8, Vec<u8>) {
        let mut h = [0u8; 5];
        self.s.read_exact(&mut h).unwrap();
        let mut f = vec![0u8; u16::from_be_bytes([h[3], h[4]]) as usize];
        self.s.read_exact(&mut f).unwrap();
        (h[0], self.server_read.open(h[0], 0x0303, &f).unwrap())
    }

    fn ping(&mut self) -> Vec<u8> {
        self.send(23, b"ping");
        let (t, d) = self.recv();
        assert_eq!(t, 23);
        d
    }
}

/// The clock `serve` issued its certificate by (valid from an hour ago for 30 days).
fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn still_serving(srv: &Serve) {
    let mut g = good_client(srv);
    assert_eq!(g.ping(), b"hello from tlsim serve\n");
}

// ---- the classes ----

/// A ClientHello of exactly `total` bytes: cipher suites up to their 2^16-2 limit, then unknown
/// extensions (each at most 1,000 bytes) for the rest.
fn big_hello(total: usize) -> Vec<u8> {
    let suites = ((total - 2_000) / 2).min(32_766);
    // the extensions block's 2-byte length comes with the first extension
    let mut len = hello(suites, vec![]).len() + 2;
    let mut exts = Vec::new();
    while len < total {
        let data = (total - len - 4).min(996);
        exts.push(Extension::Unknown(
            0xfe00 + exts.len() as u16,
            vec![0x5a; data],
        ));
        len += 4 + data;
    }
    hello(suites, exts)
}

#[test]
fn large_client_hellos_get_a_server_hello() {
    let srv = serve(&[]);
    for total in [65_537, 131_000] {
        let m = big_hello(total);
        assert_eq!(m.len(), total);
        let (recs, _) = probe_until(srv.port, &records(22, &m), 3);
        assert_eq!(flight(&recs), vec![2, 11, 14], "{total}-byte hello");
    }
    still_serving(&srv);
}

/// Like [`probe`] but stop after `n` records (a good hello is answered and then waits).
fn probe_until(port: u16, bytes: &[u8], n: usize) -> (Vec<(u8, Vec<u8>)>, Duration) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let start = Instant::now();
    s.write_all(bytes).unwrap();
    let mut got = Vec::new();
    let mut buf = [0u8; 65536];
    while parse(&got).len() < n {
        match s.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(k) => got.extend_from_slice(&buf[..k]),
        }
    }
    (parse(&got), start.elapsed())
}

#[test]
fn a_message_of_the_wrong_type_is_unexpected_message() {
    let srv = serve(&[]);
    let mut m = hello(0, vec![]);
    for typ in [2u8, 11, 13, 14, 15, 16] {
        m[0] = typ;
        let (recs, _) = probe(srv.port, &records(22, &m));
        assert_eq!(alert(&recs), (2, 10), "type {typ}");
    }
    still_serving(&srv);
}

#[test]
fn a_two_byte_change_cipher_spec_is_unexpected_message() {
    let srv = serve(&[]);
    let mut bytes = records(22, &hello(0, vec![]));
    bytes.extend(records(20, &[1, 1]));
    let (recs, _) = probe(srv.port, &bytes);
    assert_eq!(flight(&recs), vec![2, 11, 14]);
    assert_eq!(alert(&recs), (2, 10));
    still_serving(&srv);
}

#[test]
fn server_name_errors_get_decode_error_or_illegal_parameter() {
    let srv = serve(&[]);
    let list = |names: &[&[u8]]| {
        let mut l = Vec::new();
        for n in names {
            l.push(0);
            l.extend_from_slice(&(n.len() as u16).to_be_bytes());
            l.extend_from_slice(n);
        }
        let mut out = (l.len() as u16).to_be_bytes().to_vec();
        out.extend(l);
        out
    };
    let cases: [(Vec<u8>, u8); 5] = [
        (vec![0, 0], 50),
        (list(&[b""]), 50),
        (list(&[b"local\0host"]), 47),
        (list(&[b"local\x1bhost"]), 47),
        (list(&[b"localhost", b"other"]), 47),
    ];
    for (ext, want) in cases {
        let (recs, _) = probe(
            srv.port,
            &records(22, &hello(0, vec![Extension::Unknown(0, ext.clone())])),
        );
        assert_eq!(alert(&recs), (2, want), "{ext:02x?}");
    }
    // an unknown name goes on
    let (recs, _) = probe_until(
        srv.port,
        &records(22, &hello(0, vec![Extension::sni("unknown.example")])),
        3,
    );
    assert_eq!(flight(&recs), vec![2, 11, 14]);
    still_serving(&srv);
}

#[test]
fn records_that_can_never_be_tls_1_2_are_answered_at_once() {
    let srv = serve(&[]);
    // an SSLv2-compatible ClientHello (RFC 5246 E.2): 2-byte length with the high bit set,
    // msg_type 1, version 3.1, then cipher specs... only its first bytes are needed
    let sslv2 = [0x80u8, 0x2e, 0x01, 0x03, 0x01, 0x00, 0x15, 0x00];
    // a record of unknown content type 99 that announces 16,000 bytes, of which 10 come
    let mut unknown = vec![99u8, 3, 3, 0x3e, 0x80];
    unknown.extend([0; 10]);
    for bytes in [&sslv2[..], &unknown] {
        let (recs, took) = probe(srv.port, bytes);
        assert_eq!(alert(&recs), (2, 10), "{bytes:02x?}");
        // answered, not left to the idle time-out
        assert!(took < Duration::from_secs(IDLE / 2), "took {took:?}");
    }
    still_serving(&srv);
}

#[test]
fn a_flood_of_warning_alerts_is_cut_short() {
    let srv = serve(&[]);
    let mut bytes = records(22, &hello(0, vec![]));
    for _ in 0..1000 {
        bytes.extend(records(21, &[1, 90]));
    }
    let (recs, _) = probe(srv.port, &bytes);
    assert_eq!(flight(&recs), vec![2, 11, 14]);
    assert_eq!(alert(&recs), (2, 10));
    still_serving(&srv);
}

#[test]
fn a_heartbeat_after_the_client_hello_still_gets_the_flight_then_the_alert() {
    let srv = serve(&[]);
    let mut bytes = records(22, &hello(0, vec![]));
    bytes.extend(records(24, &[1, 0, 16, 1, 2, 3, 4]));
    let (recs, _) = probe(srv.port, &bytes);
    assert_eq!(flight(&recs), vec![2, 11, 14]);
    assert_eq!(alert(&recs), (2, 10));
    still_serving(&srv);
}

#[test]
fn renegotiation_gets_a_warning_and_the_connection_goes_on() {
    let srv = serve(&[]);
    let mut g = good_client(&srv);
    assert_eq!(g.ping(), b"hello from tlsim serve\n");
    g.send(
        22,
        &hello(0, vec![Extension::RenegotiationInfo(vec![0; 12])]),
    );
    assert_eq!(g.recv(), (21, vec![1, 100]), "warning no_renegotiation");
    assert_eq!(
        g.ping(),
        b"hello from tlsim serve\n",
        "the connection goes on"
    );
}

#[test]
fn a_silent_client_does_not_stall_the_others() {
    let mut srv = serve(&[]);
    // connection 1 says nothing and stays open
    let silent = TcpStream::connect(("127.0.0.1", srv.port)).unwrap();
    srv.proc.wait_for("connection 1 from", 10);
    // connections 2..4: whole handshakes and a message each while it waits
    for _ in 0..3 {
        let mut g = good_client(&srv);
        assert_eq!(g.ping(), b"hello from tlsim serve\n");
    }
    srv.proc.wait_for("connection 4 from", 10);
    // the silent one is still open: the others did not wait for its time-out
    assert!(
        !srv.proc.seen.iter().any(|l| l.contains("connection 1:")),
        "{}",
        srv.proc.seen.join("\n")
    );
    drop(silent);
}
