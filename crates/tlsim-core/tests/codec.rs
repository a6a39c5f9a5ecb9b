//! Codec: every message round-trips, and every truncation is a clean decode error (no panic).

use tlsim_core::codec::{Codec, Reader, Spans};
use tlsim_core::error::AlertDescription;
use tlsim_core::msgs::*;
use tlsim_core::Error;

fn samples() -> Vec<HandshakeMessage> {
    let ch = ClientHello {
        client_version: 0x0303,
        random: [7; 32],
        session_id: vec![1, 2, 3],
        cipher_suites: vec![
            CipherSuite::TlsRsaWithAes128GcmSha256,
            CipherSuite::TlsEmptyRenegotiationInfoScsv,
            CipherSuite::Unknown(0x1301),
        ],
        compression_methods: vec![0],
        extensions: vec![
            Extension::sni("www.example.com"),
            Extension::ExtendedMasterSecret,
            Extension::SignatureAlgorithms(vec![0x0401, 0x0804]),
            Extension::RenegotiationInfo(vec![]),
            Extension::SupportedGroups(vec![0x1d]),
            Extension::SessionTicket(vec![]),
        ],
    };
    let sh = ServerHello {
        server_version: 0x0303,
        random: [8; 32],
        session_id: vec![9; 32],
        cipher_suite: CipherSuite::TlsRsaWithAes128GcmSha256,
        compression_method: 0,
        extensions: vec![
            Extension::RenegotiationInfo(vec![]),
            Extension::ExtendedMasterSecret,
        ],
    };
    vec![
        HandshakePayload::ClientHello(ch),
        HandshakePayload::ServerHello(sh),
        HandshakePayload::Certificate(Certificate {
            chain: vec![vec![0x30, 0x03, 1, 2, 3], vec![0x30, 0]],
        }),
        HandshakePayload::CertificateRequest(CertificateRequest {
            certificate_types: vec![1],
            supported_signature_algorithms: vec![0x0401],
            certificate_authorities: vec![vec![0x30, 0x00]],
        }),
        HandshakePayload::ServerHelloDone(ServerHelloDone),
        HandshakePayload::ClientKeyExchange(ClientKeyExchange {
            encrypted_pre_master: vec![5; 256],
        }),
        HandshakePayload::CertificateVerify(CertificateVerify {
            algorithm: 0x0401,
            signature: vec![6; 256],
        }),
        HandshakePayload::Finished(Finished {
            verify_data: vec![4; 12],
        }),
        HandshakePayload::ServerKeyExchange(ServerKeyExchange {
            params: KxParams::Ec {
                group: 29,
                point: vec![9; 32],
            },
            algorithm: 0x0401,
            signature: vec![6; 256],
        }),
        HandshakePayload::ServerKeyExchange(ServerKeyExchange {
            params: KxParams::Dh {
                p: vec![0xff; 256],
                g: vec![2],
                ys: vec![7; 256],
            },
            algorithm: 0x0601,
            signature: vec![6; 256],
        }),
        HandshakePayload::EcClientKeyExchange(EcClientKeyExchange {
            point: [&[4u8][..], &[8; 64]].concat(),
        }),
        HandshakePayload::Unknown(HandshakeType::CertificateStatus, vec![1, 2, 3]),
    ]
    .into_iter()
    .map(HandshakeMessage::from)
    .collect()
}

#[test]
fn every_handshake_message_round_trips() {
    for m in samples() {
        let bytes = m.to_bytes();
        assert_eq!(HandshakeMessage::from_bytes(&bytes).unwrap(), m);
        // The header says the body length.
        assert_eq!(
            u32::from_be_bytes([0, bytes[1], bytes[2], bytes[3]]) as usize,
            bytes.len() - 4
        );
    }
    for a in [
        Alert::for_description(AlertDescription::BadRecordMac),
        Alert {
            level: 1,
            description: AlertDescription::Unknown(90),
        },
    ] {
        assert_eq!(Alert::from_bytes(&a.to_bytes()).unwrap(), a);
    }
    assert_eq!(ChangeCipherSpec.to_bytes(), [1]);
    let r = Record {
        typ: ContentType::ApplicationData,
        version: 0x0303,
        fragment: vec![1, 2, 3],
    };
    assert_eq!(r.to_bytes(), [23, 3, 3, 0, 3, 1, 2, 3]);
    assert_eq!(Record::from_bytes(&r.to_bytes()).unwrap(), r);
}

