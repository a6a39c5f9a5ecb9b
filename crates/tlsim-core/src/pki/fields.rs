//! Named DER ranges of a certificate, for the UI (RFC 5280 §4.1 names).

use super::der_walk::Tlv;
use crate::error::Error;
use crate::msg::{CertMsg, Hex, Msg, Time as MsgTime};
use crate::transcript::Field;
use crate::vocab::FieldName;
use der::oid::ObjectIdentifier;
use der::Decode;
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::ext::pkix::{
    AuthorityKeyIdentifier, BasicConstraints, ExtendedKeyUsage, KeyUsage, SubjectAltName,
    SubjectKeyIdentifier,
};
use x509_cert::time::Time;
use x509_cert::Certificate;

/// rsaEncryption (PKCS #1).
pub(crate) const RSA_ENCRYPTION: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
/// sha1WithRSAEncryption (PKCS #1 v1.5 signature with SHA-1): only for the SHA-1 failures.
pub(crate) const SHA1_WITH_RSA: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.5");
/// sha256WithRSAEncryption (PKCS #1 v1.5 signature with SHA-256).
pub(crate) const SHA256_WITH_RSA: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.11");
/// id-kp-serverAuth.
pub(crate) const KP_SERVER_AUTH: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.3.1");
/// id-kp-clientAuth.
pub(crate) const KP_CLIENT_AUTH: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.3.2");

/// A readable name for the OIDs a teaching certificate holds.
pub(crate) fn oid_name(oid: &ObjectIdentifier) -> String {
    let name = match oid.to_string().as_str() {
        "1.2.840.113549.1.1.1" => "rsaEncryption",
        "1.2.840.113549.1.1.11" => "sha256WithRSAEncryption",
        "1.2.840.113549.1.1.5" => "sha1WithRSAEncryption",
        "1.2.840.113549.1.9.14" => "extensionRequest",
        "2.5.29.20" => "cRLNumber",
        "2.5.29.37.0" => "anyExtendedKeyUsage",
        "2.5.29.14" => "subjectKeyIdentifier",
        "2.5.29.15" => "keyUsage",
        "2.5.29.17" => "subjectAltName",
        "2.5.29.19" => "basicConstraints",
        "2.5.29.35" => "authorityKeyIdentifier",
        "2.5.29.37" => "extendedKeyUsage",
        "1.3.6.1.5.5.7.3.1" => "serverAuth",
        "1.3.6.1.5.5.7.3.2" => "clientAuth",
        _ => return oid.to_string(),
    };
    format!("{name} ({oid})")
}

/// The first bytes of a long value, for a field meaning that shows its start and length.
pub(crate) fn head(b: &[u8]) -> Hex {
    Hex(b[..b.len().min(8)].to_vec())
}

/// An X.509 time as Unix seconds.
pub(crate) fn unix(t: &Time) -> MsgTime {
    MsgTime(t.to_unix_duration().as_secs() as i64)
}

/// What an X.509 time says, with its encoding: UTCTime or GeneralizedTime.
pub(crate) fn time_meaning(t: &Time) -> Msg {
    match t {
        Time::UtcTime(_) => CertMsg::UtcTime { time: unix(t) }.into(),
        Time::GeneralTime(_) => CertMsg::GeneralizedTime { time: unix(t) }.into(),
    }
}

/// The field name of an extension's OID.
pub(crate) fn ext_field(oid: &ObjectIdentifier) -> FieldName {
    match oid.to_string().as_str() {
        "2.5.29.14" => FieldName::SubjectKeyIdentifier,
        "2.5.29.15" => FieldName::KeyUsage,
        "2.5.29.17" => FieldName::SubjectAltName,
        "2.5.29.19" => FieldName::BasicConstraints,
        "2.5.29.35" => FieldName::AuthorityKeyIdentifier,
        "2.5.29.37" => FieldName::ExtendedKeyUsage,
        "2.5.29.20" => FieldName::CrlNumber,
        _ => FieldName::X509Extension,
    }
}

pub(crate) fn field(name: FieldName, t: &Tlv, depth: u8, meaning: impl Into<Msg>) -> Field {
    Field {
        name,
        offset: t.start,
        len: t.len(),
        meaning: meaning.into(),
        depth,
    }
}

pub(crate) fn bad(m: CertMsg) -> Error {
    Error::Decode(m.into())
}

