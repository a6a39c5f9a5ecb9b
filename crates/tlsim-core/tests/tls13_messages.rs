//! Known answers: the TLS 1.3 handshake messages of RFC 8448 §3, "Simple 1-RTT Handshake"
//! (TLS_AES_128_GCM_SHA256, x25519, rsa_pss_rsae_sha256), read with the TLS 1.3 codec and
//! written back byte for byte: ClientHello, ServerHello, EncryptedExtensions, Certificate,
//! CertificateVerify, both Finished and the NewSessionTicket (opened from the RFC's record).
//! The server's CertificateVerify is verified with the RFC certificate's key over the RFC's
//! transcript hash; every truncation of every message is a decode error.
//!
//! The constants are copied from RFC 8448 §3 (the `{client}` / `{server}` lines in each
//! comment), as in `tls13_rfc8448.rs`; nothing is produced by this engine.

mod rfc8448;

use hex_literal::hex;
use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha20Rng;
use rfc8448::*;
use tlsim_core::codec::{Codec, Reader, Spans};
use tlsim_core::msgs::{ContentType, Extension, ExtensionType, HandshakeMessage};
use tlsim_core::tls13::certificate_verify::{self, signed_content};
use tlsim_core::tls13::ext::{RSA_PSS_RSAE_SHA256, TLS13, X25519};
use tlsim_core::tls13::hello::{
    downgrade_sentinel, DOWNGRADE_TLS11, DOWNGRADE_TLS12, HELLO_RETRY_REQUEST_RANDOM,
    TLS_AES_128_GCM_SHA256,
};
use tlsim_core::tls13::key_schedule::{
    traffic_keys, transcript_hash, Context as Transcript, EarlySecret, Sender,
};
use tlsim_core::tls13::record::RecordCipher;
use tlsim_core::tls13::{
    Extension13, Extensions, Handshake13, KeyShare, KeyShareEntry, Payload13, ServerHello13,
    SupportedVersions,
};
use tlsim_core::vocab::FieldName;
use tlsim_core::Error;

// {server} derive secret for handshake "tls13 derived": ... extract secret "handshake": IKM.
// {client} construct a ClientHello handshake message.
// {server} construct a ServerHello handshake message.
// {server} construct an EncryptedExtensions handshake message.
// {server} construct a Certificate handshake message.
// {server} construct a CertificateVerify handshake message.
// {server} construct a Finished handshake message.
// {client} construct a Finished handshake message.
// {server} send handshake record: the NewSessionTicket, the first record under the server
// application key.
// {client} create an ephemeral x25519 key pair: public key.
// {server} create an ephemeral x25519 key pair: public key.
// {server} derive secret "tls13 c hs traffic": hash (ClientHello..ServerHello).
const HELLO_HASH: [u8; 32] =
    hex!("860c06edc07858ee8e78f0e7428c58edd6b43f2ca3e6e95f02ed063cf0e1cad8");

fn decode(bytes: &[u8]) -> Payload13 {
    let m = Handshake13::from_bytes(bytes).unwrap_or_else(|e| panic!("decode: {e}"));
    // written back byte for byte
    assert_eq!(m.to_bytes(), bytes);
    m.payload
}

/// The RFC's NewSessionTicket message, opened from its record with the schedule's server
/// application key (tls13_rfc8448.rs proves the record).
fn new_session_ticket() -> Vec<u8> {
    let (early, _) = EarlySecret::without_psk();
    let (hs, _) = early.handshake(&SHARED_SECRET, &HELLO_HASH).unwrap();
    let (sf_hash, _) = transcript_hash(
        Transcript::ThroughServerFinished,
        &[
            &CLIENT_HELLO[..],
            &SERVER_HELLO,
            &ENCRYPTED_EXTENSIONS,
            &CERTIFICATE,
            &CERTIFICATE_VERIFY,
            &SERVER_FINISHED,
        ]
        .concat(),
    );
    let (ms, _) = hs.master(&sf_hash).unwrap();
    let (id, secret) = ms.traffic_secret(Sender::Server);
    let (keys, _) = traffic_keys(Sender::Server, id, secret).unwrap();
    let opened = RecordCipher::new(Sender::Server, &keys)
        .open(&NEW_SESSION_TICKET_RECORD)
        .unwrap();
    assert_eq!(opened.typ, ContentType::Handshake);
    opened.content
}

