//! Named DER ranges of a certificate, for the UI (RFC 5280 §4.1 names).

use super::der_walk::Tlv;
use crate::error::Error;
use crate::transcript::Field;
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

/// Short hex: the first 8 bytes, then "…" and the length.
pub(crate) fn short_hex(b: &[u8]) -> String {
    if b.len() <= 12 {
        hex::encode(b)
    } else {
        format!("{}… ({} bytes)", hex::encode(&b[..8]), b.len())
    }
}

/// Human form of an X.509 time: "2026-01-01T00:00:00Z (UTCTime)".
pub(crate) fn time_text(t: &Time) -> String {
    match t {
        Time::UtcTime(u) => format!("{} (UTCTime)", u.to_date_time()),
        Time::GeneralTime(g) => format!("{} (GeneralizedTime)", g.to_date_time()),
    }
}

fn field(name: &str, t: &Tlv, depth: u8, meaning: String) -> Field {
    Field {
        name: name.into(),
        offset: t.start,
        len: t.len(),
        meaning,
        depth,
    }
}

fn bad(detail: &str) -> Error {
    Error::decode("Certificate", detail)
}

/// Named DER ranges of the certificate `der`: tbsCertificate (version, serialNumber, signature,
/// issuer, validity with notBefore/notAfter, subject, subjectPublicKeyInfo with algorithm,
/// subjectPublicKey, modulus and publicExponent, extensions each by name), signatureAlgorithm,
/// signatureValue. Offsets index `der`.
pub fn cert_fields(der: &[u8]) -> Result<Vec<Field>, Error> {
    let cert = Certificate::from_der(der).map_err(|e| bad(&e.to_string()))?;
    let tbs_c = &cert.tbs_certificate;
    let top = Tlv::at(der, 0)?;
    let [tbs, sig_alg, sig_val] = <[Tlv; 3]>::try_from(top.children(der)?)
        .map_err(|_| bad("a Certificate is a SEQUENCE of 3 elements"))?;
    let mut out = vec![field(
        "tbsCertificate",
        &tbs,
        0,
        "the part the CA signs".into(),
    )];

    let kids = tbs.children(der)?;
    let mut it = kids.iter().peekable();
    if let Some(v) = it.next_if(|t| t.tag == 0xa0) {
        out.push(field(
            "version",
            v,
            1,
            format!("{:?} (encoded as {})", tbs_c.version, tbs_c.version as u8),
        ));
    }
    let mut next = |what: &str| {
        it.next()
            .copied()
            .ok_or_else(|| bad(&format!("tbsCertificate lacks {what}")))
    };
    let serial = next("serialNumber")?;
    out.push(field(
        "serialNumber",
        &serial,
        1,
        format!("0x{}", hex::encode(tbs_c.serial_number.as_bytes())),
    ));
    let sig = next("signature")?;
    out.push(field(
        "signature",
        &sig,
        1,
        format!("algorithm: {}", oid_name(&tbs_c.signature.oid)),
    ));
    let issuer = next("issuer")?;
    out.push(field("issuer", &issuer, 1, tbs_c.issuer.to_string()));
    let validity = next("validity")?;
    out.push(field(
        "validity",
        &validity,
        1,
        format!(
            "{} to {}",
            tbs_c.validity.not_before.to_date_time(),
            tbs_c.validity.not_after.to_date_time()
        ),
    ));
    if let [nb, na] = validity.children(der)?.as_slice() {
        out.push(field(
            "notBefore",
            nb,
            2,
            time_text(&tbs_c.validity.not_before),
        ));
        out.push(field(
            "notAfter",
            na,
            2,
            time_text(&tbs_c.validity.not_after),
        ));
    }
    let subject = next("subject")?;
    out.push(field("subject", &subject, 1, tbs_c.subject.to_string()));
    let spki = next("subjectPublicKeyInfo")?;
    let spki_c = &tbs_c.subject_public_key_info;
    let key_bits = spki_kids(der, &spki, &mut out, &spki_c.algorithm.oid)?;
    out.insert(
        out.len() - key_bits,
        field(
            "subjectPublicKeyInfo",
            &spki,
            1,
            format!("{} public key", oid_name(&spki_c.algorithm.oid)),
        ),
    );
    for t in it {
        if t.tag == 0xa3 {
            out.push(field("extensions", t, 1, "X.509 v3 extensions".into()));
            let seq = t.children(der)?;
            let exts = seq
                .first()
                .map(|s| s.children(der))
                .transpose()?
                .unwrap_or_default();
            let parsed = tbs_c.extensions.clone().unwrap_or_default();
            for (t, ext) in exts.iter().zip(parsed.iter()) {
                let name = oid_name(&ext.extn_id);
                let short = name.split(' ').next().unwrap_or_default().to_string();
                let crit = if ext.critical { "critical; " } else { "" };
                out.push(field(&short, t, 2, format!("{crit}{}", ext_meaning(ext))));
            }
        }
    }
    out.push(field(
        "signatureAlgorithm",
        &sig_alg,
        0,
        oid_name(&cert.signature_algorithm.oid),
    ));
    out.push(field(
        "signatureValue",
        &sig_val,
        0,
        format!(
            "RSA signature over SHA-256(tbsCertificate): {}",
            short_hex(cert.signature.raw_bytes())
        ),
    ));
    Ok(out)
}