/// Named DER ranges of the certificate `der`: tbsCertificate (version, serialNumber, signature,
/// issuer, validity with notBefore/notAfter, subject, subjectPublicKeyInfo with algorithm,
/// subjectPublicKey, modulus and publicExponent, extensions each by name), signatureAlgorithm,
/// signatureValue. Offsets index `der`.
pub fn cert_fields(der: &[u8]) -> Result<Vec<Field>, Error> {
    let cert = Certificate::from_der(der).map_err(|_| bad(CertMsg::Undecodable {}))?;
    let tbs_c = &cert.tbs_certificate;
    let top = Tlv::at(der, 0)?;
    let [tbs, sig_alg, sig_val] =
        <[Tlv; 3]>::try_from(top.children(der)?).map_err(|_| bad(CertMsg::CertificateShape {}))?;
    let mut out = vec![field(FieldName::TbsCertificate, &tbs, 0, CertMsg::Tbs {})];

    let kids = tbs.children(der)?;
    let mut it = kids.iter().peekable();
    if let Some(v) = it.next_if(|t| t.tag == 0xa0) {
        let encoded = tbs_c.version as u64;
        out.push(field(
            FieldName::Version,
            v,
            1,
            CertMsg::CertVersion {
                version: encoded + 1,
                encoded,
            },
        ));
    }
    let mut next = |field: FieldName| {
        it.next()
            .copied()
            .ok_or_else(|| bad(CertMsg::TbsLacks { field }))
    };
    let serial = next(FieldName::SerialNumber)?;
    out.push(field(
        FieldName::SerialNumber,
        &serial,
        1,
        CertMsg::Serial {
            value: Hex(tbs_c.serial_number.as_bytes().to_vec()),
        },
    ));
    let sig = next(FieldName::Signature)?;
    out.push(field(
        FieldName::Signature,
        &sig,
        1,
        CertMsg::SignatureAlgorithm {
            algorithm: oid_name(&tbs_c.signature.oid),
        },
    ));
    let issuer = next(FieldName::Issuer)?;
    out.push(field(
        FieldName::Issuer,
        &issuer,
        1,
        CertMsg::Name {
            name: tbs_c.issuer.to_string(),
        },
    ));
    let validity = next(FieldName::Validity)?;
    out.push(field(
        FieldName::Validity,
        &validity,
        1,
        CertMsg::ValidityPeriod {
            not_before: unix(&tbs_c.validity.not_before),
            not_after: unix(&tbs_c.validity.not_after),
        },
    ));
    if let [nb, na] = validity.children(der)?.as_slice() {
        out.push(field(
            FieldName::NotBefore,
            nb,
            2,
            time_meaning(&tbs_c.validity.not_before),
        ));
        out.push(field(
            FieldName::NotAfter,
            na,
            2,
            time_meaning(&tbs_c.validity.not_after),
        ));
    }
    let subject = next(FieldName::Subject)?;
    out.push(field(
        FieldName::Subject,
        &subject,
        1,
        CertMsg::Name {
            name: tbs_c.subject.to_string(),
        },
    ));
    let spki = next(FieldName::SubjectPublicKeyInfo)?;
    let spki_c = &tbs_c.subject_public_key_info;
    let key_bits = spki_kids(der, &spki, &mut out, &spki_c.algorithm.oid)?;
    out.insert(
        out.len() - key_bits,
        field(
            FieldName::SubjectPublicKeyInfo,
            &spki,
            1,
            CertMsg::PublicKeyInfo {
                algorithm: oid_name(&spki_c.algorithm.oid),
            },
        ),
    );
    for t in it {
        if t.tag == 0xa3 {
            out.push(field(FieldName::Extensions, t, 1, CertMsg::Extensions {}));
            let seq = t.children(der)?;
            let exts = seq
                .first()
                .map(|s| s.children(der))
                .transpose()?
                .unwrap_or_default();
            let parsed = tbs_c.extensions.clone().unwrap_or_default();
            for (t, ext) in exts.iter().zip(parsed.iter()) {
                let meaning: Msg = ext_meaning(ext).into();
                let meaning = if ext.critical {
                    CertMsg::Critical {
                        meaning: Box::new(meaning),
                    }
                    .into()
                } else {
                    meaning
                };
                out.push(field(ext_field(&ext.extn_id), t, 2, meaning));
            }
        }
    }
    out.push(field(
        FieldName::SignatureAlgorithm,
        &sig_alg,
        0,
        CertMsg::SignatureAlgorithm {
            algorithm: oid_name(&cert.signature_algorithm.oid),
        },
    ));
    let sig_bytes = cert.signature.raw_bytes();
    out.push(field(
        FieldName::SignatureValue,
        &sig_val,
        0,
        CertMsg::SignatureValue {
            head: head(sig_bytes),
            len: sig_bytes.len(),
        },
    ));
    Ok(out)
}

