//! The client's verification of the server's certificate chain (RFC 5280 §6, simplified: names
//! chain, no certificate policies or name constraints), narrated one [`Check`] at a time, link
//! by link from the trusted root down to the leaf.

use super::der_walk::Tlv;
use super::fields::{oid_name, unix, KP_SERVER_AUTH, SHA1_WITH_RSA, SHA256_WITH_RSA};
use super::Verified;
use crate::error::Error;
use crate::msg::{CertMsg, Hex, Msg, Time};
use crate::transcript::Check;
use crate::vocab::{CheckId, FieldName};
use der::oid::{AssociatedOid, ObjectIdentifier};
use der::{Decode, Encode};
use rsa::pkcs8::DecodePublicKey;
use rsa::traits::PublicKeyParts;
use rsa::{BigUint, Pkcs1v15Sign, RsaPublicKey};
use sha2::{Digest, Sha256};
use x509_cert::crl::CertificateList;
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::ext::pkix::{BasicConstraints, ExtendedKeyUsage, KeyUsage, SubjectAltName};
use x509_cert::Certificate;

/// anyExtendedKeyUsage (RFC 5280 §4.2.1.12).
const ANY_EKU: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.37.0");

/// DigestInfo prefix for SHA-256 (RFC 8017 §9.2 note 1).
const SHA256_DIGEST_INFO: [u8; 19] = [
    0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05,
    0x00, 0x04, 0x20,
];

/// The RSA public key inside a certificate.
pub fn cert_public_key_der(der: &[u8]) -> Result<RsaPublicKey, Error> {
    let c = Certificate::from_der(der)
        .map_err(|_| Error::BadCertificate(CertMsg::Undecodable {}.into()))?;
    cert_public_key(&c)
}

/// The RSA public key of a certificate.
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

/// What the client asks of a chain beyond the trust store: its revocation lists and key size.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CertPolicy {
    /// Check revocation against these CRLs (DER), each certificate under its issuer's CRL
    /// (`None`: revocation is not checked, as most browsers do not for ordinary certificates).
    pub crls: Option<Vec<Vec<u8>>>,
    /// The smallest RSA key accepted below the root, in bits (0: no minimum).
    pub min_key_bits: usize,
    /// Does the leaf's key sign (DHE_RSA, ECDHE_RSA: keyUsage digitalSignature, RFC 5246
    /// §7.4.2) rather than receive the pre-master (RSA: keyEncipherment)?
    pub leaf_signs: bool,
}

/// The client's verification of a server chain (leaf first) against its trust store (DER roots),
/// with the default policy (no revocation check, no key minimum): see [`verify_path`].
pub fn verify_chain(
    chain: &[Vec<u8>],
    trust_store: &[Vec<u8>],
    now: i64,
    host: Option<&str>,
) -> Verified {
    verify_path(chain, trust_store, &CertPolicy::default(), now, host)
}

/// The most CA certificates a path may hold below the root.
const MAX_INTERMEDIATES: usize = 8;

/// One certificate of the path, decoded, with its DER as received.
struct Link<'a> {
    der: &'a [u8],
    cert: Certificate,
}

impl Link<'_> {
    fn subject(&self) -> String {
        self.cert.tbs_certificate.subject.to_string()
    }
}

/// The extension `T` of a certificate, decoded (`None`: absent or undecodable).
fn extension<T: AssociatedOid + for<'a> Decode<'a>>(c: &Certificate) -> Option<T> {
    c.tbs_certificate
        .extensions
        .iter()
        .flatten()
        .find(|e| e.extn_id == T::OID)
        .and_then(|e| T::from_der(e.extn_value.as_bytes()).ok())
}

/// keyUsage flag names set in `k`.
fn usage_names(k: &KeyUsage) -> Vec<String> {
    [
        (k.digital_signature(), "digitalSignature"),
        (k.key_encipherment(), "keyEncipherment"),
        (k.key_cert_sign(), "keyCertSign"),
        (k.crl_sign(), "cRLSign"),
    ]
    .iter()
    .filter(|(on, _)| *on)
    .map(|(_, n)| n.to_string())
    .collect()
}

/// The check's detail, naming the certificate when the path has more than one link.
fn on(subject: &Option<String>, m: impl Into<Msg>) -> Msg {
    match subject {
        Some(s) => CertMsg::OnCert {
            subject: s.clone(),
            detail: Box::new(m.into()),
        }
        .into(),
        None => m.into(),
    }
}

