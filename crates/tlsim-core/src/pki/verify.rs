//! The client's verification of the server's certificate chain (RFC 5280 §6, much simplified:
//! one leaf directly under a trusted root), narrated one [`Check`] at a time.

use super::der_walk::Tlv;
use super::fields::{oid_name, unix, SHA256_WITH_RSA};
use super::Verified;
use crate::error::Error;
use crate::msg::{CertMsg, Hex, Msg, Time};
use crate::transcript::Check;
use crate::vocab::{CheckId, FieldName};
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
        .map_err(|_| {
            Error::BadCertificate(
                CertMsg::EncodeFailed {
                    field: FieldName::SubjectPublicKeyInfo,
                }
                .into(),
            )
        })?;
    RsaPublicKey::from_public_key_der(&spki)
        .map_err(|_| Error::BadCertificate(CertMsg::KeyNotRsa {}.into()))
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

/// Raw RSA: m = s^e mod n, then unpack EMSA-PKCS1-v1_5 to find the hash the signer put in.
/// Returns the hash if the padding is well formed, else why not.
fn recover_hash(key: &RsaPublicKey, sig: &[u8]) -> Result<Vec<u8>, CertMsg> {
    let k = key.size();
    if sig.len() != k {
        return Err(CertMsg::SignatureLength {
            len: sig.len(),
            need: k,
        });
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
            Ok(em[e + 1 + 19..].to_vec())
        }
        _ => Err(CertMsg::BadPadding {
            em_head: Hex(em[..em.len().min(12)].to_vec()),
        }),
    }
}

/// Record the failed check `name` with `detail`, and stop with `err`.
fn fail(mut checks: Vec<Check>, name: CheckId, detail: impl Into<Msg>, err: Error) -> Verified {
    checks.push(Check {
        name,
        ok: false,
        detail: detail.into(),
    });
    Verified {
        checks,
        result: Err(err),
    }
}

/// Record the failed check `name`, its detail the error's own reason.
fn fail_with(checks: Vec<Check>, name: CheckId, err: Error) -> Verified {
    fail(checks, name, err.reason(), err)
}

/// Record the passed check `name`.
fn pass(checks: &mut Vec<Check>, name: CheckId, detail: impl Into<Msg>) {
    checks.push(Check {
        name,
        ok: true,
        detail: detail.into(),
    });
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
        return fail_with(
            checks,
            CheckId::Chain,
            Error::BadCertificate(CertMsg::NoCertificate {}.into()),
        );
    };
    let Ok(leaf) = Certificate::from_der(leaf_der) else {
        return fail_with(
            checks,
            CheckId::Chain,
            Error::BadCertificate(CertMsg::Undecodable {}.into()),
        );
    };
    let tbs = &leaf.tbs_certificate;
    let issuer = tbs.issuer.to_string();

    // 1. chain: find a trusted root whose subject is the leaf's issuer.
    let roots: Vec<Certificate> = trust_store
        .iter()
        .filter_map(|d| Certificate::from_der(d).ok())
        .collect();
    let Some(root) = roots
        .iter()
        .find(|r| r.tbs_certificate.subject == tbs.issuer)
    else {
        let trusted: Vec<String> = roots
            .iter()
            .map(|r| r.tbs_certificate.subject.to_string())
            .collect();
        let detail = if trusted.is_empty() {
            CertMsg::TrustStoreEmpty {
                issuer: issuer.clone(),
            }
        } else {
            CertMsg::IssuerNotInTrustStore {
                issuer: issuer.clone(),
                trusted,
            }
        };
        return fail(
            checks,
            CheckId::Chain,
            detail,
            Error::UnknownCa(CertMsg::IssuerNotTrusted { issuer }.into()),
        );
    };
    pass(
        &mut checks,
        CheckId::Chain,
        CertMsg::IssuerTrusted { issuer },
    );

    // 2. signature: SHA-256(tbsCertificate) against the hash recovered from the signature.
    let root_key = match cert_public_key(root) {
        Ok(k) => k,
        Err(e) => return fail_with(checks, CheckId::CaSignature, e),
    };
    if leaf.signature_algorithm.oid != SHA256_WITH_RSA {
        let m = CertMsg::UnsupportedSignatureAlgorithm {
            algorithm: oid_name(&leaf.signature_algorithm.oid),
        };
        return fail_with(
            checks,
            CheckId::CaSignature,
            Error::BadCertificate(m.into()),
        );
    }
    // The signed bytes exactly as received (not re-encoded).
    let tbs_der = match raw_tbs(leaf_der) {
        Ok(d) => d,
        Err(e) => {
            let m = CertMsg::NoTbs {
                reason: Box::new(e.reason()),
            };
            return fail_with(
                checks,
                CheckId::CaSignature,
                Error::BadCertificate(m.into()),
            );
        }
    };
    let hash = Sha256::digest(tbs_der).to_vec();
    let sig = leaf.signature.raw_bytes();
    let recovered = recover_hash(&root_key, sig);
    let verified = root_key
        .verify(Pkcs1v15Sign::new::<Sha256>(), &hash, sig)
        .is_ok();
    let detail = match recovered {
        Ok(r) if verified => CertMsg::SignatureOk {
            hash: Hex(hash),
            recovered: Hex(r),
        },
        Ok(r) => CertMsg::SignatureMismatch {
            hash: Hex(hash),
            recovered: Hex(r),
        },
        Err(why) => CertMsg::SignatureUnrecoverable {
            hash: Hex(hash),
            why: Box::new(why.into()),
        },
    };
    if !verified {
        return fail_with(
            checks,
            CheckId::CaSignature,
            Error::BadCertificate(detail.into()),
        );
    }
    pass(&mut checks, CheckId::CaSignature, detail);

    // 3. validity: notBefore <= now <= notAfter.
    let nb = unix(&tbs.validity.not_before);
    let na = unix(&tbs.validity.not_after);
    let (not_before, not_after, at) = (nb, na, Time(now));
    if now < nb.0 {
        let m = CertMsg::NotYetValid {
            not_before,
            not_after,
            now: at,
        };
        return fail_with(
            checks,
            CheckId::Validity,
            Error::CertificateExpired(m.into()),
        );
    }
    if now > na.0 {
        let m = CertMsg::Expired {
            not_before,
            not_after,
            now: at,
        };
        return fail_with(
            checks,
            CheckId::Validity,
            Error::CertificateExpired(m.into()),
        );
    }
    pass(
        &mut checks,
        CheckId::Validity,
        CertMsg::ValidityOk {
            not_before,
            not_after,
            now: at,
        },
    );

    // 4. host name against the DNS SANs (no fallback to the subject CN, RFC 6125 §6.4.4 / CA/B).
    let key = match cert_public_key(&leaf) {
        Ok(k) => k,
        Err(e) => return fail_with(checks, CheckId::HostName, e),
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
        let host = host.to_string();
        match sans.iter().find(|p| host_matches(p, &host)) {
            Some(p) => pass(
                &mut checks,
                CheckId::HostName,
                CertMsg::HostMatches {
                    host,
                    san: p.clone(),
                },
            ),
            None => {
                let m = if sans.is_empty() {
                    CertMsg::NoDnsSan { host }
                } else {
                    CertMsg::HostMismatch { host, sans }
                };
                return fail_with(
                    checks,
                    CheckId::HostName,
                    Error::CertificateUnknown(m.into()),
                );
            }
        }
    }
    Verified {
        checks,
        result: Ok(key),
    }
}
