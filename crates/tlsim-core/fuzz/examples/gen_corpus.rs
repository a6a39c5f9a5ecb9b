//! Writes the seed corpus (`corpus/<target>/`): real messages, records, certificates, PEMs and
//! replay files from one handshake with the fixed keys and seeds of `fuzz_targets/common.rs`.
//! Run from this directory: `cargo run --example gen_corpus` (stable is fine).

#[path = "../fuzz_targets/common.rs"]
mod common;

use std::fs;
use std::path::Path;
use tlsim_core::codec::Codec;
use tlsim_core::msgs::{HandshakeMessage, Record};
use tlsim_core::pki;

fn put(target: &str, name: &str, bytes: &[u8]) {
    let dir = Path::new("corpus").join(target);
    fs::create_dir_all(&dir).expect("mkdir");
    fs::write(dir.join(name), bytes).expect("write");
}

/// One handshake between the fixed client and server: every record each side sent, in order.
fn run(o: common::Opts) -> (Vec<Vec<u8>>, Vec<Vec<u8>>) {
    let (mut c, first) = common::client(o);
    let mut s = common::server(o);
    let (mut from_client, mut from_server) = (first.records, Vec::new());
    let mut ci = 0;
    let mut si = 0;
    for _ in 0..10 {
        let bytes: Vec<u8> = from_client[ci..].concat();
        ci = from_client.len();
        from_server.extend(s.feed(&bytes).expect("server").records);
        let bytes: Vec<u8> = from_server[si..].concat();
        si = from_server.len();
        from_client.extend(c.feed(&bytes).expect("client").records);
        if c.is_handshake_complete() && s.is_handshake_complete() {
            break;
        }
    }
    assert!(c.is_handshake_complete() && s.is_handshake_complete());
    from_client.extend(
        c.send_app_data(b"GET / HTTP/1.1\r\n\r\n")
            .expect("app")
            .records,
    );
    from_client.extend(c.close().expect("close").records);
    from_server.extend(
        s.send_app_data(b"HTTP/1.1 200 OK\r\n\r\nhello")
            .expect("app")
            .records,
    );
    (from_client, from_server)
}

fn main() {
    let w = common::world();
    let mut plain_msgs = Vec::new();
    for (i, o) in [
        common::Opts {
            client_auth: false,
            ems: true,
        },
        common::Opts {
            client_auth: true,
            ems: false,
        },
    ]
    .into_iter()
    .enumerate()
    {
        let (cr, sr) = run(o);
        // conn_feed: what each side receives, whole and chunked
        put(
            "conn_feed",
            &format!("server_{i}"),
            &[&[o.to_byte(false)], &cr.concat()[..]].concat(),
        );
        put(
            "conn_feed",
            &format!("client_{i}"),
            &[&[o.to_byte(true)], &sr.concat()[..]].concat(),
        );
        put(
            "conn_feed",
            &format!("client_chunked_{i}"),
            &[&[o.to_byte(true) | 8], &sr.concat()[..]].concat(),
        );
        // record: protected records as they came (mode 0), and a plaintext to seal (mode 1)
        put(
            "record",
            &format!("wire_{i}"),
            &[&[0u8], &sr.concat()[..]].concat(),
        );
        // codec: every plaintext handshake message; every record
        for rec in cr.iter().chain(&sr) {
            let (r, _) = Record::parse_prefix(rec).expect("record").expect("whole");
            if r.typ.get() == 22 {
                if let Ok(m) = HandshakeMessage::from_bytes(&r.fragment) {
                    plain_msgs.push(m.to_bytes());
                }
            }
        }
        if i == 0 {
            put("codec", "record", &[&[11u8], &cr[0][..]].concat());
        }
    }
    plain_msgs.sort();
    plain_msgs.dedup();
    for (k, m) in plain_msgs.iter().enumerate() {
        if m.len() < 4096 {
            put(
                "codec",
                &format!("hs_{k:02}_{}", m[0]),
                &[&[0u8], &m[..]].concat(),
            );
        }
        // the message body alone, selected by type (1 ClientHello, 2 ServerHello, ...)
        let sel = match m[0] {
            1 => 1u8,
            2 => 2,
            11 => 3,
            13 => 4,
            15 => 5,
            16 => 6,
            _ => continue,
        };
        put(
            "codec",
            &format!("body_{k:02}_{}", m[0]),
            &[&[sel], &m[4..]].concat(),
        );
    }
    put("record", "plain", b"\x01\x02\x07\x00GET / HTTP/1.1\r\n\r\n");
    put("record", "short", &[0, 23, 3, 3, 0, 4, 1, 2, 3, 4]);
    // x509: the CA, the leaf, the client certificate
    put("x509", "ca.der", &w.ca_der);
    put("x509", "leaf.der", &w.leaf_der);
    put("x509", "client.der", &w.client_der);
    // pem: a certificate, a PKCS#8 key, a PKCS#1 key
    put("pem", "cert.pem", pki::cert_to_pem(&w.leaf_der).as_bytes());
    put(
        "pem",
        "key_pkcs8.pem",
        pki::builtin_pem("server").expect("builtin").as_bytes(),
    );
    {
        use rsa::pkcs1::EncodeRsaPrivateKey;
        let p = w
            .client_key
            .to_pkcs1_pem(rsa::pkcs8::LineEnding::CRLF)
            .expect("pkcs1");
        put("pem", "key_pkcs1_crlf.pem", p.as_bytes());
    }
    put(
        "pem",
        "garbage.pem",
        b"Bag Attributes\n-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
    );
    // replay: one whole session, one message per line (hex), EMS and not
    for (i, o) in [
        common::Opts {
            client_auth: false,
            ems: true,
        },
        common::Opts {
            client_auth: false,
            ems: false,
        },
    ]
    .into_iter()
    .enumerate()
    {
        put(
            "replay",
            &format!("session_{i}.txt"),
            replay_text(o).as_bytes(),
        );
    }
    put(
        "replay",
        "comments.txt",
        b"# ClientHello\n01 00 00 00 # empty\n\n16:00:00:02:00:00\n",
    );
    println!("corpus written under corpus/");
}

/// The session as `tlsim replay` wants it: plaintext handshake messages in wire order, the two
/// Finished decrypted (the simulated peers log them; here they are rebuilt from the events).
fn replay_text(o: common::Opts) -> String {
    let (mut c, first) = common::client(o);
    let mut s = common::server(o);
    let mut lines = Vec::new();
    let mut grab = |recs: &[Vec<u8>]| {
        for rec in recs {
            if let Ok(Some((r, _))) = Record::parse_prefix(rec) {
                if r.typ.get() == 22 && HandshakeMessage::from_bytes(&r.fragment).is_ok() {
                    lines.push(hex::encode(&r.fragment));
                }
            }
        }
    };
    grab(&first.records);
    let sf = s.feed(&first.records.concat()).expect("server");
    grab(&sf.records);
    let cf = c.feed(&sf.records.concat()).expect("client");
    grab(&cf.records);
    let sf2 = s.feed(&cf.records.concat()).expect("server");
    let _ = c.feed(&sf2.records.concat()).expect("client");
    // the Finished messages went encrypted: rebuild them from the verify_data each side derived
    for (out, name) in [(&cf, "client_verify_data"), (&sf2, "server_verify_data")] {
        let vd = out
            .events
            .iter()
            .flat_map(|e| &e.derived)
            .find(|d| d.name.name() == name)
            .expect("verify_data");
        lines.push(format!("1400000c{}", hex::encode(&vd.value)));
    }
    lines.join("\n") + "\n"
}
