//! A hostile client against the sans-IO server, in memory: each class of bytes a TLS conformance
//! suite probes (RFC 5246, RFC 6066, RFC 5746, CVE-2016-8610), with the exact alert asserted. The
//! same classes go over loopback against `tlsim serve` in tlsim-cli/tests/hostile_serve.rs.

mod prop_support;

use prop_support::{world, HOST};
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use tlsim_core::client::{Client, ClientConfig, ClientIdentity};
use tlsim_core::codec::Codec;
use tlsim_core::conn::{MAX_EMPTY_RECORDS, MAX_HANDSHAKE_MESSAGE, MAX_WARNING_ALERTS};
use tlsim_core::error::AlertDescription;
use tlsim_core::keys::Secrets;
use tlsim_core::msgs::*;
use tlsim_core::scenario::DEFAULT_NOW;
use tlsim_core::server::responder::{End, Responder};
use tlsim_core::server::{ClientAuth, Server, ServerConfig};
use tlsim_core::vocab::StepKey;
use tlsim_core::Error;

const PRE_MASTER: [u8; 48] = [3; 48];

fn server_config() -> ServerConfig {
    let w = world();
    ServerConfig::new(vec![w.leaf_der.clone()], w.server_key.clone())
}

fn server() -> Server {
    Server::new(
        server_config(),
        ChaCha20Rng::from_seed([2; 32]),
        DEFAULT_NOW,
    )
    .unwrap()
}

/// A client whose keys the test can recompute: fixed pre-master, no EMS.
fn client_config() -> ClientConfig {
    let mut c = ClientConfig::new(HOST, vec![world().ca_der.clone()]);
    c.ems = false;
    c.pre_master = Some(PRE_MASTER.to_vec());
    c
}

/// Wrap `content` in plaintext records of `typ` (at most 2^14 bytes each).
fn records(typ: u8, content: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let chunks: Vec<&[u8]> = if content.is_empty() {
        vec![&[]]
    } else {
        content.chunks(16384).collect()
    };
    for chunk in chunks {
        out.extend_from_slice(&[typ, 3, 3]);
        out.extend_from_slice(&(chunk.len() as u16).to_be_bytes());
        out.extend_from_slice(chunk);
    }
    out
}

fn handshake(typ: u8, body: &[u8]) -> Vec<u8> {
    let mut m = vec![typ];
    m.extend_from_slice(&(body.len() as u32).to_be_bytes()[1..]);
    m.extend_from_slice(body);
    m
}

/// A well-formed ClientHello offering the implemented suite and `extensions`.
fn client_hello(extra_suites: usize, extensions: Vec<Extension>) -> ClientHello {
    let mut cipher_suites = vec![CipherSuite::TlsRsaWithAes128GcmSha256];
    // Unassigned values from the private-use range 0xff00.. and below, never a real suite.
    cipher_suites.extend((0..extra_suites).map(|i| CipherSuite::from_value(0x1000 + i as u16)));
    ClientHello {
        client_version: 0x0303,
        random: [7; 32],
        session_id: Vec::new(),
        cipher_suites,
        compression_methods: vec![0],
        extensions,
    }
}

fn hello_bytes(ch: ClientHello) -> Vec<u8> {
    HandshakeMessage::from(HandshakePayload::ClientHello(ch)).to_bytes()
}

fn expect_alert(r: Result<tlsim_core::conn::Output, Error>, want: AlertDescription) -> Error {
    match r {
        Err(e) => {
            assert_eq!(e.alert(), want, "got {e}");
            e
        }
        Ok(out) => panic!(
            "expected {want:?}, got output with {} records",
            out.records.len()
        ),
    }
}

/// Parse the plaintext records at the start of `bytes`: (type, content).
fn parse(bytes: &[u8]) -> Vec<(u8, Vec<u8>)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i + 5 <= bytes.len() {
        let len = u16::from_be_bytes([bytes[i + 3], bytes[i + 4]]) as usize;
        out.push((bytes[i], bytes[i + 5..i + 5 + len].to_vec()));
        i += 5 + len;
    }
    out
}

// ---- 1. large ClientHello ----

/// A ClientHello of exactly `total` bytes (handshake header included), split over records:
/// cipher suites up to their 2^16-2 limit, then unknown extensions for the rest.
fn large_hello(total: usize) -> Vec<u8> {
    let base = hello_bytes(client_hello(0, vec![Extension::Unknown(0xfe00, vec![])])).len();
    let suites = ((total - base) / 2).min(32_766);
    let mut exts = Vec::new();
    let mut len = hello_bytes(client_hello(
        suites,
        vec![Extension::Unknown(0xfe00, vec![])],
    ))
    .len();
    let mut t = 0xfe01u16;
    // fill with unknown extensions of up to 1000 bytes each (4 bytes of header each)
    while len < total {
        let left = total - len;
        let data = (left.saturating_sub(4)).min(1000);
        exts.push(Extension::Unknown(t, vec![0x5a; data]));
        t += 1;
        len += 4 + data;
    }
    exts.insert(0, Extension::Unknown(0xfe00, vec![]));
    let m = hello_bytes(client_hello(suites, exts));
    assert_eq!(m.len(), total, "hello of the requested size");
    m
}