#[test]
fn client_hello() {
    let Payload13::ClientHello(ch) = decode(&CLIENT_HELLO) else {
        panic!("not a ClientHello")
    };
    assert_eq!(ch.legacy_version, 0x0303);
    assert!(ch.legacy_session_id.is_empty());
    let suites: Vec<u16> = ch.cipher_suites.iter().map(|s| s.get()).collect();
    assert_eq!(suites, [TLS_AES_128_GCM_SHA256, 0x1303, 0x1302]);
    assert_eq!(ch.legacy_compression_methods, [0]);
    // supported_versions: a list, TLS 1.3 only
    assert_eq!(
        ch.supported_versions(),
        Some(&SupportedVersions::Offered(vec![TLS13]))
    );
    // key_share: one x25519 share, the client's public key
    assert_eq!(
        ch.key_share(),
        Some(&KeyShare::Offered(vec![KeyShareEntry {
            group: X25519,
            key_exchange: CLIENT_PUBLIC.to_vec()
        }]))
    );
    // signature_algorithms, read by the TLS 1.2 codec, offers rsa_pss_rsae_sha256
    let Some(Extension::SignatureAlgorithms(algs)) = ch.tls12(ExtensionType::SignatureAlgorithms)
    else {
        panic!("no signature_algorithms")
    };
    assert!(algs.contains(&RSA_PSS_RSAE_SHA256));
    assert_eq!(
        ch.tls12(ExtensionType::ServerName),
        Some(&Extension::sni("server"))
    );
    // psk_key_exchange_modes (psk_dhe_ke) and record_size_limit (0x4001) stay raw
    assert_eq!(ch.raw(45), Some(&[1u8, 1][..]));
    assert_eq!(ch.raw(28), Some(&[0x40u8, 0x01][..]));
    let types: Vec<u16> = ch.extensions.iter().map(Extension13::typ).collect();
    assert_eq!(types, [0, 0xff01, 10, 35, 51, 43, 13, 45, 28]);

    // The TLS 1.2 codec reads the same bytes unchanged, key_share and supported_versions raw.
    let m12 = HandshakeMessage::from_bytes(&CLIENT_HELLO).unwrap();
    assert_eq!(m12.to_bytes(), CLIENT_HELLO);
}

#[test]
fn server_hello() {
    let Payload13::ServerHello(sh) = decode(&SERVER_HELLO) else {
        panic!("not a ServerHello")
    };
    assert!(!sh.is_hello_retry_request());
    assert_eq!(sh.downgrade_sentinel(), None);
    assert_eq!(sh.legacy_version, 0x0303);
    assert_eq!(sh.cipher_suite.get(), TLS_AES_128_GCM_SHA256);
    assert_eq!(sh.legacy_compression_method, 0);
    assert_eq!(
        sh.supported_versions(),
        Some(&SupportedVersions::Selected(TLS13))
    );
    assert_eq!(
        sh.key_share(),
        Some(&KeyShare::Server(KeyShareEntry {
            group: X25519,
            key_exchange: SERVER_PUBLIC.to_vec()
        }))
    );
}

#[test]
fn encrypted_extensions() {
    let Payload13::EncryptedExtensions(ee) = decode(&ENCRYPTED_EXTENSIONS) else {
        panic!("not EncryptedExtensions")
    };
    let types: Vec<u16> = ee.extensions.iter().map(Extension13::typ).collect();
    assert_eq!(types, [10, 28, 0]);
    assert_eq!(ee.extensions[2], Extension13::ServerNameAck);
    assert_eq!(ee.raw(28), Some(&[0x40u8, 0x01][..]));
}

