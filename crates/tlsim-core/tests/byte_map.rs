//! The byte map comes from the one codec: for every record step of several sessions, the
//! transcript's fields are the spans the decoders recorded (plus each certificate's DER fields),
//! every span lies inside the record, every span's bytes decode on their own to the meaning it
//! shows, and decoding in recording mode gives the same messages as the engines' plain decoding.

use tlsim_core::codec::{Codec, Reader, Spans};
use tlsim_core::error::AlertDescription;
use tlsim_core::msg::{FieldMsg, Hex, SigAlg, Suite, Version};
use tlsim_core::msgs::byte_map::{read_record, record_fields, RecordBody};
use tlsim_core::msgs::{
    Alert, ChangeCipherSpec, ContentType, Extension, HandshakeMessage, HandshakeType, Record,
};
use tlsim_core::scenario::{DEFAULT_NOT_AFTER, DEFAULT_NOW};
use tlsim_core::{simulate, Fault, Field, FieldName, Msg, Scenario, Step, StepKind, ValueId};

const SEED: [u8; 32] = [42; 32];

/// Default, client auth, the man in the middle (refused, and accepted when his CA is trusted),
/// an expired certificate.
fn sessions() -> Vec<(&'static str, Scenario, i64)> {
    let mitm = Scenario {
        faults: vec![Fault::ManInTheMiddle],
        ..Scenario::default()
    };
    let mut mitm_trusted = mitm.clone();
    mitm_trusted.extra_trusted_pems =
        vec![tlsim_core::simulate::mitm_ca_pem(&mitm_trusted).expect("the attacker's CA")];
    vec![
        ("default", Scenario::default(), DEFAULT_NOW),
        (
            "client auth",
            Scenario {
                client_auth: true,
                ..Scenario::default()
            },
            DEFAULT_NOW,
        ),
        ("mitm", mitm, DEFAULT_NOW),
        ("mitm trusted", mitm_trusted, DEFAULT_NOW),
        ("expired", Scenario::default(), DEFAULT_NOT_AFTER + 1),
    ]
}

/// The record steps of every session, each with whether its fragment is protected.
fn record_steps() -> Vec<(String, Step, bool)> {
    let mut out = Vec::new();
    for (name, s, now) in sessions() {
        let t = simulate(&s, SEED, now).expect("valid input");
        for (i, st) in t.steps.into_iter().enumerate() {
            if !matches!(st.kind, StepKind::Message | StepKind::Alert) || st.bytes.is_empty() {
                continue;
            }
            let protected = st.fields.iter().any(|f| f.name == FieldName::ExplicitNonce);
            if st.kind == StepKind::Message {
                let sealed = st.derived.iter().any(|d| d.name == ValueId::Ciphertext);
                assert_eq!(protected, sealed, "{name} step {i}: protected iff sealed");
            }
            out.push((format!("{name} step {i} ({:?})", st.key), st, protected));
        }
    }
    assert!(out.len() > 30, "the sessions have record steps");
    out
}

fn be(b: &[u8]) -> usize {
    b.iter().fold(0, |n, &x| n << 8 | x as usize)
}

fn m(f: FieldMsg) -> Msg {
    f.into()
}

