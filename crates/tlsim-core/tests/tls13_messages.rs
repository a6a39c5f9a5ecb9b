//! Known answers: the TLS 1.3 handshake messages of RFC 8448 §3, "Simple 1-RTT Handshake"
//! (TLS_AES_128_GCM_SHA256, x25519, rsa_pss_rsae_sha256), read with the TLS 1.3 codec and
//! written back byte for byte: ClientHello, ServerHello, EncryptedExtensions, Certificate,
//! CertificateVerify, both Finished and the NewSessionTicket (opened from the RFC's record).
//! The server's CertificateVerify is verified with the RFC certificate's key over the RFC's
//! transcript hash; every truncation of every message is a decode error.
//!
//! The constants are copied from RFC 8448 §3 (the `{client}` / `{server}` lines in each
//! comment), as in `tls13_rfc8448.rs`; nothing is produced by this engine.

use hex_literal::hex;
use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha20Rng;
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
const SHARED_SECRET: [u8; 32] =
    hex!("8bd4054fb55b9d63fdfbacf9f04b9f0d35e6d63f537563efd46272900f89492d");

// {client} construct a ClientHello handshake message.
const CLIENT_HELLO: [u8; 196] = hex!(
    "010000c00303cb34ecb1e78163ba1c38c6dacb196a6dffa21a8d9912ec18a2ef"
    "6283024dece7000006130113031302010000910000000b000900000673657276"
    "6572ff01000100000a00140012001d0017001800190100010101020103010400"
    "230000003300260024001d002099381de560e4bd43d23d8e435a7dbafeb3c06e"
    "51c13cae4d5413691e529aaf2c002b0003020304000d0020001e040305030603"
    "020308040805080604010501060102010402050206020202002d00020101001c"
    "00024001"
);

// {server} construct a ServerHello handshake message.
const SERVER_HELLO: [u8; 90] = hex!(
    "020000560303a6af06a4121860dc5e6e60249cd34c95930c8ac5cb1434dac155"
    "772ed3e2692800130100002e00330024001d0020c9828876112095fe66762bdb"
    "f7c672e156d6cc253b833df1dd69b1b04e751f0f002b00020304"
);

// {server} construct an EncryptedExtensions handshake message.
const ENCRYPTED_EXTENSIONS: [u8; 40] = hex!(
    "080000240022000a00140012001d00170018001901000101010201030104001c"
    "0002400100000000"
);

// {server} construct a Certificate handshake message.
const CERTIFICATE: [u8; 445] = hex!(
    "0b0001b9000001b50001b0308201ac30820115a003020102020102300d06092a"
    "864886f70d01010b0500300e310c300a06035504031303727361301e170d3136"
    "303733303031323335395a170d3236303733303031323335395a300e310c300a"
    "0603550403130372736130819f300d06092a864886f70d010101050003818d00"
    "30818902818100b4bb498f8279303d980836399b36c6988c0c68de55e1bdb826"
    "d3901a2461eafd2de49a91d015abbc9a95137ace6c1af19eaa6af98c7ced4312"
    "0998e187a80ee0ccb0524b1b018c3e0b63264d449a6d38e22a5fda4308467480"
    "30530ef0461c8ca9d9efbfae8ea6d1d03e2bd193eff0ab9a8002c47428a6d35a"
    "8d88d79f7f1e3f0203010001a31a301830090603551d1304023000300b060355"
    "1d0f0404030205a0300d06092a864886f70d01010b05000381810085aad2a0e5"
    "b9276b908c65f73a7267170618a54c5f8a7b337d2df7a594365417f2eae8f8a5"
    "8c8f8172f9319cf36b7fd6c55b80f21a03015156726096fd335e5e67f2dbf102"
    "702e608ccae6bec1fc63a42a99be5c3eb7107c3c54e9b9eb2bd5203b1c3b84e0"
    "a8b2f759409ba3eac9d91d402dcc0cc8f8961229ac9187b42b4de10000"
);

// {server} construct a CertificateVerify handshake message.
const CERTIFICATE_VERIFY: [u8; 136] = hex!(
    "0f000084080400805a747c5d88fa9bd2e55ab085a61015b7211f824cd484145a"
    "b3ff52f1fda8477b0b7abc90db78e2d33a5c141a078653fa6bef780c5ea248ee"
    "aaa785c4f394cab6d30bbe8d4859ee511f602957b15411ac027671459e46445c"
    "9ea58c181e818e95b8c3fb0bf3278409d3be152a3da5043e063dda65cdf5aea2"
    "0d53dfacd42f74f3"
);

// {server} construct a Finished handshake message.
const SERVER_FINISHED: [u8; 36] = hex!(
    "140000209b9b141d906337fbd2cbdce71df4deda4ab42c309572cb7fffee5454"
    "b78f0718"
);

// {client} construct a Finished handshake message.
const CLIENT_FINISHED: [u8; 36] = hex!(
    "14000020a8ec436d677634ae525ac1fcebe11a039ec17694fac6e98527b642f2"
    "edd5ce61"
);

// {server} send handshake record: the NewSessionTicket, the first record under the server
// application key.
const NEW_SESSION_TICKET_RECORD: [u8; 227] = hex!(
    "17030300de3a6b8f90414a97d6959c3487680de5134a2b240e6cffac116e95d4"
    "1d6af8f6b580dcf3d11d63c758db289a015940252f55713e061dc13e078891a3"
    "8efbcf5753ad8ef170ad3c7353d16d9da773b9ca7f2b9fa1b6c0d4a3d03f75e0"
    "9c30ba1e62972ac46f75f7b981be63439b2999ce13064615139891d5e4c5b406"
    "f16e3fc181a77ca475840025db2f0a77f81b5ab05b94c01346755f69232c8651"
    "9d86cbeeac87aac347d143f9605d64f650db4d023e70e952ca49fe5137121c74"
    "bc2697687e248746d6df353005f3bce18696129c8153556b3b6c6779b37bf159"
    "85684f"
);

// {client} create an ephemeral x25519 key pair: public key.
const CLIENT_PUBLIC: [u8; 32] =
    hex!("99381de560e4bd43d23d8e435a7dbafeb3c06e51c13cae4d5413691e529aaf2c");
// {server} create an ephemeral x25519 key pair: public key.
const SERVER_PUBLIC: [u8; 32] =
    hex!("c9828876112095fe66762bdbf7c672e156d6cc253b833df1dd69b1b04e751f0f");
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