#[test]
fn certificate() {
    let Payload13::Certificate(c) = decode(&CERTIFICATE) else {
        panic!("not a Certificate")
    };
    assert!(c.certificate_request_context.is_empty());
    assert_eq!(c.certificate_list.len(), 1);
    assert!(c.certificate_list[0].extensions.is_empty());
    assert_eq!(c.chain()[0].len(), 0x1b0);
    assert_eq!(&c.chain()[0][..4], &hex!("308201ac"));
}

#[test]
fn certificate_verify_and_finished() {
    let Payload13::CertificateVerify(cv) = decode(&CERTIFICATE_VERIFY) else {
        panic!("not a CertificateVerify")
    };
    assert_eq!(cv.algorithm, RSA_PSS_RSAE_SHA256);
    assert_eq!(cv.signature.len(), 128);
    for (bytes, vd) in [
        (&SERVER_FINISHED, &SERVER_FINISHED[4..]),
        (&CLIENT_FINISHED, &CLIENT_FINISHED[4..]),
    ] {
        let Payload13::Finished(f) = decode(bytes) else {
            panic!("not a Finished")
        };
        assert_eq!(f.verify_data, vd);
    }
    // verify_data is Hash.length (32) bytes
    let mut short = SERVER_FINISHED[..35].to_vec();
    short[3] = 31;
    assert!(matches!(
        Handshake13::from_bytes(&short),
        Err(Error::Decode(_))
    ));
}

#[test]
fn new_session_ticket_message() {
    let bytes = new_session_ticket();
    let Payload13::NewSessionTicket(t) = decode(&bytes) else {
        panic!("not a NewSessionTicket")
    };
    // {server} construct a NewSessionTicket handshake message: lifetime 30 s, a 2-byte nonce,
    // a 178-byte ticket, early_data with max_early_data_size 0x400
    assert_eq!(t.ticket_lifetime, 30);
    assert_eq!(t.ticket_age_add, 0xfad6aac5);
    assert_eq!(t.ticket_nonce, [0, 0]);
    assert_eq!(t.ticket.len(), 0xb2);
    assert_eq!(t.raw(42), Some(&hex!("00000400")[..]));
}

#[test]
fn the_rfc_server_certificate_verify_verifies() {
    // {server} the signature covers Transcript-Hash(ClientHello..Certificate)
    let (hash, _) = transcript_hash(
        Transcript::ThroughCertificateVerify,
        &[
            &CLIENT_HELLO[..],
            &SERVER_HELLO,
            &ENCRYPTED_EXTENSIONS,
            &CERTIFICATE,
        ]
        .concat(),
    );
    let Payload13::Certificate(c) = decode(&CERTIFICATE) else {
        panic!("not a Certificate")
    };
    let key = tlsim_core::pki::cert_public_key_der(c.chain()[0]).unwrap();
    let Payload13::CertificateVerify(cv) = decode(&CERTIFICATE_VERIFY) else {
        panic!("not a CertificateVerify")
    };
    certificate_verify::verify(&key, Sender::Server, &hash, &cv).unwrap();

    // the signed content: 64 spaces, the context string, 00, the hash
    let content = signed_content(Sender::Server, &hash);
    assert_eq!(&content[..64], &[0x20; 64]);
    assert_eq!(&content[64..98], b"TLS 1.3, server CertificateVerify\0");
    assert_eq!(&content[98..], &hash);

    // as a client's signature, over another hash, or flipped: decrypt_error
    let mut flipped = cv.clone();
    flipped.signature[7] ^= 1;
    let other = [0u8; 32];
    for (sender, h, sig) in [
        (Sender::Client, &hash, &cv),
        (Sender::Server, &other, &cv),
        (Sender::Server, &hash, &flipped),
    ] {
        assert!(matches!(
            certificate_verify::verify(&key, sender, h, sig),
            Err(Error::DecryptError(_))
        ));
    }
    // a scheme this engine does not offer: illegal_parameter
    let mut pkcs1 = cv.clone();
    pkcs1.algorithm = 0x0401;
    assert!(matches!(
        certificate_verify::verify(&key, Sender::Server, &hash, &pkcs1),
        Err(Error::IllegalParameter(_))
    ));
}

