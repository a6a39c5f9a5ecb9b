//! Named byte ranges of a record for the transcript: record header (depth 0), handshake header
//! (depth 1), body fields (depth 2 and deeper). Offsets are into the whole record.

use crate::codec::Reader;
use crate::error::{AlertDescription, Error};
use crate::msgs::enums::{sig_alg_name, version_name};
use crate::msgs::{CipherSuite, ContentType, ExtensionType, HandshakeType};
use crate::pki;
use crate::transcript::Field;

struct Fields(Vec<Field>);

impl Fields {
    fn add(&mut self, name: &str, offset: usize, len: usize, meaning: String, depth: u8) {
        self.0.push(Field {
            name: name.into(),
            offset,
            len,
            meaning,
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

fn describe(record: &[u8], protected: bool, f: &mut Fields) -> Result<(), Error> {
    let mut r = Reader::new(record);
    let typ = ContentType::from_value(r.u8("type")?);
    f.add("type", 0, 1, format!("{} ({})", typ.name(), typ.get()), 0);
    let v = r.u16("version")?;
    f.add("version", 1, 2, version_name(v), 0);
    let mut frag = r.sub_u16("length")?;
    f.add("length", 3, 2, format!("{} bytes follow", frag.left()), 0);
    if protected {
        let n = frag.left();
        if n >= 24 {
            f.add(
                "explicit_nonce",
                5,
                8,
                "the sequence number, sent so the receiver can build the nonce".into(),
                1,
            );
            f.add(
                "encrypted_content",
                13,
                n - 24,
                format!(
                    "{} bytes of AES-128-GCM ciphertext ({})",
                    n - 24,
                    typ.name()
                ),
                1,
            );
            f.add(
                "tag",
                5 + n - 16,
                16,
                "GCM authentication tag over ciphertext and additional data".into(),
                1,
            );
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
            f.add("type", at, 1, format!("change_cipher_spec ({v})"), 1);
        }
        ContentType::Alert => {
            let at = frag.pos();
            let level = frag.u8("level")?;
            f.add(
                "level",
                at,
                1,
                if level == 2 {
                    "fatal (2)".into()
                } else {
                    format!("warning ({level})")
                },
                1,
            );
            let d = AlertDescription::from_code(frag.u8("description")?);
            f.add(
                "description",
                at + 1,
                1,
                format!("{} ({})", d.name(), d.code()),
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
    f.add("msg_type", at, 1, format!("{} ({})", t.name(), t.get()), 1);
    let mut b = r.sub_u24("length")?;
    f.add(
        "length",
        at + 1,
        3,
        format!("{} bytes of {}", b.left(), t.name()),
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
                "encrypted_pre_master",
                at,
                2 + v.len(),
                format!("{}-byte RSA ciphertext (2-byte length first)", v.len()),
                2,
            );
            Ok(())
        }
        HandshakeType::CertificateVerify => {
            let at = b.pos();
            let a = b.u16("algorithm")?;
            f.add("algorithm", at, 2, sig_alg_name(a), 2);
            let v = b.vec_u16("signature")?;
            f.add(
                "signature",
                at + 2,
                2 + v.len(),
                format!("{}-byte RSA signature", v.len()),
                2,
            );
            Ok(())
        }
        HandshakeType::Finished => {
            let at = b.pos();
            let v = b.rest();
            f.add("verify_data", at, v.len(), hex::encode(v), 2);
            Ok(())
        }
        _ => Ok(()),
    }
}

fn hello(b: &mut Reader<'_>, f: &mut Fields, client: bool) -> Result<(), Error> {
    let at = b.pos();
    let v = b.u16("version")?;
    f.add(
        if client {
            "client_version"
        } else {
            "server_version"
        },
        at,
        2,
        version_name(v),
        2,
    );
    let rnd = b.take(32, "random")?;
    f.add("random", at + 2, 32, hex::encode(rnd), 2);
    let at = b.pos();
    let sid = b.vec_u8("session_id")?;
    let m = if sid.is_empty() {
        "empty (a new session)".to_string()
    } else {
        format!("{} bytes: {}", sid.len(), hex::encode(&sid))
    };
    f.add("session_id", at, 1 + sid.len(), m, 2);
    if client {
        let at = b.pos();
        let mut s = b.sub_u16("cipher_suites")?;
        f.add(
            "cipher_suites",
            at,
            2 + s.left(),
            format!("{} suites offered", s.left() / 2),
            2,
        );
        while s.left() >= 2 {
            let at = s.pos();
            let c = CipherSuite::from_value(s.u16("suite")?);
            f.add(
                "cipher_suite",
                at,
                2,
                format!("{} (0x{:04x})", c.name(), c.get()),
                3,
            );
        }
        let at = b.pos();
        let c = b.vec_u8("compression_methods")?;
        f.add(
            "compression_methods",
            at,
            1 + c.len(),
            format!("{c:?} (0 = null)"),
            2,
        );
    } else {
        let at = b.pos();
        let c = CipherSuite::from_value(b.u16("cipher_suite")?);
        f.add(
            "cipher_suite",
            at,
            2,
            format!("{} (0x{:04x})", c.name(), c.get()),
            2,
        );
        let at = b.pos();
        let c = b.u8("compression_method")?;
        f.add("compression_method", at, 1, format!("{c} (null)"), 2);
    }
    if b.left() == 0 {
        return Ok(());
    }
    let at = b.pos();
    let mut exts = b.sub_u16("extensions")?;
    f.add(
        "extensions",
        at,
        2 + exts.left(),
        format!("{} bytes of extensions", exts.left()),
        2,
    );
    while exts.left() > 0 {
        let at = exts.pos();
        let t = ExtensionType::from_value(exts.u16("extension_type")?);
        let data = exts.vec_u16("extension_data")?;
        let meaning = match t {
            ExtensionType::ServerName => {
                let name = data
                    .get(5..)
                    .map(|n| String::from_utf8_lossy(n).into_owned())
                    .unwrap_or_default();
                format!("server_name: host \"{name}\"")
            }
            ExtensionType::ExtendedMasterSecret => {
                "extended_master_secret (RFC 7627): empty".into()
            }
            ExtensionType::RenegotiationInfo => {
                "renegotiation_info (RFC 5746): empty, a first handshake".into()
            }
            ExtensionType::SignatureAlgorithms => {
                let algs: Vec<String> = data
                    .get(2..)
                    .unwrap_or(&[])
                    .chunks(2)
                    .filter(|c| c.len() == 2)
                    .map(|c| sig_alg_name(u16::from_be_bytes([c[0], c[1]])))
                    .collect();
                format!("signature_algorithms: {}", algs.join(", "))
            }
            t => format!("{}: {} bytes", t.name(), data.len()),
        };
        f.add(&t.name(), at, 4 + data.len(), meaning, 3);
    }
    Ok(())
}

fn certificate(b: &mut Reader<'_>, f: &mut Fields) -> Result<(), Error> {
    let at = b.pos();
    let mut list = b.sub_u24("certificate_list")?;
    f.add(
        "certificate_list",
        at,
        3 + list.left(),
        format!("{} bytes of certificates", list.left()),
        2,
    );
    while list.left() > 0 {
        let at = list.pos();
        let der = list.vec_u24("ASN.1Cert")?;
        f.add(
            "certificate",
            at,
            3 + der.len(),
            format!(
                "X.509 certificate, {} bytes of DER (3-byte length first)",
                der.len()
            ),
            3,
        );
        if let Ok(inner) = pki::cert_fields(&der) {
            for x in inner {
                f.add(&x.name, at + 3 + x.offset, x.len, x.meaning, 4 + x.depth);
            }
        }
    }
    Ok(())
}

fn cert_request(b: &mut Reader<'_>, f: &mut Fields) -> Result<(), Error> {
    let at = b.pos();
    let t = b.vec_u8("certificate_types")?;
    f.add(
        "certificate_types",
        at,
        1 + t.len(),
        format!("{t:?} (1 = rsa_sign)"),
        2,
    );
    let at = b.pos();
    let a = b.vec_u16("supported_signature_algorithms")?;
    let names: Vec<String> = a
        .chunks(2)
        .filter(|c| c.len() == 2)
        .map(|c| sig_alg_name(u16::from_be_bytes([c[0], c[1]])))
        .collect();
    f.add(
        "supported_signature_algorithms",
        at,
        2 + a.len(),
        names.join(", "),
        2,
    );
    let at = b.pos();
    let c = b.vec_u16("certificate_authorities")?;
    f.add(
        "certificate_authorities",
        at,
        2 + c.len(),
        format!("{} bytes of DER distinguished names", c.len()),
        2,
    );
    Ok(())
}
