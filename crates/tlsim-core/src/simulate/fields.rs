//! Named byte ranges of a record for the transcript: record header (depth 0), handshake header
//! (depth 1), body fields (depth 2 and deeper). Offsets are into the whole record.

use crate::codec::Reader;
use crate::error::{AlertDescription, Error};
use crate::msg::{FieldMsg, Hex, SigAlg, Suite, Version};
use crate::msgs::{ContentType, ExtensionType, HandshakeType};
use crate::pki;
use crate::transcript::Field;
use crate::vocab::FieldName;

struct Fields(Vec<Field>);

impl Fields {
    fn add(&mut self, name: FieldName, offset: usize, len: usize, meaning: FieldMsg, depth: u8) {
        self.0.push(Field {
            name,
            offset,
            len,
            meaning: meaning.into(),
            depth,
        });
    }
}

/// The fields of `record`; `protected` when its fragment is AES-GCM ciphertext. Never fails:
/// whatever cannot be decoded is left out.
pub fn record_fields(record: &[u8], protected: bool) -> Vec<Field> {
    let mut f = Fields(Vec::new());
    let _ = describe(record, protected, &mut f);
    f.0
}

fn sig_algs(b: &[u8]) -> Vec<SigAlg> {
    b.chunks(2)
        .filter(|c| c.len() == 2)
        .map(|c| SigAlg(u16::from_be_bytes([c[0], c[1]])))
        .collect()
}

fn describe(record: &[u8], protected: bool, f: &mut Fields) -> Result<(), Error> {
    let mut r = Reader::new(record);
    let typ = ContentType::from_value(r.u8("type")?);
    f.add(
        FieldName::Type,
        0,
        1,
        FieldMsg::Named {
            name: typ.name(),
            value: typ.get().into(),
        },
        0,
    );
    let v = r.u16("version")?;
    f.add(
        FieldName::Version,
        1,
        2,
        FieldMsg::Version {
            version: Version(v),
        },
        0,
    );
    let mut frag = r.sub_u16("length")?;
    f.add(
        FieldName::Length,
        3,
        2,
        FieldMsg::Follow { len: frag.left() },
        0,
    );
    if protected {
        let n = frag.left();
        if n >= 24 {
            f.add(
                FieldName::ExplicitNonce,
                5,
                8,
                FieldMsg::ExplicitNonce {},
                1,
            );
            f.add(
                FieldName::EncryptedContent,
                13,
                n - 24,
                FieldMsg::EncryptedContent {
                    len: n - 24,
                    content: typ.name(),
                },
                1,
            );
            f.add(FieldName::Tag, 5 + n - 16, 16, FieldMsg::Tag {}, 1);
        }
        return Ok(());
    }
    match typ {
        ContentType::Handshake => {
            while frag.left() > 0 {
                handshake(&mut frag, f)?;
            }
        }
        ContentType::ChangeCipherSpec => {
            let at = frag.pos();
            let v = frag.u8("type")?;
            f.add(
                FieldName::Type,
                at,
                1,
                FieldMsg::Named {
                    name: "change_cipher_spec".into(),
                    value: v.into(),
                },
                1,
            );
        }
        ContentType::Alert => {
            let at = frag.pos();
            let level = frag.u8("level")?;
            let m = if level == 2 {
                FieldMsg::AlertFatal { value: level }
            } else {
                FieldMsg::AlertWarning { value: level }
            };
            f.add(FieldName::Level, at, 1, m, 1);
            let d = AlertDescription::from_code(frag.u8("description")?);
            f.add(
                FieldName::Description,
                at + 1,
                1,
                FieldMsg::AlertDescription {
                    alert: d,
                    code: d.code(),
                },
                1,
            );
        }
        _ => {}
    }
    Ok(())
}