/// Push algorithm, subjectPublicKey, modulus, publicExponent; return how many were pushed.
pub(crate) fn spki_kids(
    der: &[u8],
    spki: &Tlv,
    out: &mut Vec<Field>,
    alg: &ObjectIdentifier,
) -> Result<usize, Error> {
    let before = out.len();
    let kids = spki.children(der)?;
    let (Some(a), Some(bs)) = (kids.first(), kids.get(1)) else {
        return Err(bad(CertMsg::SpkiShape {}));
    };
    out.push(field(
        FieldName::Algorithm,
        a,
        2,
        CertMsg::KeyAlgorithm {
            algorithm: oid_name(alg),
        },
    ));
    out.push(field(
        FieldName::SubjectPublicKey,
        bs,
        2,
        CertMsg::RsaPublicKeyBits {},
    ));
    if *alg == RSA_ENCRYPTION && bs.tag == 0x03 {
        // Skip the unused-bits byte, then RSAPublicKey ::= SEQUENCE { modulus, publicExponent }.
        let rsa_pk = Tlv::at(der, bs.body + 1)?;
        if let [n, e] = rsa_pk.children(der)?.as_slice() {
            let nb = n.content(der);
            let nb = nb.strip_prefix(&[0]).unwrap_or(nb);
            out.push(field(
                FieldName::Modulus,
                n,
                3,
                CertMsg::Modulus {
                    bits: nb.len() * 8,
                    head: head(nb),
                    len: nb.len(),
                },
            ));
            let eb = e.content(der);
            let ev = eb.iter().fold(0u128, |a, b| a.wrapping_shl(8) | *b as u128);
            out.push(field(
                FieldName::PublicExponent,
                e,
                3,
                CertMsg::PublicExponent {
                    e: u64::try_from(ev).unwrap_or(u64::MAX),
                },
            ));
        }
    }
    Ok(out.len() - before)
}

/// What an extension says, decoded.
pub(crate) fn ext_meaning(ext: &x509_cert::ext::Extension) -> CertMsg {
    let v = ext.extn_value.as_bytes();
    let undecodable = |_: der::Error| CertMsg::ExtUndecodable {};
    let m = match ext.extn_id.to_string().as_str() {
        "2.5.29.19" => BasicConstraints::from_der(v).map(|b| match (b.ca, b.path_len_constraint) {
            // A path length means nothing without CA:TRUE (RFC 5280 §4.2.1.9).
            (true, Some(p)) => CertMsg::CaPathLen { path_len: p.into() },
            (true, None) => CertMsg::CaTrue {},
            (false, _) => CertMsg::CaFalse {},
        }),
        "2.5.29.15" => KeyUsage::from_der(v).map(|k| {
            let flags = [
                (k.digital_signature(), "digitalSignature"),
                (k.non_repudiation(), "nonRepudiation"),
                (k.key_encipherment(), "keyEncipherment"),
                (k.data_encipherment(), "dataEncipherment"),
                (k.key_agreement(), "keyAgreement"),
                (k.key_cert_sign(), "keyCertSign"),
                (k.crl_sign(), "cRLSign"),
            ];
            CertMsg::KeyUsage {
                flags: flags
                    .iter()
                    .filter(|(on, _)| *on)
                    .map(|(_, name)| name.to_string())
                    .collect(),
            }
        }),
        "2.5.29.37" => ExtendedKeyUsage::from_der(v).map(|k| CertMsg::ExtKeyUsage {
            purposes: k.0.iter().map(oid_name).collect(),
        }),
        "2.5.29.17" => SubjectAltName::from_der(v).map(|s| CertMsg::SubjectAltNames {
            names: s
                .0
                .iter()
                .map(|g| match g {
                    GeneralName::DnsName(d) => format!("DNS:{}", d.as_str()),
                    other => format!("{other:?}"),
                })
                .collect(),
        }),
        "2.5.29.14" => SubjectKeyIdentifier::from_der(v).map(|s| CertMsg::SubjectKeyId {
            id: Hex(s.0.as_bytes().to_vec()),
        }),
        "2.5.29.35" => AuthorityKeyIdentifier::from_der(v).map(|a| match a.key_identifier {
            Some(k) => CertMsg::AuthorityKeyId {
                id: Hex(k.as_bytes().to_vec()),
            },
            None => CertMsg::NoAuthorityKeyId {},
        }),
        "2.5.29.20" => der::asn1::Uint::from_der(v).map(|n| CertMsg::CrlNumberValue {
            value: Hex(n.as_bytes().to_vec()),
        }),
        _ => Ok(CertMsg::UnknownExtension {
            oid: ext.extn_id.to_string(),
            len: v.len(),
        }),
    };
    m.unwrap_or_else(undecodable)
}
