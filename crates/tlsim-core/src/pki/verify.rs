//! The client's verification of the server's certificate chain (RFC 5280 §6, much simplified:
//! one leaf directly under a trusted root), narrated one [`Check`] at a time.

use super::der_walk::Tlv;
use super::fields::{oid_name, time_text, SHA256_WITH_RSA};
use super::Verified;
use crate::error::Error;
use crate::transcript::Check;
use der::oid::AssociatedOid;
use der::{Decode, Encode};
use rsa::pkcs8::DecodePublicKey;
use rsa::traits::PublicKeyParts;
use rsa::{BigUint, Pkcs1v15Sign, RsaPublicKey};
use sha2::{Digest, Sha256};
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::ext::pkix::SubjectAltName;
use x509_cert::Certificate;

/// DigestInfo prefix for SHA-256 (RFC 8017 §9.2 note 1).
const SHA256_DIGEST_INFO: [u8; 19] = [
    0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05,
    0x00, 0x04, 0x20,
];

/// The RSA public key inside a certificate.
pub fn cert_public_key(cert: &Certificate) -> Result<RsaPublicKey, Error> {
    let spki = cert
        .tbs_certificate
        .subject_public_key_info
        .to_der()
        .map_err(|e| Error::BadCertificate(format!("cannot encode subjectPublicKeyInfo: {e}")))?;
    RsaPublicKey::from_public_key_der(&spki).map_err(|e| {
        Error::BadCertificate(format!(
            "the certificate's key is not an RSA public key: {e}"
        ))
    })
}

/// Does `host` match the DNS name `pattern` (RFC 6125 §6.4: case-insensitive; a `*` may stand for
/// the whole left-most label only, and matches exactly one label)?
pub fn host_matches(pattern: &str, host: &str) -> bool {
    let p = pattern.trim_end_matches('.').to_ascii_lowercase();
    let h = host.trim_end_matches('.').to_ascii_lowercase();
    if h.is_empty() || p.is_empty() {
        return false;
    }
    match p.strip_prefix("*.") {
        Some(rest) => {
            // `*.example.com` needs at least two labels after the star, and never matches an IP.
            if !rest.contains('.') || rest.contains('*') {
                return false;
            }
            match h.split_once('.') {
                Some((label, tail)) => !label.is_empty() && tail == rest,
                None => false,
            }
        }
        None => !p.contains('*') && p == h,
    }
}

/// The raw DER of tbsCertificate inside a certificate.
fn raw_tbs(der: &[u8]) -> Result<&[u8], Error> {
    let top = Tlv::at(der, 0)?;
    let tbs = Tlv::at(der, top.body)?;
    Ok(&der[tbs.start..tbs.end])
}

/// Render a Unix time for a detail line.
fn unix_text(now: i64) -> String {
    u64::try_from(now)
        .ok()
        .and_then(|s| der::DateTime::from_unix_duration(std::time::Duration::from_secs(s)).ok())
        .map(|d| d.to_string())
        .unwrap_or_else(|| format!("{now} (Unix seconds)"))
}

/// Raw RSA: m = s^e mod n, then unpack EMSA-PKCS1-v1_5 to find the hash the signer put in.
/// Returns a description and the hash if the padding is well formed.
fn recover_hash(key: &RsaPublicKey, sig: &[u8]) -> (Option<Vec<u8>>, String) {
    let k = key.size();
    if sig.len() != k {
        return (
            None,
            format!("signature is {} bytes, the key needs {k}", sig.len()),
        );
    }
    let m = BigUint::from_bytes_be(sig)
        .modpow(key.e(), key.n())
        .to_bytes_be();
    let mut em = vec![0u8; k.saturating_sub(m.len())];
    em.extend_from_slice(&m);
    // EM = 00 01 FF..FF 00 DigestInfo(SHA-256) H
    let ps_end = em.iter().skip(2).position(|b| *b != 0xff).map(|p| p + 2);
    let ok_prefix =
        em.starts_with(&[0x00, 0x01]) && ps_end.is_some_and(|e| e >= 10 && em.get(e) == Some(&0));
    match ps_end {
        Some(e)
            if ok_prefix
                && em[e + 1..].starts_with(&SHA256_DIGEST_INFO)
                && em.len() == e + 1 + 19 + 32 =>
        {
            (
                Some(em[e + 1 + 19..].to_vec()),
                "well-formed PKCS#1 v1.5 padding".into(),
            )
        }
        _ => (
            None,
            format!(
                "s^e mod n = {}… is not valid PKCS#1 v1.5 padding",
                hex::encode(&em[..em.len().min(12)])
            ),
        ),
    }
}

fn fail(mut checks: Vec<Check>, name: &str, detail: String, err: Error) -> Verified {
    checks.push(Check {
        name: name.into(),
        ok: false,
        detail,
    });
    Verified {
        checks,
        result: Err(err),
    }
}