fn handshake(r: &mut Reader<'_>, f: &mut Fields) -> Result<(), Error> {
    let at = r.pos();
    let t = HandshakeType::from_value(r.u8("msg_type")?);
    f.add(
        FieldName::MsgType,
        at,
        1,
        FieldMsg::Named {
            name: t.name(),
            value: t.get().into(),
        },
        1,
    );
    let mut b = r.sub_u24("length")?;
    f.add(
        FieldName::Length,
        at + 1,
        3,
        FieldMsg::HandshakeLength {
            len: b.left(),
            name: t.name(),
        },
        1,
    );
    match t {
        HandshakeType::ClientHello => hello(&mut b, f, true),
        HandshakeType::ServerHello => hello(&mut b, f, false),
        HandshakeType::Certificate => certificate(&mut b, f),
        HandshakeType::CertificateRequest => cert_request(&mut b, f),
        HandshakeType::ClientKeyExchange => {
            let at = b.pos();
            let v = b.vec_u16("exchange_keys")?;
            f.add(
                FieldName::EncryptedPreMaster,
                at,
                2 + v.len(),
                FieldMsg::EncryptedPreMaster { len: v.len() },
                2,
            );
            Ok(())
        }
        HandshakeType::CertificateVerify => {
            let at = b.pos();
            let a = b.u16("algorithm")?;
            f.add(
                FieldName::Algorithm,
                at,
                2,
                FieldMsg::SigAlg { alg: SigAlg(a) },
                2,
            );
            let v = b.vec_u16("signature")?;
            f.add(
                FieldName::Signature,
                at + 2,
                2 + v.len(),
                FieldMsg::Signature { len: v.len() },
                2,
            );
            Ok(())
        }
        HandshakeType::Finished => {
            let at = b.pos();
            let v = b.rest();
            f.add(
                FieldName::VerifyData,
                at,
                v.len(),
                FieldMsg::Hex {
                    value: Hex(v.to_vec()),
                },
                2,
            );
            Ok(())
        }
        _ => Ok(()),
    }
}