/// The error `e` with its reason naming the certificate (see [`on`]).
fn on_err(subject: &Option<String>, e: Error) -> Error {
    if subject.is_none() {
        return e;
    }
    let m = on(subject, e.reason());
    match e {
        Error::BadCertificate(_) => Error::BadCertificate(m),
        Error::CertificateExpired(_) => Error::CertificateExpired(m),
        Error::CertificateUnknown(_) => Error::CertificateUnknown(m),
        Error::UnknownCa(_) => Error::UnknownCa(m),
        Error::UnsupportedCertificate(_) => Error::UnsupportedCertificate(m),
        Error::CertificateRevoked(_) => Error::CertificateRevoked(m),
        other => other,
    }
}

/// The signature check of `subject` under `issuer`'s key. SHA-256 only: a SHA-1 signature is
/// refused whether or not it verifies (browsers since 2017, OpenSSL at security level 2:
/// X509_V_ERR_CA_MD_TOO_WEAK, alert bad_certificate).
fn check_signature(issuer: &Certificate, subject: &Link) -> Result<CertMsg, Error> {
    let key = cert_public_key(issuer)?;
    let alg = &subject.cert.signature_algorithm.oid;
    if *alg == SHA1_WITH_RSA {
        return Err(Error::BadCertificate(
            CertMsg::Sha1Refused {
                algorithm: oid_name(alg),
            }
            .into(),
        ));
    }
    if *alg != SHA256_WITH_RSA {
        let m = CertMsg::UnsupportedSignatureAlgorithm {
            algorithm: oid_name(alg),
        };
        return Err(Error::BadCertificate(m.into()));
    }
    // The signed bytes exactly as received (not re-encoded).
    let tbs_der = raw_tbs(subject.der).map_err(|e| {
        Error::BadCertificate(
            CertMsg::NoTbs {
                reason: Box::new(e.reason()),
            }
            .into(),
        )
    })?;
    let hash = Sha256::digest(tbs_der).to_vec();
    let sig = subject.cert.signature.raw_bytes();
    let recovered = recover_hash(&key, sig);
    let verified = key
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
    if verified {
        Ok(detail)
    } else {
        Err(Error::BadCertificate(detail.into()))
    }
}

/// notBefore <= now <= notAfter. Not yet valid is bad_certificate and expired is
/// certificate_expired, as OpenSSL's client sends (ssl_x509err2alert).
fn check_validity(c: &Certificate, now: i64) -> Result<CertMsg, Error> {
    let v = &c.tbs_certificate.validity;
    let (not_before, not_after, at) = (unix(&v.not_before), unix(&v.not_after), Time(now));
    if now < not_before.0 {
        let m = CertMsg::NotYetValid {
            not_before,
            not_after,
            now: at,
        };
        return Err(Error::BadCertificate(m.into()));
    }
    if now > not_after.0 {
        let m = CertMsg::Expired {
            not_before,
            not_after,
            now: at,
        };
        return Err(Error::CertificateExpired(m.into()));
    }
    Ok(CertMsg::ValidityOk {
        not_before,
        not_after,
        now: at,
    })
}

/// The issuer is a CA (basicConstraints CA:TRUE) whose pathLenConstraint allows `below` CA
/// certificates under it (RFC 5280 §4.2.1.9, §6.1.4 (k), (l)). OpenSSL's client sends
/// unknown_ca for both (X509_V_ERR_INVALID_CA, X509_V_ERR_PATH_LENGTH_EXCEEDED).
fn check_ca(issuer: &Certificate, below: usize) -> Result<CertMsg, Error> {
    let name = issuer.tbs_certificate.subject.to_string();
    match extension::<BasicConstraints>(issuer) {
        Some(BasicConstraints {
            ca: true,
            path_len_constraint: Some(p),
        }) => {
            if below > p as usize {
                let m = CertMsg::PathLenExceeded {
                    issuer: name,
                    path_len: p.into(),
                    below,
                };
                return Err(Error::UnknownCa(m.into()));
            }
            Ok(CertMsg::IsCaPathLen {
                issuer: name,
                path_len: p.into(),
                below,
            })
        }
        Some(BasicConstraints { ca: true, .. }) => Ok(CertMsg::IsCa { issuer: name }),
        _ => Err(Error::UnknownCa(CertMsg::NotCa { issuer: name }.into())),
    }
}