#[test]
fn every_truncation_is_a_decode_error() {
    for m in samples() {
        let bytes = m.to_bytes();
        for n in 0..bytes.len() {
            match HandshakeMessage::from_bytes(&bytes[..n]) {
                Err(Error::Decode(_)) => {}
                other => panic!("{:?} cut at {n}: {other:?}", m.payload.typ()),
            }
        }
        // A trailing byte is refused too.
        let mut long = bytes.clone();
        long.push(0);
        assert!(matches!(
            HandshakeMessage::from_bytes(&long),
            Err(Error::Decode(_))
        ));
    }
    let alert = Alert::for_description(AlertDescription::CloseNotify).to_bytes();
    assert!(matches!(
        Alert::from_bytes(&alert[..1]),
        Err(Error::Decode(_))
    ));
    assert!(matches!(
        ChangeCipherSpec::from_bytes(&[]),
        Err(Error::Decode(_))
    ));
    assert!(matches!(
        ChangeCipherSpec::from_bytes(&[2]),
        Err(Error::Decode(_))
    ));
}

#[test]
fn recording_reads_the_same_and_names_only_bytes_it_read() {
    for m in samples() {
        let bytes = m.to_bytes();
        // Whole, and cut at every length: the same result as a plain read, and every named span
        // lies inside what was there.
        for n in 0..=bytes.len() {
            let spans = Spans::new();
            let recorded = HandshakeMessage::read(&mut Reader::recording(&bytes[..n], &spans));
            let plain = HandshakeMessage::read(&mut Reader::new(&bytes[..n]));
            assert_eq!(recorded, plain, "{:?} cut at {n}", m.payload.typ());
            let fields = spans.into_fields();
            assert!(fields.iter().all(|f| f.offset + f.len <= n), "{fields:?}");
            if n == bytes.len() {
                // msg_type and length at depth 0, the body's fields below them.
                assert_eq!(fields[0].offset, 0);
                assert_eq!((fields[1].offset, fields[1].len), (1, 3));
                assert!(fields[2..].iter().all(|f| f.depth >= 1));
            }
        }
    }
}

#[test]
fn body_truncated_inside_a_consistent_header_is_a_decode_error() {
    // Shorten the body and fix up the header length: the body parser itself must refuse.
    for m in samples() {
        let bytes = m.to_bytes();
        for n in 4..bytes.len() {
            let mut b = bytes[..n].to_vec();
            let len = (n - 4) as u32;
            b[1..4].copy_from_slice(&len.to_be_bytes()[1..]);
            let r = HandshakeMessage::from_bytes(&b);
            // Finished and unknown bodies take whatever length the header gives.
            let lenient = matches!(
                m.payload,
                HandshakePayload::Finished(_)
                    | HandshakePayload::Unknown(..)
                    | HandshakePayload::ClientHello(_)
                    | HandshakePayload::ServerHello(_)
            );
            if !lenient {
                assert!(
                    matches!(r, Err(Error::Decode(_))),
                    "{:?} body cut at {n}: {r:?}",
                    m.payload.typ()
                );
            }
        }
    }
}

#[test]
fn unknown_values_are_kept() {
    assert_eq!(
        CipherSuite::from_value(0xabcd),
        CipherSuite::Unknown(0xabcd)
    );
    assert_eq!(CipherSuite::Unknown(0xabcd).get(), 0xabcd);
    let e = Extension::Unknown(0x0015, vec![0; 5]); // padding
    let b = e.to_bytes();
    assert_eq!(Extension::read(&mut Reader::new(&b)).unwrap(), e);
    assert_eq!(ContentType::from_value(99).get(), 99);
}

#[test]
fn reader_rejects_trailing_bytes() {
    let mut r = Reader::new(&[1, 2, 3]);
    r.u16("x").unwrap();
    assert!(matches!(r.expect_empty("x"), Err(Error::Decode(_))));
}