/// The meaning of `span` (the bytes of a field named `name`), decoded on its own; `msg_type` is
/// the handshake message it belongs to, `record` the record's type.
fn redecode(
    name: FieldName,
    depth: u8,
    span: &[u8],
    msg_type: HandshakeType,
    record: &[u8],
) -> Msg {
    // A vector: its length prefix must cover exactly the rest of the span.
    let vector = |width: usize| {
        assert!(span.len() >= width, "{name:?}: prefix");
        let body = &span[width..];
        assert_eq!(be(&span[..width]), body.len(), "{name:?}: length prefix");
        body
    };
    let fixed = |n: usize| assert_eq!(span.len(), n, "{name:?} is {n} bytes");
    let record_type = ContentType::from_value(record[0]);
    match name {
        FieldName::Type if depth == 0 => {
            fixed(1);
            let t = ContentType::from_value(span[0]);
            m(FieldMsg::Named {
                name: t.name(),
                value: t.get().into(),
            })
        }
        FieldName::Type => {
            fixed(1);
            assert_eq!(span, [1], "ChangeCipherSpec.type");
            m(FieldMsg::Named {
                name: "change_cipher_spec".into(),
                value: 1,
            })
        }
        FieldName::Version | FieldName::ClientVersion | FieldName::ServerVersion => {
            fixed(2);
            m(FieldMsg::Version {
                version: Version(be(span) as u16),
            })
        }
        FieldName::Length if depth == 0 => {
            fixed(2);
            assert_eq!(be(span), record.len() - 5, "the record's length");
            m(FieldMsg::Follow { len: be(span) })
        }
        FieldName::Length => {
            fixed(3);
            m(FieldMsg::HandshakeLength {
                len: be(span),
                name: msg_type.name(),
            })
        }
        FieldName::MsgType => {
            fixed(1);
            let t = HandshakeType::from_value(span[0]);
            m(FieldMsg::Named {
                name: t.name(),
                value: t.get().into(),
            })
        }
        FieldName::Random => {
            fixed(32);
            m(FieldMsg::Hex {
                value: Hex(span.to_vec()),
            })
        }
        FieldName::SessionId => match vector(1) {
            [] => m(FieldMsg::SessionIdEmpty {}),
            id => m(FieldMsg::SessionId {
                len: id.len(),
                value: Hex(id.to_vec()),
            }),
        },
        FieldName::CipherSuites => m(FieldMsg::CipherSuites {
            count: vector(2).len() / 2,
        }),
        FieldName::CipherSuite => {
            fixed(2);
            m(FieldMsg::CipherSuite {
                suite: Suite(be(span) as u16),
            })
        }
        FieldName::CompressionMethods => m(FieldMsg::CompressionMethods {
            methods: Hex(vector(1).to_vec()),
        }),
        FieldName::CompressionMethod => {
            fixed(1);
            m(FieldMsg::CompressionMethod { value: span[0] })
        }
        FieldName::Extensions => m(FieldMsg::Extensions {
            len: vector(2).len(),
        }),
        FieldName::ServerName
        | FieldName::ExtendedMasterSecret
        | FieldName::RenegotiationInfo
        | FieldName::SignatureAlgorithms
        | FieldName::SessionTicket
        | FieldName::Extension => {
            assert_eq!(be(&span[2..4]), span.len() - 4, "extension_data length");
            let e = Extension::from_bytes(span).expect("an extension decodes on its own");
            let (want, meaning) = match e {
                Extension::ServerName(list) => (
                    FieldName::ServerName,
                    FieldMsg::ServerName {
                        host: String::from_utf8(list[0].1.clone()).expect("ascii host"),
                    },
                ),
                Extension::ExtendedMasterSecret => (
                    FieldName::ExtendedMasterSecret,
                    FieldMsg::ExtendedMasterSecret {},
                ),
                Extension::RenegotiationInfo(v) if v.is_empty() => (
                    FieldName::RenegotiationInfo,
                    FieldMsg::RenegotiationInfoEmpty {},
                ),
                Extension::RenegotiationInfo(v) => (
                    FieldName::RenegotiationInfo,
                    FieldMsg::RenegotiationInfo { value: Hex(v) },
                ),
                Extension::SupportedGroups(g) => (
                    FieldName::SupportedGroups,
                    FieldMsg::SupportedGroups {
                        groups: g.iter().map(|v| tlsim_core::kx::group_name(*v)).collect(),
                    },
                ),
                Extension::SessionTicket(t) if t.is_empty() => {
                    (FieldName::SessionTicket, FieldMsg::SessionTicketEmpty {})
                }
                Extension::SessionTicket(t) => (
                    FieldName::SessionTicket,
                    FieldMsg::SessionTicket { len: t.len() },
                ),
                Extension::EcPointFormats(f) => (
                    FieldName::EcPointFormats,
                    FieldMsg::EcPointFormats { formats: Hex(f) },
                ),
                Extension::SignatureAlgorithms(a) => (
                    FieldName::SignatureAlgorithms,
                    FieldMsg::SignatureAlgorithms {
                        algs: a.into_iter().map(SigAlg).collect(),
                    },
                ),
                e @ Extension::Unknown(..) => (
                    FieldName::Extension,
                    FieldMsg::OtherExtension {
                        name: e.typ().name(),
                        len: span.len() - 4,
                    },
                ),
            };
            assert_eq!(name, want, "the extension's name");
            m(meaning)
        }
        FieldName::CertificateList => m(FieldMsg::CertificateList {
            len: vector(3).len(),
        }),
        FieldName::Certificate => {
            let der = vector(3);
            tlsim_core::pki::cert_fields(der).expect("the certificate is DER");
            m(FieldMsg::Certificate { len: der.len() })
        }
        FieldName::CertificateTypes => m(FieldMsg::CertificateTypes {
            types: Hex(vector(1).to_vec()),
        }),
        FieldName::SupportedSignatureAlgorithms => m(FieldMsg::SupportedSignatureAlgorithms {
            algs: vector(2).chunks(2).map(|c| SigAlg(be(c) as u16)).collect(),
        }),
        FieldName::CertificateAuthorities => m(FieldMsg::CertificateAuthorities {
            len: vector(2).len(),
        }),
        FieldName::EncryptedPreMaster => m(FieldMsg::EncryptedPreMaster {
            len: vector(2).len(),
        }),
        FieldName::Algorithm => {
            fixed(2);
            m(FieldMsg::SigAlg {
                alg: SigAlg(be(span) as u16),
            })
        }
        FieldName::Signature => m(FieldMsg::Signature {
            len: vector(2).len(),
        }),
        FieldName::VerifyData => {
            fixed(12);
            m(FieldMsg::Hex {
                value: Hex(span.to_vec()),
            })
        }
        FieldName::Level => {
            fixed(1);
            match span[0] {
                2 => m(FieldMsg::AlertFatal { value: 2 }),
                v => m(FieldMsg::AlertWarning { value: v }),
            }
        }
        FieldName::Description => {
            fixed(1);
            let alert = AlertDescription::from_code(span[0]);
            m(FieldMsg::AlertDescription {
                alert,
                code: span[0],
            })
        }
        FieldName::ExplicitNonce => {
            fixed(8);
            m(FieldMsg::ExplicitNonce {})
        }
        FieldName::EncryptedContent => {
            fixed(record.len() - 5 - 8 - 16);
            m(FieldMsg::EncryptedContent {
                len: span.len(),
                content: record_type.name(),
            })
        }
        FieldName::Tag => {
            fixed(16);
            m(FieldMsg::Tag {})
        }
        other => panic!("{other:?} is not a TLS codec field"),
    }
}

