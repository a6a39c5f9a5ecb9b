//! Version negotiation (RFC 8446 §4.1, §4.2.1): the DualClient and the DualServer with each
//! other and with the single-version engines, in memory. TLS 1.3 when both take it, TLS 1.2
//! when one side is TLS 1.2 only; the downgrade sentinel set by a TLS 1.3 server answering
//! TLS 1.2 and refused by a TLS 1.3 client (illegal_parameter); a TLS 1.2-only DualClient sends
//! exactly TLS 1.2's bytes; after ServerHello, a TLS 1.3 client's alert is encrypted (outer
//! type 23). Builtin 2048-bit teaching keys.

use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use tlsim_core::error::{AlertDescription, Error};
use tlsim_core::kx::Group;
use tlsim_core::negotiate::{DualClient, DualClientConfig, DualServer, DualServerConfig};
use tlsim_core::pki::{self, Issued};
use tlsim_core::scenario::{DEFAULT_NOT_AFTER, DEFAULT_NOT_BEFORE};
use tlsim_core::server::responder::ServerConn;
use tlsim_core::tls13::hello::DOWNGRADE_TLS12;
use tlsim_core::tls13::{Client13Config, Server13Config};
use tlsim_core::{Client, ClientConfig, KeySource, ServerConfig, StepKey, TlsVersion};

const NOW: i64 = 1_795_424_400;

fn key(name: &str) -> rsa::RsaPrivateKey {
    pki::load_key(
        &KeySource::Builtin(name.into()),
        &mut ChaCha20Rng::from_seed([0; 32]),
        name,
    )
    .unwrap()
}

