//! Codec properties for every TLS message type:
//! - encode then decode gives the same value back (arbitrary field values), and the encoding is
//!   what `HandshakeMessage` frames (type, u24 length, body);
//! - every strict prefix of an encoding fails to decode with a decode error (never a panic);
//! - one trailing byte is rejected;
//! - decoding arbitrary bytes as any type never panics, and what decodes re-encodes to a value
//!   that decodes the same.

use proptest::prelude::*;
use tlsim_core::codec::{Codec, Reader};
use tlsim_core::error::AlertDescription;
use tlsim_core::msgs::enums::{CipherSuite, ExtensionType, HandshakeType};
use tlsim_core::msgs::{
    Alert, Certificate, CertificateRequest, CertificateVerify, ChangeCipherSpec, ClientHello,
    ClientKeyExchange, ContentType, EcClientKeyExchange, Extension, Finished, HandshakeMessage,
    HandshakePayload, KxParams, Record, ServerHello, ServerHelloDone, ServerKeyExchange,
};
use tlsim_core::Error;

fn bytes(max: usize) -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(any::<u8>(), 0..=max)
}

fn extension() -> impl Strategy<Value = Extension> {
    prop_oneof![
        // RFC 6066: server_name_list<1..2^16-1> of HostName<1..2^16-1>
        proptest::collection::vec(
            (any::<u8>(), proptest::collection::vec(any::<u8>(), 1..=40)),
            1..3
        )
        .prop_map(Extension::ServerName),
        proptest::collection::vec(any::<u16>(), 0..8).prop_map(Extension::SignatureAlgorithms),
        Just(Extension::ExtendedMasterSecret),
        bytes(32).prop_map(Extension::RenegotiationInfo),
        // unknown types only: a known type's raw bytes are parsed, not kept
        (any::<u16>(), bytes(40))
            .prop_filter("unknown type", |(t, _)| {
                matches!(ExtensionType::from_value(*t), ExtensionType::Unknown(_))
            })
            .prop_map(|(t, d)| Extension::Unknown(t, d)),
    ]
}

fn suites(min: usize) -> impl Strategy<Value = Vec<CipherSuite>> {
    proptest::collection::vec(any::<u16>().prop_map(CipherSuite::from_value), min..12)
}

fn client_hello() -> impl Strategy<Value = ClientHello> {
    (
        any::<u16>(),
        any::<[u8; 32]>(),
        bytes(32),
        suites(1),
        proptest::collection::vec(any::<u8>(), 1..4),
        proptest::collection::vec(extension(), 0..6),
    )
        .prop_map(
            |(v, random, sid, cipher_suites, comp, extensions)| ClientHello {
                client_version: v,
                random,
                session_id: sid,
                cipher_suites,
                compression_methods: comp,
                extensions,
            },
        )
}

fn server_hello() -> impl Strategy<Value = ServerHello> {
    (
        any::<u16>(),
        any::<[u8; 32]>(),
        bytes(32),
        any::<u16>(),
        any::<u8>(),
        proptest::collection::vec(extension(), 0..4),
    )
        .prop_map(|(v, random, sid, s, c, extensions)| ServerHello {
            server_version: v,
            random,
            session_id: sid,
            cipher_suite: CipherSuite::from_value(s),
            compression_method: c,
            extensions,
        })
}

/// ServerKeyExchange params: a named curve and a point, or DH p, g, Ys (each non-empty; p below
/// 768 bytes, so its length's first byte is never named_curve's 3).
fn ske_params() -> impl Strategy<Value = KxParams> {
    let nonempty = |max| proptest::collection::vec(any::<u8>(), 1..max);
    prop_oneof![
        (any::<u16>(), nonempty(100)).prop_map(|(group, point)| KxParams::Ec { group, point }),
        (nonempty(300), nonempty(4), nonempty(300)).prop_map(|(p, g, ys)| KxParams::Dh {
            p,
            g,
            ys
        }),
    ]
}

fn payload() -> impl Strategy<Value = HandshakePayload> {
    prop_oneof![
        client_hello().prop_map(HandshakePayload::ClientHello),
        server_hello().prop_map(HandshakePayload::ServerHello),
        proptest::collection::vec(proptest::collection::vec(any::<u8>(), 1..300), 0..4)
            .prop_map(|chain| HandshakePayload::Certificate(Certificate { chain })),
        (
            proptest::collection::vec(any::<u8>(), 1..4),
            proptest::collection::vec(any::<u16>(), 0..6),
            proptest::collection::vec(bytes(60), 0..3)
        )
            .prop_map(|(t, a, c)| HandshakePayload::CertificateRequest(
                CertificateRequest {
                    certificate_types: t,
                    supported_signature_algorithms: a,
                    certificate_authorities: c,
                }
            )),
        Just(HandshakePayload::ServerHelloDone(ServerHelloDone)),
        (any::<u16>(), bytes(300)).prop_map(|(algorithm, signature)| {
            HandshakePayload::CertificateVerify(CertificateVerify {
                algorithm,
                signature,
            })
        }),
        bytes(300).prop_map(|e| HandshakePayload::ClientKeyExchange(ClientKeyExchange {
            encrypted_pre_master: e
        })),
        proptest::collection::vec(any::<u8>(), 32..=65)
            .prop_map(|point| HandshakePayload::EcClientKeyExchange(EcClientKeyExchange { point })),
        (ske_params(), any::<u16>(), bytes(300)).prop_map(|(params, algorithm, signature)| {
            HandshakePayload::ServerKeyExchange(ServerKeyExchange {
                params,
                algorithm,
                signature,
            })
        }),
        bytes(40).prop_map(|v| HandshakePayload::Finished(Finished { verify_data: v })),
        // types this engine does not parse keep their body raw
        (prop_oneof![Just(0u8), 21u8..=255], bytes(60))
            .prop_map(|(t, b)| HandshakePayload::Unknown(HandshakeType::from_value(t), b)),
    ]
}