/// Push algorithm, subjectPublicKey, modulus, publicExponent; return how many were pushed.
fn spki_kids(
    der: &[u8],
    spki: &Tlv,
    out: &mut Vec<Field>,
    alg: &ObjectIdentifier,
) -> Result<usize, Error> {
    let before = out.len();
    let kids = spki.children(der)?;
    let (Some(a), Some(bs)) = (kids.first(), kids.get(1)) else {
        return Err(bad("subjectPublicKeyInfo is a SEQUENCE of 2 elements"));
    };
    out.push(field("algorithm", a, 2, oid_name(alg)));
    out.push(field(
        "subjectPublicKey",
        bs,
        2,
        "BIT STRING holding RSAPublicKey (PKCS #1)".into(),
    ));
    if *alg == RSA_ENCRYPTION && bs.tag == 0x03 {
        // Skip the unused-bits byte, then RSAPublicKey ::= SEQUENCE { modulus, publicExponent }.
        let rsa_pk = Tlv::at(der, bs.body + 1)?;
        if let [n, e] = rsa_pk.children(der)?.as_slice() {
            let nb = n.content(der);
            let nb = nb.strip_prefix(&[0]).unwrap_or(nb);
            out.push(field(
                "modulus",
                n,
                3,
                format!("n, {}-bit: {}", nb.len() * 8, short_hex(nb)),
            ));
            let eb = e.content(der);
            let ev = eb.iter().fold(0u128, |a, b| a.wrapping_shl(8) | *b as u128);
            out.push(field("publicExponent", e, 3, format!("e = {ev}")));
        }
    }
    Ok(out.len() - before)
}

/// What an extension says, decoded.
fn ext_meaning(ext: &x509_cert::ext::Extension) -> String {
    let v = ext.extn_value.as_bytes();
    match ext.extn_id.to_string().as_str() {
        "2.5.29.19" => match BasicConstraints::from_der(v) {
            Ok(b) => format!(
                "CA:{}{}",
                if b.ca { "TRUE" } else { "FALSE" },
                b.path_len_constraint
                    .map(|p| format!(", pathlen:{p}"))
                    .unwrap_or_default()
            ),
            Err(e) => format!("undecodable: {e}"),
        },
        "2.5.29.15" => match KeyUsage::from_der(v) {
            Ok(k) => {
                let mut u = Vec::new();
                let flags = [
                    (k.digital_signature(), "digitalSignature"),
                    (k.non_repudiation(), "nonRepudiation"),
                    (k.key_encipherment(), "keyEncipherment"),
                    (k.data_encipherment(), "dataEncipherment"),
                    (k.key_agreement(), "keyAgreement"),
                    (k.key_cert_sign(), "keyCertSign"),
                    (k.crl_sign(), "cRLSign"),
                ];
                for (on, name) in flags {
                    if on {
                        u.push(name);
                    }
                }
                u.join(", ")
            }
            Err(e) => format!("undecodable: {e}"),
        },
        "2.5.29.37" => match ExtendedKeyUsage::from_der(v) {
            Ok(k) => k.0.iter().map(oid_name).collect::<Vec<_>>().join(", "),
            Err(e) => format!("undecodable: {e}"),
        },
        "2.5.29.17" => match SubjectAltName::from_der(v) {
            Ok(s) => {
                s.0.iter()
                    .map(|g| match g {
                        GeneralName::DnsName(d) => format!("DNS:{}", d.as_str()),
                        other => format!("{other:?}"),
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            }
            Err(e) => format!("undecodable: {e}"),
        },
        "2.5.29.14" => match SubjectKeyIdentifier::from_der(v) {
            Ok(s) => format!("keyid {}", hex::encode(s.0.as_bytes())),
            Err(e) => format!("undecodable: {e}"),
        },
        "2.5.29.35" => match AuthorityKeyIdentifier::from_der(v) {
            Ok(a) => format!(
                "keyid {}",
                a.key_identifier
                    .map(|k| hex::encode(k.as_bytes()))
                    .unwrap_or_else(|| "(none)".into())
            ),
            Err(e) => format!("undecodable: {e}"),
        },
        _ => format!("{} bytes", v.len()),
    }
}