fn hello(b: &mut Reader<'_>, f: &mut Fields, client: bool) -> Result<(), Error> {
    let at = b.pos();
    let v = b.u16("version")?;
    let name = if client {
        FieldName::ClientVersion
    } else {
        FieldName::ServerVersion
    };
    f.add(
        name,
        at,
        2,
        FieldMsg::Version {
            version: Version(v),
        },
        2,
    );
    let rnd = b.take(32, "random")?;
    f.add(
        FieldName::Random,
        at + 2,
        32,
        FieldMsg::Hex {
            value: Hex(rnd.to_vec()),
        },
        2,
    );
    let at = b.pos();
    let sid = b.vec_u8("session_id")?;
    let m = if sid.is_empty() {
        FieldMsg::SessionIdEmpty {}
    } else {
        FieldMsg::SessionId {
            len: sid.len(),
            value: Hex(sid.clone()),
        }
    };
    f.add(FieldName::SessionId, at, 1 + sid.len(), m, 2);
    if client {
        let at = b.pos();
        let mut s = b.sub_u16("cipher_suites")?;
        f.add(
            FieldName::CipherSuites,
            at,
            2 + s.left(),
            FieldMsg::CipherSuites {
                count: s.left() / 2,
            },
            2,
        );
        while s.left() >= 2 {
            let at = s.pos();
            let c = s.u16("suite")?;
            f.add(
                FieldName::CipherSuite,
                at,
                2,
                FieldMsg::CipherSuite { suite: Suite(c) },
                3,
            );
        }
        let at = b.pos();
        let c = b.vec_u8("compression_methods")?;
        f.add(
            FieldName::CompressionMethods,
            at,
            1 + c.len(),
            FieldMsg::CompressionMethods { methods: Hex(c) },
            2,
        );
    } else {
        let at = b.pos();
        let c = b.u16("cipher_suite")?;
        f.add(
            FieldName::CipherSuite,
            at,
            2,
            FieldMsg::CipherSuite { suite: Suite(c) },
            2,
        );
        let at = b.pos();
        let c = b.u8("compression_method")?;
        f.add(
            FieldName::CompressionMethod,
            at,
            1,
            FieldMsg::CompressionMethod { value: c },
            2,
        );
    }
    if b.left() == 0 {
        return Ok(());
    }
    let at = b.pos();
    let mut exts = b.sub_u16("extensions")?;
    f.add(
        FieldName::Extensions,
        at,
        2 + exts.left(),
        FieldMsg::Extensions { len: exts.left() },
        2,
    );
    while exts.left() > 0 {
        let at = exts.pos();
        let t = ExtensionType::from_value(exts.u16("extension_type")?);
        let data = exts.vec_u16("extension_data")?;
        let (name, meaning) = match t {
            ExtensionType::ServerName => {
                let host = data
                    .get(5..)
                    .map(|n| String::from_utf8_lossy(n).into_owned())
                    .unwrap_or_default();
                (FieldName::ServerName, FieldMsg::ServerName { host })
            }
            ExtensionType::ExtendedMasterSecret => (
                FieldName::ExtendedMasterSecret,
                FieldMsg::ExtendedMasterSecret {},
            ),
            // RFC 5746 §3.2: renegotiated_connection<0..255>; empty on a first handshake.
            ExtensionType::RenegotiationInfo => match data.split_first() {
                Some((0, [])) => (
                    FieldName::RenegotiationInfo,
                    FieldMsg::RenegotiationInfoEmpty {},
                ),
                _ => (
                    FieldName::RenegotiationInfo,
                    FieldMsg::RenegotiationInfo {
                        value: Hex(data.get(1..).unwrap_or(&[]).to_vec()),
                    },
                ),
            },
            ExtensionType::SignatureAlgorithms => (
                FieldName::SignatureAlgorithms,
                FieldMsg::SignatureAlgorithms {
                    algs: sig_algs(data.get(2..).unwrap_or(&[])),
                },
            ),
            t => (
                FieldName::Extension,
                FieldMsg::OtherExtension {
                    name: t.name(),
                    len: data.len(),
                },
            ),
        };
        f.add(name, at, 4 + data.len(), meaning, 3);
    }
    Ok(())
}

fn certificate(b: &mut Reader<'_>, f: &mut Fields) -> Result<(), Error> {
    let at = b.pos();
    let mut list = b.sub_u24("certificate_list")?;
    f.add(
        FieldName::CertificateList,
        at,
        3 + list.left(),
        FieldMsg::CertificateList { len: list.left() },
        2,
    );
    while list.left() > 0 {
        let at = list.pos();
        let der = list.vec_u24("ASN.1Cert")?;
        f.add(
            FieldName::Certificate,
            at,
            3 + der.len(),
            FieldMsg::Certificate { len: der.len() },
            3,
        );
        if let Ok(inner) = pki::cert_fields(&der) {
            for x in inner {
                f.0.push(Field {
                    offset: at + 3 + x.offset,
                    depth: 4 + x.depth,
                    ..x
                });
            }
        }
    }
    Ok(())
}

fn cert_request(b: &mut Reader<'_>, f: &mut Fields) -> Result<(), Error> {
    let at = b.pos();
    let t = b.vec_u8("certificate_types")?;
    f.add(
        FieldName::CertificateTypes,
        at,
        1 + t.len(),
        FieldMsg::CertificateTypes {
            types: Hex(t.clone()),
        },
        2,
    );
    let at = b.pos();
    let a = b.vec_u16("supported_signature_algorithms")?;
    f.add(
        FieldName::SupportedSignatureAlgorithms,
        at,
        2 + a.len(),
        FieldMsg::SupportedSignatureAlgorithms { algs: sig_algs(&a) },
        2,
    );
    let at = b.pos();
    let c = b.vec_u16("certificate_authorities")?;
    f.add(
        FieldName::CertificateAuthorities,
        at,
        2 + c.len(),
        FieldMsg::CertificateAuthorities { len: c.len() },
        2,
    );
    Ok(())
}