#[test]
fn large_client_hellos_of_65537_and_131000_bytes_are_answered() {
    for total in [65_537, 131_000] {
        let mut s = server();
        let out = s.feed(&records(22, &large_hello(total))).unwrap();
        // ServerHello, Certificate, ServerHelloDone
        assert_eq!(out.records.len(), 3, "{total}-byte hello answered");
        assert_eq!(out.records[0][5], 2, "first answer is a ServerHello");
    }
}

#[test]
fn a_handshake_message_over_the_bound_is_refused_before_it_is_buffered() {
    let mut s = server();
    // a header announcing 2^18 bytes: refused on the header, nothing more needed
    let mut m = vec![1];
    m.extend_from_slice(&(MAX_HANDSHAKE_MESSAGE as u32).to_be_bytes()[1..]);
    m.extend_from_slice(&[0; 100]);
    expect_alert(s.feed(&records(22, &m)), AlertDescription::DecodeError);
}

// ---- 2. a handshake type wrong at this point ----

#[test]
fn a_client_hello_relabelled_as_another_type_is_unexpected_not_undecodable() {
    let body = hello_bytes(client_hello(3, vec![Extension::sni(HOST)]))[4..].to_vec();
    for typ in [2u8, 11, 13, 14, 15, 16, 20] {
        let mut s = server();
        let e = expect_alert(
            s.feed(&records(22, &handshake(typ, &body))),
            AlertDescription::UnexpectedMessage,
        );
        assert!(format!("{e}").contains("client_hello"), "{typ}: {e}");
    }
}

// ---- 3. ChangeCipherSpec whose body is not 01 ----

#[test]
fn a_change_cipher_spec_that_is_not_the_byte_01_is_unexpected_message() {
    for body in [&[1u8, 1][..], &[2], &[]] {
        let mut s = server();
        let hello = records(22, &hello_bytes(client_hello(0, vec![])));
        s.feed(&hello).unwrap();
        expect_alert(
            s.feed(&records(20, body)),
            AlertDescription::UnexpectedMessage,
        );
    }
}

// ---- 4. server_name ----

fn sni_raw(list: &[u8]) -> Extension {
    Extension::Unknown(0, list.to_vec()) // encoded as given, decoded as server_name
}

fn sni_list(names: &[(u8, &[u8])]) -> Vec<u8> {
    let mut l = Vec::new();
    for (t, n) in names {
        l.push(*t);
        l.extend_from_slice(&(n.len() as u16).to_be_bytes());
        l.extend_from_slice(n);
    }
    let mut out = (l.len() as u16).to_be_bytes().to_vec();
    out.extend(l);
    out
}

#[test]
fn server_name_is_checked_as_rfc_6066_says() {
    let cases: Vec<(Vec<u8>, Option<AlertDescription>)> = vec![
        (vec![0, 0], Some(AlertDescription::DecodeError)), // empty server_name_list
        (vec![], Some(AlertDescription::DecodeError)),     // no list at all
        (sni_list(&[(0, b"")]), Some(AlertDescription::DecodeError)), // empty host name
        (
            sni_list(&[(0, b"www.exa\0mple.com")]),
            Some(AlertDescription::IllegalParameter),
        ),
        (
            sni_list(&[(0, b"www\x07example.com")]),
            Some(AlertDescription::IllegalParameter),
        ),
        (
            sni_list(&[(0, "wörld.example".as_bytes())]),
            Some(AlertDescription::IllegalParameter),
        ),
        (
            sni_list(&[(0, b"a.example"), (0, b"b.example")]),
            Some(AlertDescription::IllegalParameter),
        ),
        // an unknown name goes on: the one certificate is sent, the client decides
        (sni_list(&[(0, b"unknown.example")]), None),
        // another name type beside one host_name is fine
        (sni_list(&[(0, b"www.example.com"), (9, b"x")]), None),
    ];
    for (ext, want) in cases {
        let mut s = server();
        let hello = records(22, &hello_bytes(client_hello(0, vec![sni_raw(&ext)])));
        match want {
            Some(a) => {
                expect_alert(s.feed(&hello), a);
            }
            None => assert_eq!(s.feed(&hello).unwrap().records.len(), 3, "{ext:02x?}"),
        }
    }
}

// ---- 5. records that can never be TLS 1.2: answered on the header ----