/// keyUsage of `c` allows `usage` (a keyUsage flag name); no keyUsage extension allows all.
/// A CA without keyCertSign: its certificates are invalid (bad_certificate); a leaf without the
/// use the key exchange needs: unsupported_certificate.
fn check_usage(
    c: &Certificate,
    usage: &str,
    has: fn(&KeyUsage) -> bool,
    leaf: bool,
) -> Result<CertMsg, Error> {
    let usage = usage.to_string();
    match extension::<KeyUsage>(c) {
        None => Ok(CertMsg::KeyUsageUnrestricted { usage }),
        Some(k) if has(&k) => Ok(CertMsg::KeyUsageOk {
            usage,
            flags: usage_names(&k),
        }),
        Some(k) => {
            let m = CertMsg::KeyUsageMissing {
                usage,
                flags: usage_names(&k),
            };
            Err(if leaf {
                Error::UnsupportedCertificate(m.into())
            } else {
                Error::BadCertificate(m.into())
            })
        }
    }
}

/// extendedKeyUsage of the leaf allows `purpose` (or anyExtendedKeyUsage); none allows all.
/// OpenSSL: X509_V_ERR_INVALID_PURPOSE, alert unsupported_certificate.
fn check_purpose(c: &Certificate, purpose: ObjectIdentifier) -> Result<CertMsg, Error> {
    let want = oid_name(&purpose);
    match extension::<ExtendedKeyUsage>(c) {
        None => Ok(CertMsg::PurposeUnrestricted { purpose: want }),
        Some(e) if e.0.iter().any(|p| *p == purpose || *p == ANY_EKU) => {
            Ok(CertMsg::PurposeOk { purpose: want })
        }
        Some(e) => {
            let m = CertMsg::PurposeMissing {
                purpose: want,
                purposes: e.0.iter().map(oid_name).collect(),
            };
            Err(Error::UnsupportedCertificate(m.into()))
        }
    }
}

/// The key of `c` has at least `min` bits (OpenSSL: X509_V_ERR_EE_KEY_TOO_SMALL /
/// CA_KEY_TOO_SMALL, alert bad_certificate).
fn check_key_size(c: &Certificate, min: usize) -> Result<CertMsg, Error> {
    let bits = cert_public_key(c)?.n().bits();
    if bits < min {
        return Err(Error::BadCertificate(
            CertMsg::KeyBelowMinimum { bits, min }.into(),
        ));
    }
    Ok(CertMsg::KeySizeOk { bits, min })
}

/// `subject` is not on `issuer`'s CRL: a CRL from that issuer, signed by its key, current at
/// `now`, not listing the serial. Alerts as OpenSSL's: no CRL unknown_ca, a bad CRL signature
/// decrypt_error... here bad_certificate, an out-of-date CRL certificate_expired, revoked
/// certificate_revoked.
fn check_revocation(
    issuer: &Certificate,
    subject: &Certificate,
    crls: &[Vec<u8>],
    now: i64,
) -> Result<CertMsg, Error> {
    let name = issuer.tbs_certificate.subject.to_string();
    let key = cert_public_key(issuer)?;
    let serial = Hex(subject.tbs_certificate.serial_number.as_bytes().to_vec());
    let found = crls.iter().find_map(|d| {
        let crl = CertificateList::from_der(d).ok()?;
        if crl.tbs_cert_list.issuer != issuer.tbs_certificate.subject {
            return None;
        }
        let top = Tlv::at(d, 0).ok()?;
        let tbs = Tlv::at(d, top.body).ok()?;
        let hash = Sha256::digest(&d[tbs.start..tbs.end]);
        let ok = crl.signature_algorithm.oid == SHA256_WITH_RSA
            && key
                .verify(
                    Pkcs1v15Sign::new::<Sha256>(),
                    &hash,
                    crl.signature.raw_bytes(),
                )
                .is_ok();
        ok.then_some(crl)
    });
    let Some(crl) = found else {
        return Err(Error::UnknownCa(CertMsg::NoCrl { issuer: name }.into()));
    };
    let t = &crl.tbs_cert_list;
    let this_update = unix(&t.this_update);
    let next_update = t.next_update.as_ref().map(unix).unwrap_or(Time(i64::MAX));
    if now < this_update.0 || now > next_update.0 {
        let m = CertMsg::CrlNotCurrent {
            issuer: name,
            this_update,
            next_update,
            now: Time(now),
        };
        return Err(Error::CertificateExpired(m.into()));
    }
    let entry = t
        .revoked_certificates
        .iter()
        .flatten()
        .find(|r| r.serial_number == subject.tbs_certificate.serial_number);
    match entry {
        Some(r) => Err(Error::CertificateRevoked(
            CertMsg::CertRevoked {
                serial,
                issuer: name,
                date: unix(&r.revocation_date),
            }
            .into(),
        )),
        None => Ok(CertMsg::NotRevoked {
            serial,
            issuer: name,
            this_update,
        }),
    }
}