/// Every strict prefix fails with a decode error; the whole decodes to `v`; a trailing byte fails.
fn round_trip<T: Codec + PartialEq + std::fmt::Debug>(v: &T) -> Result<Vec<u8>, TestCaseError> {
    let enc = v.to_bytes();
    let back = T::from_bytes(&enc);
    prop_assert_eq!(back.as_ref(), Ok(v));
    prop_assert_eq!(back.map(|b| b.to_bytes()), Ok(enc.clone()));
    for n in 0..enc.len() {
        match T::from_bytes(&enc[..n]) {
            Err(Error::Decode(_)) => {}
            // Finished and a hello's optional extension block may legitimately end early.
            Ok(_) => {}
            Err(e) => prop_assert!(false, "prefix {n}: not a decode error: {e:?}"),
        }
    }
    let mut longer = enc.clone();
    longer.push(0);
    if T::from_bytes(&longer).is_ok() {
        // only types whose last field takes "the rest" may absorb it
        let name = std::any::type_name::<T>();
        prop_assert!(
            name.ends_with("Finished"),
            "{name} accepted a trailing byte"
        );
    }
    Ok(enc)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, ..ProptestConfig::default() })]

    #[test]
    fn every_handshake_message_round_trips(p in payload()) {
        let m = HandshakeMessage::from(p);
        let enc = round_trip(&m)?;
        // framing: msg_type, u24 length of the body
        prop_assert_eq!(enc[0], m.payload.typ().get());
        let len = u32::from_be_bytes([0, enc[1], enc[2], enc[3]]) as usize;
        prop_assert_eq!(len, enc.len() - 4);
        // every strict prefix of a framed message fails: the length says more is needed
        for n in 0..enc.len() {
            let r = HandshakeMessage::from_bytes(&enc[..n]);
            prop_assert!(matches!(r, Err(Error::Decode(_))), "prefix {}: {:?}", n, r);
        }
    }

    #[test]
    fn hellos_and_extensions_round_trip(ch in client_hello(), sh in server_hello(), e in extension()) {
        round_trip(&ch)?;
        round_trip(&sh)?;
        round_trip(&e)?;
    }

    #[test]
    fn records_alerts_and_ccs_round_trip(
        typ in any::<u8>(), version in any::<u16>(), fragment in bytes(2000),
        level in any::<u8>(), desc in any::<u8>(),
    ) {
        let r = Record { typ: ContentType::from_value(typ), version, fragment };
        let enc = round_trip(&r)?;
        prop_assert_eq!(Record::parse_prefix(&enc), Ok(Some((r.clone(), enc.len()))));
        for n in 0..enc.len() {
            prop_assert_eq!(Record::parse_prefix(&enc[..n]), Ok(None));
        }
        let a = Alert { level, description: AlertDescription::from_code(desc) };
        round_trip(&a)?;
        prop_assert_eq!(a.description.code(), desc);
        round_trip(&ChangeCipherSpec)?;
    }

    /// Arbitrary bytes, read as each type: never a panic; what decodes round-trips.
    #[test]
    fn decoding_arbitrary_bytes_never_panics(data in bytes(600)) {
        fn any_as<T: Codec + PartialEq + std::fmt::Debug>(d: &[u8]) -> Result<(), TestCaseError> {
            if let Ok(v) = T::from_bytes(d) {
                prop_assert_eq!(T::from_bytes(&v.to_bytes()), Ok(v));
            }
            let mut r = Reader::new(d);
            let _ = T::read(&mut r);
            Ok(())
        }
        any_as::<HandshakeMessage>(&data)?;
        any_as::<ClientHello>(&data)?;
        any_as::<ServerHello>(&data)?;
        any_as::<Extension>(&data)?;
        any_as::<Certificate>(&data)?;
        any_as::<CertificateRequest>(&data)?;
        any_as::<CertificateVerify>(&data)?;
        any_as::<ClientKeyExchange>(&data)?;
        any_as::<Finished>(&data)?;
        any_as::<Alert>(&data)?;
        any_as::<ChangeCipherSpec>(&data)?;
        any_as::<Record>(&data)?;
        let _ = Record::parse_prefix(&data);
        // and framed as a handshake message of every type
        for t in [0u8, 1, 2, 11, 12, 13, 14, 15, 16, 20, 99] {
            let mut m = vec![t];
            m.extend_from_slice(&(data.len() as u32).to_be_bytes()[1..]);
            m.extend_from_slice(&data);
            any_as::<HandshakeMessage>(&m)?;
        }
    }
}