#[test]
fn a_bogus_record_header_is_answered_at_once() {
    // An SSLv2-compatible ClientHello header (length with the high bit set, msg_type 1), an
    // unknown content type, a non-TLS version and an over-long length: each is refused on its
    // first bytes, never waiting for the bytes its length announces.
    let cases: [(&[u8], AlertDescription); 6] = [
        (
            &[0x80, 0x2e, 0x01, 0x03, 0x01],
            AlertDescription::UnexpectedMessage,
        ),
        (&[0x80], AlertDescription::UnexpectedMessage),
        (&[24, 3, 3, 0x40, 0x00], AlertDescription::UnexpectedMessage), // heartbeat
        (&[0x17 + 10], AlertDescription::UnexpectedMessage),
        (&[22, 0x7f, 0x12], AlertDescription::ProtocolVersion),
        (&[22, 3, 3, 0x48, 0x01], AlertDescription::RecordOverflow),
    ];
    for (bytes, want) in cases {
        let mut s = server();
        expect_alert(s.feed(bytes), want);
    }
}

// ---- 6. warning-alert and empty-record floods ----

#[test]
fn a_flood_of_warning_alerts_ends_with_unexpected_message() {
    let mut s = server();
    let warning = records(21, &[1, 90]); // user_canceled, a warning
    for _ in 0..MAX_WARNING_ALERTS {
        s.feed(&warning).unwrap();
    }
    expect_alert(s.feed(&warning), AlertDescription::UnexpectedMessage);

    // a few warnings between real messages are fine
    let mut s = server();
    s.feed(&warning.repeat(MAX_WARNING_ALERTS)).unwrap();
    let out = s
        .feed(&records(22, &hello_bytes(client_hello(0, vec![]))))
        .unwrap();
    assert_eq!(out.records.len(), 3);
}

#[test]
fn a_flood_of_empty_records_ends_with_unexpected_message() {
    let mut s = server();
    let empty = [22u8, 3, 3, 0, 0];
    s.feed(&empty.repeat(MAX_EMPTY_RECORDS)).unwrap();
    expect_alert(s.feed(&empty), AlertDescription::UnexpectedMessage);
}

// ---- 7. output already produced goes out before the alert ----

#[test]
fn the_flight_to_a_client_hello_goes_out_before_the_alert_for_what_followed() {
    let mut r = Responder::new(
        server_config(),
        ChaCha20Rng::from_seed([2; 32]),
        DEFAULT_NOW,
        b"hi".to_vec(),
    )
    .unwrap();
    let mut bytes = records(22, &hello_bytes(client_hello(0, vec![])));
    bytes.extend(records(24, &[1, 0, 16, 0, 1, 2, 3])); // a heartbeat request
    let turn = r.feed(&bytes);
    let recs = parse(&turn.send);
    let types: Vec<u8> = recs
        .iter()
        .map(|(t, c)| if *t == 22 { c[0] } else { *t })
        .collect();
    // ServerHello(2), Certificate(11), ServerHelloDone(14), then alert(21)
    assert_eq!(types, vec![2, 11, 14, 21]);
    assert_eq!(
        recs[3].1,
        vec![2, AlertDescription::UnexpectedMessage.code()]
    );
    assert!(matches!(turn.end, Some(End::Failed(_))));
}

// ---- 8. renegotiation ----

/// Run a whole handshake in memory; return both ends and the server random.
fn connected() -> (Client, Server, [u8; 32]) {
    let (mut c, out) = Client::new(
        client_config(),
        ChaCha20Rng::from_seed([1; 32]),
        DEFAULT_NOW,
    )
    .unwrap();
    let mut s = server();
    let mut to_server = out.records.concat();
    let mut server_random = None;
    while !(c.is_handshake_complete() && s.is_handshake_complete()) {
        let o = s.feed(&to_server).unwrap();
        if server_random.is_none() {
            let sh = HandshakeMessage::from_bytes(&o.records[0][5..]).unwrap();
            let HandshakePayload::ServerHello(sh) = sh.payload else {
                panic!("ServerHello first")
            };
            server_random = Some(sh.random);
        }
        to_server = c.feed(&o.records.concat()).unwrap().records.concat();
    }
    (c, s, server_random.unwrap())
}