#[test]
fn sign_then_verify_is_deterministic_for_a_seed() {
    // the builtin RSA-1024 teaching key: small, for tests only
    let pem = tlsim_core::pki::builtin_pem("weak-server").unwrap();
    let key = tlsim_core::pki::key_from_pem(pem, "weak-server").unwrap();
    let hash = [0x5a; 32];
    let sign = |seed| {
        certificate_verify::sign(
            &key,
            Sender::Server,
            &hash,
            &mut ChaCha20Rng::from_seed(seed),
        )
        .unwrap()
    };
    let a = sign([1; 32]);
    assert_eq!(a.algorithm, RSA_PSS_RSAE_SHA256);
    assert_eq!(a, sign([1; 32]), "one seed, one signature");
    assert_ne!(a.signature, sign([2; 32]).signature, "PSS is randomized");
    certificate_verify::verify(&key.to_public_key(), Sender::Server, &hash, &a).unwrap();
}

#[test]
fn hello_retry_request_and_downgrade_sentinels() {
    use sha2::{Digest, Sha256};
    assert_eq!(
        Sha256::digest(b"HelloRetryRequest")[..],
        HELLO_RETRY_REQUEST_RANDOM
    );
    // The RFC's ServerHello with the HRR random: key_share is then selected_group only.
    let hrr = ServerHello13 {
        random: HELLO_RETRY_REQUEST_RANDOM,
        extensions: vec![
            Extension13::SupportedVersions(SupportedVersions::Selected(TLS13)),
            Extension13::KeyShare(KeyShare::Retry(0x0017)),
            Extension13::Raw(44, hex!("0003abcdef").to_vec()),
        ],
        ..match decode(&SERVER_HELLO) {
            Payload13::ServerHello(sh) => sh,
            _ => panic!("not a ServerHello"),
        }
    };
    let bytes = Handshake13::from(Payload13::ServerHello(hrr.clone())).to_bytes();
    let Payload13::ServerHello(back) = decode(&bytes) else {
        panic!("not a ServerHello")
    };
    assert!(back.is_hello_retry_request());
    assert_eq!(back, hrr);
    assert_eq!(back.key_share(), Some(&KeyShare::Retry(0x0017)));
    // the same bytes with an ordinary random are a ServerHello whose key_share is cut short
    let mut not_hrr = bytes.clone();
    not_hrr[6] ^= 1;
    assert!(matches!(
        Handshake13::from_bytes(&not_hrr),
        Err(Error::Decode(_))
    ));

    let mut random = [7u8; 32];
    assert_eq!(downgrade_sentinel(&random), None);
    random[24..].copy_from_slice(&DOWNGRADE_TLS12);
    assert_eq!(downgrade_sentinel(&random), Some(0x0303));
    assert_eq!(&random[24..], &hex!("444f574e47524401"));
    random[24..].copy_from_slice(&DOWNGRADE_TLS11);
    assert_eq!(downgrade_sentinel(&random), Some(0x0302));
    assert_eq!(&random[24..], &hex!("444f574e47524400"));
}

/// Every RFC 8448 §3 message, the NewSessionTicket included.
fn all_messages() -> Vec<Vec<u8>> {
    vec![
        CLIENT_HELLO.to_vec(),
        SERVER_HELLO.to_vec(),
        ENCRYPTED_EXTENSIONS.to_vec(),
        CERTIFICATE.to_vec(),
        CERTIFICATE_VERIFY.to_vec(),
        SERVER_FINISHED.to_vec(),
        CLIENT_FINISHED.to_vec(),
        new_session_ticket(),
    ]
}