fn creds() -> (Issued, Issued) {
    let ca = pki::issue_ca(
        "Negotiate CA",
        &key("ca"),
        DEFAULT_NOT_BEFORE,
        DEFAULT_NOT_AFTER,
        &[1],
    )
    .unwrap();
    let leaf = pki::issue_leaf(
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
    .unwrap();
    (ca, leaf)
}

fn client_config(ca: &Issued, v12: bool, v13: bool) -> DualClientConfig {
    let mut c12 = ClientConfig::new("localhost", vec![ca.der.clone()]);
    c12.offered_suites = tlsim_core::suites::ALL_PREFERRING_ECDHE.to_vec();
    c12.signature_algorithms = tlsim_core::sigalg::ACCEPTED.to_vec();
    DualClientConfig {
        tls12: v12.then_some(c12),
        tls13: v13.then(|| Client13Config::new("localhost", vec![ca.der.clone()])),
    }
}

fn server_config(leaf: &Issued, v12: bool, v13: bool) -> DualServerConfig {
    let mut s12 = ServerConfig::new(vec![leaf.der.clone()], key("server"));
    s12.accepted_suites = tlsim_core::suites::ALL_PREFERRING_ECDHE.to_vec();
    DualServerConfig {
        tls12: v12.then_some(s12),
        tls13: v13.then(|| Server13Config::new(vec![leaf.der.clone()], key("server"))),
    }
}

/// Both ends and the steps of a completed handshake, or the error and the alert it sent.
type Run = Result<(DualClient, DualServer, Vec<StepKey>), (Error, Vec<u8>)>;

/// Records both ways until both are done; the server's first flight may be `tamper`ed.
fn run(
    cc: DualClientConfig,
    sc: DualServerConfig,
    mut tamper: impl FnMut(usize, &mut Vec<u8>),
) -> Run {
    let (mut c, out) = DualClient::new(cc, ChaCha20Rng::from_seed([1; 32]), NOW).unwrap();
    let mut s = DualServer::new(sc, ChaCha20Rng::from_seed([2; 32]), NOW).unwrap();
    let mut keys: Vec<StepKey> = out.events.iter().map(|e| e.key).collect();
    let mut to_server = out.records;
    let mut n = 0;
    for _ in 0..10 {
        if c.is_handshake_complete() && s.is_handshake_complete() {
            break;
        }
        let mut to_client = Vec::new();
        for r in to_server.drain(..) {
            match s.feed(&r) {
                Ok(o) => to_client.extend(o.records),
                Err(e) => {
                    let alert = ServerConn::alert(&mut s, &e);
                    return Err((e, alert));
                }
            }
        }
        for mut r in to_client {
            tamper(n, &mut r);
            n += 1;
            match c.feed(&r) {
                Ok(o) => {
                    keys.extend(o.events.iter().map(|e| e.key));
                    to_server.extend(o.records);
                }
                Err(e) => {
                    let alert = c.alert(&e);
                    return Err((e, alert));
                }
            }
        }
    }
    Ok((c, s, keys))
}

#[test]
fn both_sides_both_versions_negotiate_tls13() {
    let (ca, leaf) = creds();
    let (c, s, keys) = run(
        client_config(&ca, true, true),
        server_config(&leaf, true, true),
        |_, _| {},
    )
    .unwrap();
    assert_eq!(c.version(), Some(TlsVersion::Tls13));
    assert_eq!(s.version(), Some(TlsVersion::Tls13));
    assert!(c.is_handshake_complete() && s.is_handshake_complete());
    assert_eq!(c.negotiated_group(), Some(Group::X25519));
    assert!(keys.contains(&StepKey::NegotiateVersion));
    // the key log: the four TLS 1.3 secrets under this ClientHello.random
    let log = c.keylog();
    let cr = hex::encode(c.client_random());
    for label in [
        "CLIENT_HANDSHAKE_TRAFFIC_SECRET",
        "SERVER_HANDSHAKE_TRAFFIC_SECRET",
        "CLIENT_TRAFFIC_SECRET_0",
        "SERVER_TRAFFIC_SECRET_0",
    ] {
        assert!(
            log.lines()
                .any(|l| l.starts_with(&format!("{label} {cr} ")) && l.len() == label.len() + 130),
            "{label} missing in {log}"
        );
    }
}

#[test]
fn a_tls12_only_server_gets_tls12_without_sentinel() {
    let (ca, leaf) = creds();
    let (c, s, _) = run(
        client_config(&ca, true, true),
        server_config(&leaf, true, false),
        |_, _| {},
    )
    .unwrap();
    assert_eq!(c.version(), Some(TlsVersion::Tls12));
    assert_eq!(s.version(), Some(TlsVersion::Tls12));
    let c12 = c.tls12().unwrap();
    assert!(c12.extended_master_secret());
    assert_eq!(c12.negotiated_group(), Some(Group::X25519));
    assert!(c.keylog().starts_with("CLIENT_RANDOM "));
}

#[test]
fn a_tls12_only_client_gets_tls12_with_the_sentinel() {
    let (ca, leaf) = creds();
    let (c, s, _) = run(
        client_config(&ca, true, false),
        server_config(&leaf, true, true),
        |i, r| {
            // the ServerHello record: the random ends in "DOWNGRD" 01
            if i == 0 {
                assert_eq!(&r[5 + 4 + 2 + 24..5 + 4 + 2 + 32], &DOWNGRADE_TLS12);
            }
        },
    )
    .unwrap();
    // a TLS 1.2 client does not look for the sentinel
    assert_eq!(c.version(), Some(TlsVersion::Tls12));
    assert_eq!(s.version(), Some(TlsVersion::Tls12));
}

#[test]
fn a_tls13_client_refuses_the_downgrade_sentinel() {
    let (ca, leaf) = creds();
    // What a man in the middle who stripped TLS 1.3 from the ClientHello makes the server
    // send: its TLS 1.2 ServerHello flight with the sentinel, from the real DualServer.
    let (_, out) = Client::new(
        client_config(&ca, true, false).tls12.unwrap(),
        ChaCha20Rng::from_seed([3; 32]),
        NOW,
    )
    .unwrap();
    let mut s = DualServer::new(
        server_config(&leaf, true, true),
        ChaCha20Rng::from_seed([2; 32]),
        NOW,
    )
    .unwrap();
    let flight = s.feed(&out.records.concat()).unwrap().records.concat();
    let (mut c, _) = DualClient::new(
        client_config(&ca, true, true),
        ChaCha20Rng::from_seed([1; 32]),
        NOW,
    )
    .unwrap();
    let e = c.feed(&flight).unwrap_err();
    assert_eq!(e.alert(), AlertDescription::IllegalParameter);
    let alert = c.alert(&e);
    assert_eq!(alert, [21, 3, 3, 0, 2, 2, 47]);
    let events = c.take_output().events;
    assert!(events.iter().any(|e| e.key == StepKey::NegotiateVersion));
}

#[test]
fn tls12_only_sends_the_tls12_engines_bytes() {
    let (ca, _) = creds();
    let cc = client_config(&ca, true, false);
    let (_, dual) = DualClient::new(cc.clone(), ChaCha20Rng::from_seed([9; 32]), NOW).unwrap();
    let (_, plain) = Client::new(cc.tls12.unwrap(), ChaCha20Rng::from_seed([9; 32]), NOW).unwrap();
    assert_eq!(dual.records, plain.records);
}

#[test]
fn one_client_hello_offers_both() {
    let (ca, _) = creds();
    let (_, out) = DualClient::new(
        client_config(&ca, true, true),
        ChaCha20Rng::from_seed([9; 32]),
        NOW,
    )
    .unwrap();
    assert_eq!(out.records.len(), 1);
    use tlsim_core::codec::Codec;
    let m = tlsim_core::tls13::Handshake13::from_bytes(&out.records[0][5..]).unwrap();
    let tlsim_core::tls13::Payload13::ClientHello(ch) = m.payload else {
        panic!("not a ClientHello")
    };
    use tlsim_core::tls13::Extensions;
    assert_eq!(
        ch.supported_versions(),
        Some(&tlsim_core::tls13::SupportedVersions::Offered(vec![
            0x0304, 0x0303
        ]))
    );
    let suites: Vec<u16> = ch.cipher_suites.iter().map(|s| s.get()).collect();
    assert_eq!(suites[0], 0x1301);
    assert!(suites.contains(&0xc02f)); // TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
    assert!(matches!(
        ch.key_share(),
        Some(tlsim_core::tls13::KeyShare::Offered(l)) if l.len() == 1
    ));
}

#[test]
fn hello_retry_through_the_dual_engines() {
    let (ca, leaf) = creds();
    let mut sc = server_config(&leaf, true, true);
    if let Some(c) = sc.tls13.as_mut() {
        c.groups = vec![Group::Secp256r1];
    }
    let (c, s, keys) = run(client_config(&ca, true, true), sc, |_, _| {}).unwrap();
    assert_eq!(c.version(), Some(TlsVersion::Tls13));
    assert!(c.tls13().unwrap().retried() && s.tls13().unwrap().retried());
    assert_eq!(c.negotiated_group(), Some(Group::Secp256r1));
    assert!(keys.contains(&StepKey::ClientHello13Retry));
}

#[test]
fn after_server_hello_the_clients_alert_is_encrypted() {
    let (ca, leaf) = creds();
    // flip a byte of the first protected record (EncryptedExtensions): bad_record_mac, sent
    // under the client's handshake traffic key: outer type application_data(23)
    let mut seen = false;
    let (e, alert) = run(
        client_config(&ca, true, true),
        server_config(&leaf, true, true),
        |_, r| {
            if r[0] == 23 && !seen {
                seen = true;
                let last = r.len() - 1;
                r[last] ^= 1;
            }
        },
    )
    .err()
    .unwrap();
    assert_eq!(e.alert(), AlertDescription::BadRecordMac);
    assert_eq!(alert[0], 23, "the alert must be a protected record");
    assert_eq!(alert.len(), 5 + 2 + 1 + 16);
}

#[test]
fn no_version_is_an_input_error() {
    let (ca, leaf) = creds();
    let e = DualClient::new(
        client_config(&ca, false, false),
        ChaCha20Rng::from_seed([1; 32]),
        NOW,
    )
    .unwrap_err();
    assert!(e.is_input());
    assert!(DualServer::new(
        server_config(&leaf, false, false),
        ChaCha20Rng::from_seed([1; 32]),
        NOW
    )
    .is_err());
}

#[test]
fn a_tls13_only_server_refuses_a_tls12_client() {
    let (ca, leaf) = creds();
    let (e, alert) = run(
        client_config(&ca, true, false),
        server_config(&leaf, false, true),
        |_, _| {},
    )
    .err()
    .unwrap();
    assert_eq!(e.alert(), AlertDescription::ProtocolVersion);
    assert_eq!(alert, [21, 3, 3, 0, 2, 2, 70]);
}

#[test]
fn any_flipped_byte_or_cut_in_the_hellos_is_an_error_never_a_panic() {
    let (ca, leaf) = creds();
    let (_, out) = DualClient::new(
        client_config(&ca, true, true),
        ChaCha20Rng::from_seed([1; 32]),
        NOW,
    )
    .unwrap();
    let hello = out.records.concat();
    let mut s = DualServer::new(
        server_config(&leaf, true, true),
        ChaCha20Rng::from_seed([2; 32]),
        NOW,
    )
    .unwrap();
    let flight = s.feed(&hello).unwrap().records.concat();
    // the ServerHello record and the ClientHello record, each flipped at every byte and cut at
    // every length: the other side answers with Ok or an error it can turn into an alert
    let server_hello_len = 5 + usize::from(u16::from_be_bytes([flight[3], flight[4]]));
    for i in 0..server_hello_len {
        for (flip, cut) in [(true, flight.len()), (false, i)] {
            let mut f = flight.clone();
            f.truncate(cut);
            if flip {
                f[i] ^= 0x41;
            }
            let (mut c, _) = DualClient::new(
                client_config(&ca, true, true),
                ChaCha20Rng::from_seed([1; 32]),
                NOW,
            )
            .unwrap();
            if let Err(e) = c.feed(&f) {
                let _ = c.alert(&e);
            }
        }
    }
    for i in 0..hello.len() {
        for (flip, cut) in [(true, hello.len()), (false, i)] {
            let mut h = hello.clone();
            h.truncate(cut);
            if flip {
                h[i] ^= 0x41;
            }
            let mut s = DualServer::new(
                server_config(&leaf, true, true),
                ChaCha20Rng::from_seed([2; 32]),
                NOW,
            )
            .unwrap();
            if let Err(e) = s.feed(&h) {
                let _ = ServerConn::alert(&mut s, &e);
            }
        }
    }
}