#[test]
fn a_client_hello_after_the_handshake_gets_a_warning_and_the_connection_goes_on() {
    let (c, mut s, server_random) = connected();
    // The client's keys, recomputed: its Finished used sequence number 0.
    let (secrets, _) = Secrets::derive(&PRE_MASTER, &c.client_random(), &server_random, false, &[]);
    let mut client_write = secrets.client_cipher();
    let mut server_write = secrets.server_cipher();
    client_write
        .seal(22, 0x0303, b"finished, already sent")
        .unwrap();
    server_write
        .seal(22, 0x0303, b"finished, already received")
        .unwrap();
    let seal = |w: &mut tlsim_core::record::RecordCipher, typ: u8, m: &[u8]| {
        let f = w.seal(typ, 0x0303, m).unwrap().fragment;
        let mut r = vec![typ, 3, 3];
        r.extend_from_slice(&(f.len() as u16).to_be_bytes());
        r.extend(f);
        r
    };
    let reneg = hello_bytes(client_hello(
        0,
        vec![Extension::RenegotiationInfo(vec![0; 12])],
    ));
    let out = s.feed(&seal(&mut client_write, 22, &reneg)).unwrap();
    assert_eq!(out.records.len(), 1);
    assert_eq!(out.events[0].key, StepKey::NoRenegotiation);
    let mut reader = secrets.server_cipher();
    reader
        .open(22, 0x0303, &{
            // skip the server's Finished (sequence 0) by opening a record we seal the same way
            let mut w = secrets.server_cipher();
            w.seal(22, 0x0303, b"x").unwrap().fragment
        })
        .unwrap();
    let alert = reader.open(21, 0x0303, &out.records[0][5..]).unwrap();
    assert_eq!(
        alert,
        vec![1, AlertDescription::NoRenegotiation.code()],
        "warning no_renegotiation"
    );
    // and application data still flows, both ways
    let out = s
        .feed(&seal(&mut client_write, 23, b"still there?"))
        .unwrap();
    assert_eq!(out.app_data, vec![b"still there?".to_vec()]);
}

#[test]
fn a_hello_request_is_ignored_during_the_handshake_and_refused_after_it() {
    // during the handshake: ignored (RFC 5246 §7.4.1.1)
    let (mut c, _) = Client::new(
        client_config(),
        ChaCha20Rng::from_seed([1; 32]),
        DEFAULT_NOW,
    )
    .unwrap();
    let out = c.feed(&records(22, &handshake(0, &[]))).unwrap();
    assert!(out.records.is_empty() && out.events.is_empty());
    // after it: a warning no_renegotiation, the connection goes on. The server has no API to
    // send a HelloRequest: seal one under the server's keys by hand (its Finished was seq 0).
    let (mut c2, mut s2, server_random) = connected();
    let (secrets, _) =
        Secrets::derive(&PRE_MASTER, &c2.client_random(), &server_random, false, &[]);
    let mut w = secrets.server_cipher();
    w.seal(22, 0x0303, b"finished").unwrap();
    let f = w.seal(22, 0x0303, &handshake(0, &[])).unwrap().fragment;
    let mut rec = vec![22, 3, 3];
    rec.extend_from_slice(&(f.len() as u16).to_be_bytes());
    rec.extend(f);
    let out = c2.feed(&rec).unwrap();
    assert_eq!(out.events.len(), 1);
    assert_eq!(out.events[0].key, StepKey::NoRenegotiation);
    // the server reads that warning and goes on
    s2.feed(&out.records.concat()).unwrap();
    let data = c2.send_app_data(b"after").unwrap();
    assert_eq!(
        s2.feed(&data.records.concat()).unwrap().app_data,
        vec![b"after".to_vec()]
    );
}

// ---- 10. client authentication's signature algorithms ----

#[test]
fn certificate_request_lists_what_the_server_accepts_and_sha1_is_refused() {
    let w = world();
    let mut config = server_config();
    config.client_auth = Some(ClientAuth::from_roots(vec![w.ca_der.clone()]).unwrap());
    let mut s = Server::new(config, ChaCha20Rng::from_seed([2; 32]), DEFAULT_NOW).unwrap();
    let mut cc = client_config();
    cc.identity = Some(ClientIdentity {
        chain: vec![w.client_der.clone()],
        key: w.client_key.clone(),
    });
    let (mut c, out) = Client::new(cc, ChaCha20Rng::from_seed([1; 32]), DEFAULT_NOW).unwrap();
    let flight = s.feed(&out.records.concat()).unwrap();
    let req = flight
        .records
        .iter()
        .map(|r| HandshakeMessage::from_bytes(&r[5..]).unwrap().payload)
        .find_map(|p| match p {
            HandshakePayload::CertificateRequest(r) => Some(r),
            _ => None,
        })
        .expect("CertificateRequest");
    assert_eq!(
        req.supported_signature_algorithms,
        vec![0x0401, 0x0501, 0x0601]
    );
    // The client's flight, its CertificateVerify relabelled rsa_pkcs1_sha1.
    let mut flight = c.feed(&flight.records.concat()).unwrap().records;
    let cv = flight
        .iter_mut()
        .find(|r| r[0] == 22 && r[5] == 15)
        .unwrap();
    assert_eq!(&cv[9..11], &[4, 1]);
    cv[9] = 2;
    expect_alert(s.feed(&flight.concat()), AlertDescription::IllegalParameter);
}