#[test]
fn every_truncation_is_a_decode_error() {
    for m in all_messages() {
        // cut anywhere
        for n in 0..m.len() {
            assert!(
                matches!(Handshake13::from_bytes(&m[..n]), Err(Error::Decode(_))),
                "type {} cut at {n}",
                m[0]
            );
        }
        // the body cut anywhere under a header that agrees: the body decoder refuses it
        for n in 0..m.len() - 4 {
            let mut cut = m[..4 + n].to_vec();
            cut[1..4].copy_from_slice(&(n as u32).to_be_bytes()[1..]);
            // A ServerHello cut right before its extensions block is a TLS 1.2 ServerHello
            // without extensions (RFC 5246 §7.4.1.3), which a TLS 1.3 client must read to check
            // the version and the downgrade sentinel: it decodes, with no extensions.
            if m[0] == 2 && n == 2 + 32 + 1 + usize::from(m[4 + 34]) + 2 + 1 {
                let h = Handshake13::from_bytes(&cut).expect("a TLS 1.2 ServerHello");
                assert!(
                    matches!(h.payload, Payload13::ServerHello(ref sh) if sh.extensions.is_empty())
                );
                continue;
            }
            assert!(
                matches!(Handshake13::from_bytes(&cut), Err(Error::Decode(_))),
                "type {} body cut at {n}",
                m[0]
            );
        }
    }
}

#[test]
fn the_decoders_name_the_fields_they_read() {
    // ClientHello: the key_share extension, its entry, the group and the public value
    let spans = Spans::new();
    Handshake13::read(&mut Reader::recording(&CLIENT_HELLO, &spans)).unwrap();
    let fields = spans.into_fields();
    let at = |name| {
        fields
            .iter()
            .find(|f| f.name == name)
            .map(|f| (f.offset, f.len, f.depth))
            .unwrap_or_else(|| panic!("no {name:?}"))
    };
    // 0x33 0x0026 at offset 0x76: the extension, 42 bytes
    let (off, len, depth) = at(FieldName::KeyShare);
    assert_eq!(&CLIENT_HELLO[off..off + 4], &hex!("00330026"));
    assert_eq!(len, 42);
    let (e_off, e_len, e_depth) = at(FieldName::KeyShareEntry);
    assert_eq!((e_off, e_len), (off + 6, 36));
    assert!(e_depth > depth);
    let (k_off, k_len, _) = at(FieldName::KeyExchange);
    assert_eq!(&CLIENT_HELLO[k_off + 2..k_off + k_len], &CLIENT_PUBLIC);
    let (v_off, v_len, _) = at(FieldName::SupportedVersions);
    assert_eq!(&CLIENT_HELLO[v_off..v_off + v_len], &hex!("002b0003020304"));
    // fields come in reading order: a span before the spans inside it
    let offsets: Vec<usize> = fields.iter().map(|f| f.offset).collect();
    assert!(offsets.windows(2).all(|w| w[0] <= w[1]));

    // Certificate: the context, the entry, the certificate
    let spans = Spans::new();
    Handshake13::read(&mut Reader::recording(&CERTIFICATE, &spans)).unwrap();
    let names: Vec<FieldName> = spans.into_fields().iter().map(|f| f.name).collect();
    assert_eq!(
        names,
        [
            FieldName::MsgType,
            FieldName::Length,
            FieldName::CertificateRequestContext,
            FieldName::CertificateList,
            FieldName::CertificateEntry,
            FieldName::Certificate,
            FieldName::Extensions,
        ]
    );

    // NewSessionTicket: every field named
    let nst = new_session_ticket();
    let spans = Spans::new();
    Handshake13::read(&mut Reader::recording(&nst, &spans)).unwrap();
    let names: Vec<FieldName> = spans.into_fields().iter().map(|f| f.name).collect();
    for n in [
        FieldName::TicketLifetime,
        FieldName::TicketAgeAdd,
        FieldName::TicketNonce,
        FieldName::Ticket,
        FieldName::Extension,
    ] {
        assert!(names.contains(&n), "{n:?}");
    }
}
