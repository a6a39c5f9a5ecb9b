//! The server's certificate signing request (PKCS#10, RFC 2986) and the CA's check of it.
//!
//! ```text
//! CertificationRequest ::= SEQUENCE {
//!      certificationRequestInfo CertificationRequestInfo,
//!      signatureAlgorithm       AlgorithmIdentifier{{ SignatureAlgorithms }},
//!      signature                BIT STRING
//! }
//! CertificationRequestInfo ::= SEQUENCE {
//!      version       INTEGER { v1(0) } (v1,...),
//!      subject       Name,
//!      subjectPKInfo SubjectPublicKeyInfo{{ PKInfoAlgorithms }},
//!      attributes    [0] Attributes{{ CRIAttributes }}
//! }
//! ```
//!
//! The server names itself (subject CN), asks for DNS names in an extensionRequest attribute
//! (PKCS#9, RFC 2985 §5.4.2), puts in its public key and signs the whole with its private key: the
//! signature proves it holds the key (proof of possession). The CA decides the rest (dates,
//! serial, extensions) by its own policy.

use super::der_walk::Tlv;
use super::fields::{
    bad, ext_field, ext_meaning, field, head, oid_name, spki_kids, SHA256_WITH_RSA,
};
use super::issue::{cn_name, dns_names, ext, internal, sign_bytes, spki_of, SigHash};
use super::verify::spki_public_key;
use super::{MAX_KEY_BITS, MIN_KEY_BITS};
use crate::error::Error;
use crate::msg::{CertMsg, Hex, Msg};
use crate::transcript::{Check, Field};
use crate::vocab::{CheckId, FieldName};
use der::asn1::BitString;
use der::oid::AssociatedOid;
use der::{Decode, Encode};
use rsa::traits::PublicKeyParts;
use rsa::{RsaPrivateKey, RsaPublicKey};
use x509_cert::attr::Attribute;
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::ext::pkix::SubjectAltName;
use x509_cert::request::{CertReq, CertReqInfo, ExtensionReq, Version};

/// A CSR as the server built it: DER plus the parts the UI explains.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Csr {
    /// The whole CertificationRequest, DER.
    pub der: Vec<u8>,
    /// The DER of certificationRequestInfo (what the server signed).
    pub info: Vec<u8>,
    /// SHA-256(certificationRequestInfo).
    pub info_hash: Vec<u8>,
    /// The server's signature (RSA PKCS#1 v1.5 with SHA-256).
    pub signature: Vec<u8>,
    /// How the server computed it (issue 11); `s` there differs from `signature` only under the
    /// bad-CSR fault.
    pub sign_math: crate::math::Math,
    /// Named fields of `der`.
    pub fields: Vec<Field>,
}

/// What the CA read from a CSR whose signature verified.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CsrRequest {
    /// The subject's common name.
    pub cn: String,
    /// The DNS names requested (extensionRequest / subjectAltName).
    pub sans: Vec<String>,
    /// The public key to certify.
    pub key: RsaPublicKey,
}

/// Build the server's CSR: subject `CN=<cn>`, `sans` requested as a subjectAltName in an
/// extensionRequest attribute (none: no attribute), `key`'s public half, signed with `key`
/// (SHA-256). `forge` flips one byte of the signature (the bad-CSR fault).
pub fn build_csr(
    cn: &str,
    sans: &[String],
    key: &RsaPrivateKey,
    forge: bool,
) -> Result<Csr, Error> {
    let mut attributes = der::asn1::SetOfVec::new();
    if !sans.is_empty() {
        let req = ExtensionReq(vec![ext(&SubjectAltName(dns_names(sans)?), false)?]);
        let attr = Attribute::try_from(req).map_err(internal(FieldName::ExtensionRequest))?;
        attributes
            .insert(attr)
            .map_err(internal(FieldName::Attributes))?;
    }
    let info = CertReqInfo {
        version: Version::V1,
        subject: cn_name(cn)?,
        public_key: spki_of(&key.to_public_key())?,
        attributes,
    };
    // 1. DER-encode certificationRequestInfo, 2. hash it, 3. sign with the server's own key.
    let info_der = info
        .to_der()
        .map_err(internal(FieldName::CertificationRequestInfo))?;
    let (info_hash, signature, sign_math) = sign_bytes(
        &info_der,
        key,
        SigHash::Sha256,
        crate::math::Signed::CertificationRequestInfo,
        forge,
    )?;
    let req = CertReq {
        info,
        algorithm: SigHash::Sha256.algorithm(),
        signature: BitString::from_bytes(&signature)
            .map_err(internal(FieldName::SignatureValue))?,
    };
    let der = req.to_der().map_err(internal(FieldName::Certificate))?;
    let fields = csr_fields(&der)?;
    Ok(Csr {
        der,
        info: info_der,
        info_hash,
        signature,
        sign_math,
        fields,
    })
}