/// The client's verification of a chain (leaf first, then the certificates the peer sent to
/// help) against its trust store (DER roots) and policy, narrated one [`Check`] at a time
/// (RFC 5280 §6, simplified: names chain, no policies or name constraints).
///
/// 1. Build the path: from the leaf, follow issuer names through the certificates sent until an
///    issuer is a trusted root (else `Chain` fails with `UnknownCa`: not sent, not trusted, or
///    self-signed).
/// 2. Then link by link from the root down, for each certificate under its issuer:
///    a. `Chain`: its issuer name is the issuer's subject;
///    b. `CaSignature`: RSA PKCS#1 v1.5 SHA-256 over its tbsCertificate verifies under the
///    issuer's key (SHA-1 refused) (`BadCertificate`);
///    c. `Validity`: notBefore <= now <= notAfter (`BadCertificate` not yet valid,
///    `CertificateExpired` expired);
///    d. `BasicConstraints`: the issuer is a CA and its pathLen allows the CAs below (`UnknownCa`);
///    e. `KeyUsage`: the issuer may sign certificates (keyCertSign);
///    f. `KeySize` if the policy has a minimum (`BadCertificate`);
///    g. `Revocation` if the policy holds CRLs (`CertificateRevoked`).
/// 3. On a server's leaf (`host` given): `KeyUsage` keyEncipherment (RSA key exchange encrypts
///    to this key; digitalSignature instead when `policy.leaf_signs`, for DHE and ECDHE), `ExtKeyUsage` serverAuth (`UnsupportedCertificate`), then `HostName`: `host`
///    matches a DNS SAN (no CN fallback) (`CertificateUnknown`). `host` `None` (a client
///    certificate) skips step 3.
///
/// With more than one link, each detail names its certificate ([`CertMsg::OnCert`]). An empty
/// chain or an undecodable certificate is `BadCertificate`. Checks stop at the first failure.
pub fn verify_path(
    chain: &[Vec<u8>],
    trust_store: &[Vec<u8>],
    policy: &CertPolicy,
    now: i64,
    host: Option<&str>,
) -> Verified {
    let mut checks = Vec::new();
    // 0. decode what the peer sent.
    if chain.is_empty() {
        return fail_with(
            checks,
            CheckId::Chain,
            Error::BadCertificate(CertMsg::NoCertificate {}.into()),
        );
    }
    let mut sent = Vec::new();
    for der in chain {
        let Ok(cert) = Certificate::from_der(der) else {
            return fail_with(
                checks,
                CheckId::Chain,
                Error::BadCertificate(CertMsg::Undecodable {}.into()),
            );
        };
        sent.push(Link { der, cert });
    }
    let roots: Vec<Certificate> = trust_store
        .iter()
        .filter_map(|d| Certificate::from_der(d).ok())
        .collect();

    // 1. build the path, leaf first: `path` indexes `sent`.
    let mut path = vec![0usize];
    let anchor = loop {
        let cur = &sent[path[path.len() - 1]].cert.tbs_certificate;
        if let Some(r) = roots
            .iter()
            .find(|r| r.tbs_certificate.subject == cur.issuer)
        {
            break r;
        }
        let next = (1..sent.len())
            .find(|i| !path.contains(i) && sent[*i].cert.tbs_certificate.subject == cur.issuer);
        let issuer = cur.issuer.to_string();
        match next {
            Some(i) if path.len() <= MAX_INTERMEDIATES => path.push(i),
            Some(_) => {
                let m = CertMsg::ChainTooLong {
                    max: MAX_INTERMEDIATES,
                };
                return fail_with(checks, CheckId::Chain, Error::UnknownCa(m.into()));
            }
            None => {
                let trusted: Vec<String> = roots
                    .iter()
                    .map(|r| r.tbs_certificate.subject.to_string())
                    .collect();
                let detail = if cur.issuer == cur.subject && path.len() == 1 {
                    CertMsg::SelfSignedLeaf {
                        subject: issuer.clone(),
                    }
                } else if trusted.is_empty() {
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
            }
        }
    };

    // 2. link by link, from the root down to the leaf.
    let links = path.len();
    for k in 0..links {
        let subject = &sent[path[links - 1 - k]];
        let issuer: &Certificate = if k == 0 {
            anchor
        } else {
            &sent[path[links - k]].cert
        };
        let is_leaf = k == links - 1;
        let label = (links > 1).then(|| subject.subject());
        let issuer_name = issuer.tbs_certificate.subject.to_string();
        // The checks of this link, in order (each is pure; the first failure ends the path).
        let chained = if k == 0 {
            CertMsg::IssuerTrusted {
                issuer: issuer_name,
            }
        } else {
            CertMsg::IssuerSent {
                issuer: issuer_name,
            }
        };
        let link_checks = [
            (CheckId::Chain, Ok(Some(chained))),
            (
                CheckId::CaSignature,
                check_signature(issuer, subject).map(Some),
            ),
            (
                CheckId::Validity,
                check_validity(&subject.cert, now).map(Some),
            ),
            (
                CheckId::BasicConstraints,
                check_ca(issuer, links - 1 - k).map(Some),
            ),
            (
                CheckId::KeyUsage,
                // about the issuer, so named after it
                check_usage(issuer, "keyCertSign", KeyUsage::key_cert_sign, false)
                    .map(|m| {
                        Some(CertMsg::OnCert {
                            subject: issuer.tbs_certificate.subject.to_string(),
                            detail: Box::new(m.into()),
                        })
                    })
                    .map_err(|e| on_err(&Some(issuer.tbs_certificate.subject.to_string()), e)),
            ),
            (
                CheckId::KeySize,
                match policy.min_key_bits {
                    0 => Ok(None),
                    min => check_key_size(&subject.cert, min).map(Some),
                },
            ),
            (
                CheckId::Revocation,
                match &policy.crls {
                    None => Ok(None),
                    Some(crls) => check_revocation(issuer, &subject.cert, crls, now).map(Some),
                },
            ),
        ];
        for (i, (id, r)) in link_checks.into_iter().enumerate() {
            // The issuer's keyUsage (the 5th) already names the issuer.
            let label = if i == 4 { &None } else { &label };
            match r {
                Ok(None) => {}
                Ok(Some(m)) => pass(&mut checks, id, on(label, m)),
                Err(e) => return fail_with(checks, id, on_err(label, e)),
            }
        }
        // Client certificates (`host` None) stop here, as before issue 12.
        if !is_leaf || host.is_none() {
            continue;
        }
        // 3. the leaf: what the key may do, what the certificate is for, whom it names.
        let leaf = &subject.cert;
        let usage = if policy.leaf_signs {
            check_usage(leaf, "digitalSignature", KeyUsage::digital_signature, true)
        } else {
            check_usage(leaf, "keyEncipherment", KeyUsage::key_encipherment, true)
        };
        match usage {
            Ok(m) => pass(&mut checks, CheckId::KeyUsage, on(&label, m)),
            Err(e) => return fail_with(checks, CheckId::KeyUsage, on_err(&label, e)),
        }
        match check_purpose(leaf, KP_SERVER_AUTH) {
            Ok(m) => pass(&mut checks, CheckId::ExtKeyUsage, on(&label, m)),
            Err(e) => return fail_with(checks, CheckId::ExtKeyUsage, on_err(&label, e)),
        }
    }
    let leaf = &sent[0].cert;
    let label = (links > 1).then(|| sent[0].subject());
    let key = match cert_public_key(leaf) {
        Ok(k) => k,
        Err(e) => return fail_with(checks, CheckId::HostName, e),
    };
    // 4. host name against the DNS SANs (no fallback to the subject CN, RFC 6125 §6.4.4 / CA/B).
    if let Some(host) = host {
        let sans: Vec<String> = extension::<SubjectAltName>(leaf)
            .map(|s| s.0)
            .unwrap_or_default()
            .into_iter()
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
                on(
                    &label,
                    CertMsg::HostMatches {
                        host,
                        san: p.clone(),
                    },
                ),
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
                    on_err(&label, Error::CertificateUnknown(m.into())),
                );
            }
        }
    }
    Verified {
        checks,
        result: Ok(key),
    }
}

/// The RSA public key of a subjectPublicKeyInfo.
pub(crate) fn spki_public_key(
    spki: &spki::SubjectPublicKeyInfoOwned,
) -> Result<RsaPublicKey, Error> {
    let der = spki.to_der().map_err(|_| {
        Error::BadCertificate(
            CertMsg::EncodeFailed {
                field: FieldName::SubjectPublicKeyInfo,
            }
            .into(),
        )
    })?;
    RsaPublicKey::from_public_key_der(&der)
        .map_err(|_| Error::BadCertificate(CertMsg::KeyNotRsa {}.into()))
}