/// The fields the TLS codec names (certificates' DER fields sit at depth 4 and deeper).
fn tls_fields(fields: &[Field]) -> Vec<Field> {
    fields.iter().filter(|f| f.depth < 4).cloned().collect()
}

#[test]
fn the_transcripts_fields_are_the_codecs_spans() {
    for (what, st, protected) in record_steps() {
        let spans = Spans::new();
        let decoded = read_record(&mut Reader::recording(&st.bytes, &spans), protected);
        assert!(decoded.is_ok(), "{what}: {decoded:?}");
        assert_eq!(
            spans.into_fields(),
            tls_fields(&st.fields),
            "{what}: the recorded spans"
        );
        assert_eq!(record_fields(&st.bytes, protected), st.fields, "{what}");
    }
}

#[test]
fn every_span_lies_inside_the_record_and_nests() {
    for (what, st, _) in record_steps() {
        assert!(!st.fields.is_empty(), "{what}: a record has fields");
        for (i, f) in st.fields.iter().enumerate() {
            assert!(
                f.len > 0 && f.offset + f.len <= st.bytes.len(),
                "{what}: {f:?} lies inside the {} bytes",
                st.bytes.len()
            );
            // A field deeper than a body field lies inside the last field one level up
            // (a suite in cipher_suites, an extension in extensions, DER in its certificate).
            if f.depth >= 3 {
                let parent = st.fields[..i]
                    .iter()
                    .rev()
                    .find(|p| p.depth == f.depth - 1)
                    .unwrap_or_else(|| panic!("{what}: {f:?} has a parent"));
                assert!(
                    parent.offset <= f.offset && f.offset + f.len <= parent.offset + parent.len,
                    "{what}: {f:?} inside {parent:?}"
                );
            }
        }
    }
}

#[test]
fn every_spans_bytes_decode_to_its_meaning() {
    let mut seen = std::collections::BTreeSet::new();
    for (what, st, _) in record_steps() {
        let mut msg_type = HandshakeType::Unknown(0xff);
        for f in tls_fields(&st.fields) {
            let span = &st.bytes[f.offset..f.offset + f.len];
            if f.name == FieldName::MsgType {
                msg_type = HandshakeType::from_value(span[0]);
            }
            let want = redecode(f.name, f.depth, span, msg_type, &st.bytes);
            assert_eq!(f.meaning, want, "{what}: {:?} at {}", f.name, f.offset);
            seen.insert(f.name);
        }
    }
    // The sessions show every kind of field the TLS codec names.
    for name in [
        FieldName::Random,
        FieldName::CipherSuite,
        FieldName::ServerName,
        FieldName::Certificate,
        FieldName::CertificateTypes,
        FieldName::EncryptedPreMaster,
        FieldName::Signature,
        FieldName::ExplicitNonce,
        FieldName::Description,
    ] {
        assert!(seen.contains(&name), "{name:?} was seen");
    }
}

#[test]
fn recording_decodes_the_same_messages_as_plain_decoding() {
    for (what, st, protected) in record_steps() {
        let spans = Spans::new();
        let recorded = read_record(&mut Reader::recording(&st.bytes, &spans), protected)
            .unwrap_or_else(|e| panic!("{what}: {e:?}"));
        let plain = read_record(&mut Reader::new(&st.bytes), protected)
            .unwrap_or_else(|e| panic!("{what}: {e:?}"));
        assert_eq!(recorded, plain, "{what}");
        // And the same as the engines' route: the record, then its fragment on its own.
        let (record, body) = recorded;
        assert_eq!(Ok(record.clone()), Record::from_bytes(&st.bytes), "{what}");
        match body {
            RecordBody::Handshake(msgs) => {
                let mut r = Reader::new(&record.fragment);
                for msg in msgs {
                    assert_eq!(Ok(msg), HandshakeMessage::read(&mut r), "{what}");
                }
                assert_eq!(r.left(), 0, "{what}");
            }
            RecordBody::ChangeCipherSpec(c) => {
                assert_eq!(Ok(c), ChangeCipherSpec::from_bytes(&record.fragment))
            }
            RecordBody::Alert(a) => assert_eq!(Ok(a), Alert::from_bytes(&record.fragment)),
            RecordBody::Protected(p) => {
                assert!(protected, "{what}");
                let mut again = Vec::new();
                p.encode(&mut again);
                assert_eq!(again, record.fragment, "{what}");
            }
            RecordBody::Opaque(b) => panic!("{what}: unexpected opaque body {b:?}"),
        }
    }
}