/// The DNS names a CSR's extensionRequest asks for.
fn requested_sans(info: &CertReqInfo) -> Vec<String> {
    info.attributes
        .iter()
        .filter(|a| a.oid == ExtensionReq::OID)
        .flat_map(|a| a.values.iter())
        .filter_map(|v| v.decode_as::<Vec<x509_cert::ext::Extension>>().ok())
        .flatten()
        .filter(|e| e.extn_id == SubjectAltName::OID)
        .filter_map(|e| SubjectAltName::from_der(e.extn_value.as_bytes()).ok())
        .flat_map(|s| s.0)
        .filter_map(|g| match g {
            GeneralName::DnsName(d) => Some(d.as_str().to_string()),
            _ => None,
        })
        .collect()
}

/// The subject's common name (the first CN attribute), if any.
fn subject_cn(info: &CertReqInfo) -> Option<String> {
    info.subject
        .0
        .iter()
        .flat_map(|rdn| rdn.0.iter())
        .find(|atv| atv.oid.to_string() == "2.5.4.3")
        .and_then(|atv| {
            std::str::from_utf8(atv.value.value())
                .ok()
                .map(String::from)
        })
}

/// Is `name` a DNS name a CA may certify: LDH labels of 1..=63 characters, at most 253 in all,
/// a `*` only as the whole left-most label (RFC 1035 §2.3.1, RFC 5280 §4.2.1.6, CA/B BR 7.1.4.2)?
pub fn dns_name_ok(name: &str) -> bool {
    let body = name.strip_prefix("*.").unwrap_or(name);
    !body.is_empty()
        && name.len() <= 253
        && body.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

/// The CA's check of a CSR, one [`Check`] each:
/// 1. the CSR's signature verifies under the public key inside it (proof of possession; else
///    the CA refuses with [`Error::BadCertificate`]);
/// 2. its policy: a subject CN, every requested name a DNS name, an RSA key of the sizes it signs.
pub fn check_csr(der: &[u8]) -> (Vec<Check>, Result<CsrRequest, Error>) {
    let mut checks = Vec::new();
    let fail = |checks: &mut Vec<Check>, name: CheckId, m: CertMsg| {
        let m: Msg = m.into();
        checks.push(Check {
            name,
            ok: false,
            detail: m.clone(),
        });
        Err(Error::BadCertificate(m))
    };
    // 0. decode.
    let Ok(req) = CertReq::from_der(der) else {
        let r = fail(
            &mut checks,
            CheckId::CsrSignature,
            CertMsg::CsrUndecodable {},
        );
        return (checks, r);
    };
    // 1. proof of possession: the signature over the certificationRequestInfo exactly as sent.
    let info_raw = Tlv::at(der, 0)
        .and_then(|top| Tlv::at(der, top.body))
        .map(|t| der[t.start..t.end].to_vec());
    let key = spki_public_key(&req.info.public_key);
    let (Ok(info_raw), Ok(key)) = (info_raw, key) else {
        let r = fail(
            &mut checks,
            CheckId::CsrSignature,
            CertMsg::CsrUndecodable {},
        );
        return (checks, r);
    };
    if req.algorithm.oid != SHA256_WITH_RSA {
        let m = CertMsg::UnsupportedSignatureAlgorithm {
            algorithm: oid_name(&req.algorithm.oid),
        };
        let r = fail(&mut checks, CheckId::CsrSignature, m);
        return (checks, r);
    }
    let hash = SigHash::Sha256.digest(&info_raw);
    let ok = key
        .verify(SigHash::Sha256.scheme(), &hash, req.signature.raw_bytes())
        .is_ok();
    if !ok {
        let r = fail(
            &mut checks,
            CheckId::CsrSignature,
            CertMsg::CsrSignatureBad { hash: Hex(hash) },
        );
        return (checks, r);
    }
    checks.push(Check {
        name: CheckId::CsrSignature,
        ok: true,
        detail: CertMsg::CsrSignatureOk { hash: Hex(hash) }.into(),
    });
    // 2. policy: who the request names, and the key.
    let sans = requested_sans(&req.info);
    let Some(cn) = subject_cn(&req.info) else {
        let r = fail(&mut checks, CheckId::CaPolicy, CertMsg::CsrNoCn {});
        return (checks, r);
    };
    if let Some(bad_name) = sans.iter().find(|n| !dns_name_ok(n)) {
        let m = CertMsg::CsrBadName {
            name: bad_name.clone(),
        };
        let r = fail(&mut checks, CheckId::CaPolicy, m);
        return (checks, r);
    }
    let bits = key.size() * 8;
    if !(MIN_KEY_BITS..=MAX_KEY_BITS).contains(&bits) {
        let m = CertMsg::CsrKeySize {
            bits,
            min: MIN_KEY_BITS,
            max: MAX_KEY_BITS,
        };
        let r = fail(&mut checks, CheckId::CaPolicy, m);
        return (checks, r);
    }
    checks.push(Check {
        name: CheckId::CaPolicy,
        ok: true,
        detail: CertMsg::CsrPolicyOk {
            cn: cn.clone(),
            sans: sans.clone(),
            bits,
        }
        .into(),
    });
    (checks, Ok(CsrRequest { cn, sans, key }))
}

/// Named DER ranges of the CSR `der` (RFC 2986 names): certificationRequestInfo with version,
/// subject, subjectPKInfo (algorithm, key, modulus, exponent), attributes and each
/// extensionRequest's extensions; signatureAlgorithm; signature.
pub fn csr_fields(der: &[u8]) -> Result<Vec<Field>, Error> {
    let req = CertReq::from_der(der).map_err(|_| bad(CertMsg::CsrUndecodable {}))?;
    let top = Tlv::at(der, 0)?;
    let [info, alg, sig] =
        <[Tlv; 3]>::try_from(top.children(der)?).map_err(|_| bad(CertMsg::CsrUndecodable {}))?;
    let mut out = vec![field(
        FieldName::CertificationRequestInfo,
        &info,
        0,
        CertMsg::CsrInfo {},
    )];
    let kids = info.children(der)?;
    let [version, subject, spki, attrs] =
        <[Tlv; 4]>::try_from(kids).map_err(|_| bad(CertMsg::CsrUndecodable {}))?;
    out.push(field(
        FieldName::Version,
        &version,
        1,
        CertMsg::CsrVersion {},
    ));
    out.push(field(
        FieldName::Subject,
        &subject,
        1,
        CertMsg::Name {
            name: req.info.subject.to_string(),
        },
    ));
    out.push(field(
        FieldName::SubjectPublicKeyInfo,
        &spki,
        1,
        CertMsg::PublicKeyInfo {
            algorithm: oid_name(&req.info.public_key.algorithm.oid),
        },
    ));
    spki_kids(der, &spki, &mut out, &req.info.public_key.algorithm.oid)?;
    let attr_tlvs = attrs.children(der)?;
    out.push(field(
        FieldName::Attributes,
        &attrs,
        1,
        CertMsg::CsrAttributes {
            count: attr_tlvs.len(),
        },
    ));
    for (t, a) in attr_tlvs.iter().zip(req.info.attributes.iter()) {
        if a.oid != ExtensionReq::OID {
            continue;
        }
        out.push(field(
            FieldName::ExtensionRequest,
            t,
            2,
            CertMsg::ExtensionRequestAttr {},
        ));
        // Attribute ::= SEQUENCE { type, values SET { SEQUENCE OF Extension } }
        let parts = t.children(der)?;
        let Some(set) = parts.get(1) else { continue };
        let Some(seq) = set.children(der)?.first().copied() else {
            continue;
        };
        let parsed: Vec<x509_cert::ext::Extension> = a
            .values
            .iter()
            .filter_map(|v| v.decode_as::<Vec<x509_cert::ext::Extension>>().ok())
            .flatten()
            .collect();
        for (et, e) in seq.children(der)?.iter().zip(parsed.iter()) {
            out.push(field(ext_field(&e.extn_id), et, 3, ext_meaning(e)));
        }
    }
    out.push(field(
        FieldName::SignatureAlgorithm,
        &alg,
        0,
        CertMsg::SignatureAlgorithm {
            algorithm: oid_name(&req.algorithm.oid),
        },
    ));
    let sig_bytes = req.signature.raw_bytes();
    out.push(field(
        FieldName::SignatureValue,
        &sig,
        0,
        CertMsg::CsrSignatureValue {
            head: head(sig_bytes),
            len: sig_bytes.len(),
        },
    ));
    Ok(out)
}
