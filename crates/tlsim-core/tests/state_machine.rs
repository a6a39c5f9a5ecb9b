//! The sans-IO client and server driven directly, in memory: records split and packed every
//! way, messages out of order, and an OpenSSL-style ClientHello. Built-in 2048-bit keys.

use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use tlsim_core::client::{Client, ClientConfig};
use tlsim_core::codec::Codec;
use tlsim_core::conn::Output;
use tlsim_core::msgs::*;
use tlsim_core::pki;
use tlsim_core::scenario::{DEFAULT_NOT_AFTER, DEFAULT_NOT_BEFORE, DEFAULT_NOW};
use tlsim_core::server::{Server, ServerConfig};
use tlsim_core::{Error, KeySource};

fn key(name: &str) -> rsa::RsaPrivateKey {
    pki::load_key(
        &KeySource::Builtin(name.into()),
        &mut ChaCha20Rng::from_seed([0; 32]),
        name,
    )
    .unwrap()
}

fn pair() -> (Client, Output, Server) {
    let ca = pki::issue_ca(
        "Test CA",
        &key("ca"),
        DEFAULT_NOT_BEFORE,
        DEFAULT_NOT_AFTER,
        &[1],
    )
    .unwrap();
    let leaf = pki::issue_leaf(
        "www.example.com",
        &["www.example.com".to_string()],
        &key("server").to_public_key(),
        &ca.der,
        &key("ca"),
        DEFAULT_NOT_BEFORE,
        DEFAULT_NOT_AFTER,
        &[2],
        false,
        false,
    )
    .unwrap();
    let (c, out) = Client::new(
        ClientConfig::new("www.example.com", vec![ca.der]),
        ChaCha20Rng::from_seed([1; 32]),
        DEFAULT_NOW,
    )
    .unwrap();
    let s = Server::new(
        ServerConfig::new(vec![leaf.der], key("server")),
        ChaCha20Rng::from_seed([2; 32]),
        DEFAULT_NOW,
    )
    .unwrap();
    (c, out, s)
}

/// Re-pack plaintext handshake records into one record per `chunk` bytes of handshake data.
fn repack(records: &[Vec<u8>], chunk: usize) -> Vec<u8> {
    let mut hs = Vec::new();
    for r in records {
        let rec = Record::from_bytes(r).unwrap();
        assert_eq!(rec.typ, ContentType::Handshake);
        hs.extend(rec.fragment);
    }
    hs.chunks(chunk)
        .flat_map(|c| {
            Record {
                typ: ContentType::Handshake,
                version: 0x0303,
                fragment: c.to_vec(),
            }
            .to_bytes()
        })
        .collect()
}

/// Run the handshake with the server's first flight delivered as `deliver(records)`.
fn handshake_with(deliver: impl Fn(&[Vec<u8>]) -> Vec<Vec<u8>>) {
    let (mut c, out, mut s) = pair();
    let flight = s.feed(&out.records.concat()).unwrap();
    assert_eq!(
        flight.records.len(),
        3,
        "ServerHello, Certificate, ServerHelloDone"
    );
    let mut reply = Output::default();
    for piece in deliver(&flight.records) {
        reply.append(c.feed(&piece).unwrap());
    }
    let fin = s.feed(&reply.records.concat()).unwrap();
    assert!(s.is_handshake_complete());
    c.feed(&fin.records.concat()).unwrap();
    assert!(c.is_handshake_complete());
    assert_eq!(c.master_secret(), s.master_secret());
    let data = c.send_app_data(b"ping").unwrap();
    assert_eq!(
        s.feed(&data.records.concat()).unwrap().app_data,
        vec![b"ping".to_vec()]
    );
}

#[test]
fn one_record_per_message() {
    handshake_with(|r| r.to_vec());
}

#[test]
fn all_messages_in_one_record_as_openssl_sends_them() {
    handshake_with(|r| vec![repack(r, 1 << 14)]);
}