/// The client's verification of a server chain (leaf first) against its trust store (DER roots):
/// 1. chain: the leaf's issuer is a trusted root (else `UnknownCa`);
/// 2. signature: RSA PKCS#1 v1.5 SHA-256 of the leaf's tbsCertificate verifies under the root's key
///    (else `BadCertificate`; the detail shows the expected and recovered hashes);
/// 3. validity: notBefore <= now <= notAfter (else `CertificateExpired`);
/// 4. host name: `host` matches a DNS SAN (wildcard `*.` on one left label) (else `CertificateUnknown`).
///    Pass `None` to skip the host check (client certificates).
///
/// An empty chain or an undecodable leaf is `BadCertificate`. Checks stop at the first failure.
pub fn verify_chain(
    chain: &[Vec<u8>],
    trust_store: &[Vec<u8>],
    now: i64,
    host: Option<&str>,
) -> Verified {
    let mut checks = Vec::new();
    // 0. decode the leaf.
    let Some(leaf_der) = chain.first() else {
        return fail(
            checks,
            "chain",
            "the peer sent no certificate".into(),
            Error::BadCertificate("empty certificate chain".into()),
        );
    };
    let leaf = match Certificate::from_der(leaf_der) {
        Ok(c) => c,
        Err(e) => {
            let d = format!("the leaf certificate does not decode as X.509: {e}");
            return fail(checks, "chain", d.clone(), Error::BadCertificate(d));
        }
    };
    let tbs = &leaf.tbs_certificate;

    // 1. chain: find a trusted root whose subject is the leaf's issuer.
    let roots: Vec<Certificate> = trust_store
        .iter()
        .filter_map(|d| Certificate::from_der(d).ok())
        .collect();
    let Some(root) = roots
        .iter()
        .find(|r| r.tbs_certificate.subject == tbs.issuer)
    else {
        let names: Vec<String> = roots
            .iter()
            .map(|r| format!("\"{}\"", r.tbs_certificate.subject))
            .collect();
        let d = format!(
            "issuer \"{}\" is not in the trust store ({})",
            tbs.issuer,
            if names.is_empty() {
                "empty".to_string()
            } else {
                names.join(", ")
            }
        );
        return fail(checks, "chain", d.clone(), Error::UnknownCa(d));
    };
    checks.push(Check {
        name: "chain".into(),
        ok: true,
        detail: format!("issuer \"{}\" is a trusted root", tbs.issuer),
    });

    // 2. signature: SHA-256(tbsCertificate) against the hash recovered from the signature.
    let root_key = match cert_public_key(root) {
        Ok(k) => k,
        Err(e) => return fail(checks, "signature", e.to_string(), e),
    };
    if leaf.signature_algorithm.oid != SHA256_WITH_RSA {
        let d = format!(
            "signature algorithm {} is not sha256WithRSAEncryption",
            oid_name(&leaf.signature_algorithm.oid)
        );
        return fail(checks, "signature", d.clone(), Error::BadCertificate(d));
    }
    // The signed bytes exactly as received (not re-encoded).
    let tbs_der = match raw_tbs(leaf_der) {
        Ok(d) => d,
        Err(e) => {
            let d = format!("cannot find tbsCertificate: {e}");
            return fail(checks, "signature", d.clone(), Error::BadCertificate(d));
        }
    };
    let hash = Sha256::digest(tbs_der).to_vec();
    let sig = leaf.signature.raw_bytes();
    let (recovered, how) = recover_hash(&root_key, sig);
    let verified = root_key
        .verify(Pkcs1v15Sign::new::<Sha256>(), &hash, sig)
        .is_ok();
    let rec_text = recovered
        .as_ref()
        .map(hex::encode)
        .unwrap_or_else(|| format!("nothing ({how})"));
    let detail = format!(
        "SHA-256(tbsCertificate) = {}; recovered from signature with the CA's public key (s^e mod n) = {} ({})",
        hex::encode(&hash),
        rec_text,
        if verified { "match" } else { "MISMATCH" }
    );
    if !verified {
        return fail(
            checks,
            "signature",
            detail.clone(),
            Error::BadCertificate(format!("signature does not verify: {detail}")),
        );
    }
    checks.push(Check {
        name: "signature".into(),
        ok: true,
        detail,
    });

    // 3. validity: notBefore <= now <= notAfter.
    let nb = tbs.validity.not_before.to_unix_duration().as_secs() as i64;
    let na = tbs.validity.not_after.to_unix_duration().as_secs() as i64;
    let detail = format!(
        "notBefore {} <= now {} <= notAfter {}",
        time_text(&tbs.validity.not_before),
        unix_text(now),
        time_text(&tbs.validity.not_after)
    );
    if now < nb {
        let d = format!("not yet valid: {detail} fails (now is before notBefore)");
        return fail(checks, "validity", d.clone(), Error::CertificateExpired(d));
    }
    if now > na {
        let d = format!("expired: {detail} fails (now is after notAfter)");
        return fail(checks, "validity", d.clone(), Error::CertificateExpired(d));
    }
    checks.push(Check {
        name: "validity".into(),
        ok: true,
        detail,
    });

    // 4. host name against the DNS SANs (no fallback to the subject CN, RFC 6125 §6.4.4 / CA/B).
    let key = match cert_public_key(&leaf) {
        Ok(k) => k,
        Err(e) => return fail(checks, "host_name", e.to_string(), e),
    };
    if let Some(host) = host {
        let sans: Vec<String> = tbs
            .extensions
            .iter()
            .flatten()
            .filter(|e| e.extn_id == SubjectAltName::OID)
            .filter_map(|e| SubjectAltName::from_der(e.extn_value.as_bytes()).ok())
            .flat_map(|s| s.0)
            .filter_map(|g| match g {
                GeneralName::DnsName(d) => Some(d.as_str().to_string()),
                _ => None,
            })
            .collect();
        match sans.iter().find(|p| host_matches(p, host)) {
            Some(p) => checks.push(Check {
                name: "host_name".into(),
                ok: true,
                detail: format!("\"{host}\" matches subjectAltName DNS:{p}"),
            }),
            None => {
                let d = if sans.is_empty() {
                    format!("\"{host}\": the certificate has no DNS subjectAltName (the subject CN is not used)")
                } else {
                    format!(
                        "\"{host}\" matches none of the subjectAltNames: DNS:{}",
                        sans.join(", DNS:")
                    )
                };
                return fail(checks, "host_name", d.clone(), Error::CertificateUnknown(d));
            }
        }
    }
    Verified {
        checks,
        result: Ok(key),
    }
}