#[test]
fn messages_spanning_records() {
    handshake_with(|r| vec![repack(r, 100)]);
    handshake_with(|r| vec![repack(r, 1)]);
}

#[test]
fn bytes_one_at_a_time() {
    handshake_with(|r| r.concat().into_iter().map(|b| vec![b]).collect());
}

#[test]
fn out_of_order_is_unexpected_message() {
    let (mut c, out, mut s) = pair();
    let flight = s.feed(&out.records.concat()).unwrap();
    // ServerHelloDone before ServerHello.
    let e = c.feed(&flight.records[2]).unwrap_err();
    assert!(matches!(e, Error::UnexpectedMessage(_)), "{e:?}");
    assert_eq!(
        e.alert(),
        tlsim_core::error::AlertDescription::UnexpectedMessage
    );
    let alert = c.alert(&e);
    assert_eq!(alert, [21, 3, 3, 0, 2, 2, 10]);
    // A server getting application data before any handshake.
    let (_, _, mut s) = pair();
    let e = s.feed(&[23, 3, 3, 0, 1, 0]).unwrap_err();
    assert!(matches!(e, Error::UnexpectedMessage(_)), "{e:?}");
}

#[test]
fn openssl_style_client_hello_gets_renegotiation_info_back() {
    let (_, _, mut s) = pair();
    let ch = ClientHello {
        client_version: 0x0303,
        random: [5; 32],
        session_id: vec![],
        cipher_suites: vec![
            CipherSuite::Unknown(0xc030),
            CipherSuite::TlsRsaWithAes128GcmSha256,
            CipherSuite::TlsEmptyRenegotiationInfoScsv,
        ],
        compression_methods: vec![0],
        extensions: vec![
            Extension::sni("www.example.com"),
            Extension::Unknown(0x000b, vec![3, 0, 1, 2]), // ec_point_formats
            Extension::Unknown(0x000a, vec![0, 4, 0, 0x1d, 0, 0x17]), // supported_groups
            Extension::Unknown(0x0023, vec![]),           // session_ticket
            Extension::Unknown(0x0016, vec![]),           // encrypt_then_mac
            Extension::ExtendedMasterSecret,
            Extension::SignatureAlgorithms(vec![0x0403, 0x0804, 0x0401]),
            Extension::Unknown(0x0015, vec![0; 40]), // padding
        ],
    };
    let rec = Record {
        typ: ContentType::Handshake,
        version: 0x0301, // OpenSSL's record version for a ClientHello
        fragment: HandshakeMessage::from(HandshakePayload::ClientHello(ch)).to_bytes(),
    };
    let out = s.feed(&rec.to_bytes()).unwrap();
    let sh = Record::from_bytes(&out.records[0]).unwrap();
    let HandshakePayload::ServerHello(sh) =
        HandshakeMessage::from_bytes(&sh.fragment).unwrap().payload
    else {
        panic!("not a ServerHello")
    };
    assert_eq!(sh.cipher_suite, CipherSuite::TlsRsaWithAes128GcmSha256);
    assert!(
        sh.extensions
            .contains(&Extension::RenegotiationInfo(vec![])),
        "RFC 5746: echo an empty renegotiation_info"
    );
    assert!(sh.has(ExtensionType::ExtendedMasterSecret));
    assert!(
        !sh.extensions
            .iter()
            .any(|e| matches!(e, Extension::Unknown(..))),
        "no unsolicited extensions"
    );
}

#[test]
fn close_notify_is_reported() {
    let (mut c, out, mut s) = pair();
    let f = s.feed(&out.records.concat()).unwrap();
    let r = c.feed(&f.records.concat()).unwrap();
    let f = s.feed(&r.records.concat()).unwrap();
    c.feed(&f.records.concat()).unwrap();
    let close = c.close().unwrap();
    assert!(s.feed(&close.records.concat()).unwrap().peer_closed);
}
