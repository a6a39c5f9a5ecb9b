//! The CA at work: building and signing X.509 v3 certificates (RFC 5280).

use super::fields::{cert_fields, KP_CLIENT_AUTH, KP_SERVER_AUTH, SHA256_WITH_RSA};
use super::Issued;
use crate::error::Error;
use crate::msg::{CertMsg, Time as MsgTime};
use crate::vocab::FieldName;
use der::asn1::{Any, BitString, GeneralizedTime, Ia5String, OctetString, SetOfVec, UtcTime};
use der::oid::{AssociatedOid, ObjectIdentifier};
use der::{Decode, Encode, Tag};
use rsa::pkcs8::EncodePublicKey;
use rsa::{RsaPrivateKey, RsaPublicKey};
use sha2::{Digest, Sha256};
use spki::{AlgorithmIdentifierOwned, SubjectPublicKeyInfoOwned};
use std::time::Duration;
use x509_cert::attr::AttributeTypeAndValue;
use x509_cert::certificate::{TbsCertificate, Version};
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::ext::pkix::{
    AuthorityKeyIdentifier, BasicConstraints, ExtendedKeyUsage, KeyUsage, KeyUsages,
    SubjectAltName, SubjectKeyIdentifier,
};
use x509_cert::ext::Extension;
use x509_cert::name::{Name, RdnSequence, RelativeDistinguishedName};
use x509_cert::serial_number::SerialNumber;
use x509_cert::time::{Time, Validity};
use x509_cert::Certificate;

/// RFC 5280 §4.1.2.2: a serial number is at most 20 bytes (as a DER INTEGER).
const SERIAL_MAX_LEN: usize = 20;

/// id-at-commonName.
const CN: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.3");

/// An engine error: `field` could not be DER-encoded.
fn internal(field: FieldName) -> impl Fn(der::Error) -> Error {
    move |_| Error::Internal(CertMsg::EncodeFailed { field }.into())
}

/// `CN=<cn>` as a Name (UTF8String).
fn cn_name(cn: &str) -> Result<Name, Error> {
    let value = Any::new(Tag::Utf8String, cn.as_bytes()).map_err(internal(FieldName::Subject))?;
    let atv = AttributeTypeAndValue { oid: CN, value };
    let rdn = SetOfVec::try_from(vec![atv]).map_err(internal(FieldName::Subject))?;
    Ok(RdnSequence(vec![RelativeDistinguishedName(rdn)]))
}

/// RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050.
fn x509_time(unix: i64, what: &str) -> Result<Time, Error> {
    let secs = u64::try_from(unix).map_err(|_| {
        Error::input(CertMsg::DateBefore1970 {
            input: what.into(),
            secs: unix,
        })
    })?;
    let d = Duration::from_secs(secs);
    let bad = |_: der::Error| {
        Error::input(CertMsg::DateNotRepresentable {
            input: what.into(),
            secs: unix,
        })
    };
    // 2050-01-01T00:00:00Z
    if secs < 2_524_608_000 {
        Ok(Time::UtcTime(UtcTime::from_unix_duration(d).map_err(bad)?))
    } else {
        Ok(Time::GeneralTime(
            GeneralizedTime::from_unix_duration(d).map_err(bad)?,
        ))
    }
}

fn spki_of(key: &RsaPublicKey) -> Result<SubjectPublicKeyInfoOwned, Error> {
    let doc = key.to_public_key_der().map_err(|_| {
        Error::Internal(
            CertMsg::EncodeFailed {
                field: FieldName::SubjectPublicKeyInfo,
            }
            .into(),
        )
    })?;
    SubjectPublicKeyInfoOwned::from_der(doc.as_bytes())
        .map_err(internal(FieldName::SubjectPublicKeyInfo))
}

/// Key identifier, RFC 7093 §2 method 1: the leftmost 160 bits of SHA-256(subjectPublicKey bits).
pub(crate) fn key_id(spki: &SubjectPublicKeyInfoOwned) -> Vec<u8> {
    Sha256::digest(spki.subject_public_key.raw_bytes())[..20].to_vec()
}

/// The issuer's own subjectKeyIdentifier if it has one, else computed as in [`key_id`].
fn issuer_key_id(issuer: &Certificate) -> Vec<u8> {
    let tbs = &issuer.tbs_certificate;
    tbs.extensions
        .iter()
        .flatten()
        .filter(|e| e.extn_id == SubjectKeyIdentifier::OID)
        .find_map(|e| SubjectKeyIdentifier::from_der(e.extn_value.as_bytes()).ok())
        .map(|s| s.0.as_bytes().to_vec())
        .unwrap_or_else(|| key_id(&tbs.subject_public_key_info))
}

fn ext<T: Encode + AssociatedOid>(v: &T, critical: bool) -> Result<Extension, Error> {
    let bytes = v.to_der().map_err(internal(FieldName::Extensions))?;
    Ok(Extension {
        extn_id: T::OID,
        critical,
        extn_value: OctetString::new(bytes).map_err(internal(FieldName::Extensions))?,
    })
}

fn sha256_with_rsa() -> AlgorithmIdentifierOwned {
    AlgorithmIdentifierOwned {
        oid: SHA256_WITH_RSA,
        parameters: Some(Any::null()),
    }
}

/// Common checks of the inputs.
fn check_inputs(
    not_before: i64,
    not_after: i64,
    serial: &[u8],
) -> Result<(Validity, SerialNumber), Error> {
    if not_after < not_before {
        return Err(Error::input(CertMsg::DatesReversed {
            not_before: MsgTime(not_before),
            not_after: MsgTime(not_after),
        }));
    }
    if serial.is_empty() || serial.iter().all(|b| *b == 0) {
        return Err(Error::input(CertMsg::SerialNotPositive {}));
    }
    let serial = SerialNumber::new(serial).map_err(|_| {
        Error::input(CertMsg::SerialTooLong {
            len: serial.len(),
            max: SERIAL_MAX_LEN,
        })
    })?;
    let validity = Validity {
        not_before: x509_time(not_before, "not_before")?,
        not_after: x509_time(not_after, "not_after")?,
    };
    Ok((validity, serial))
}

/// Sign the TBS with `key` and assemble the certificate.
fn sign(tbs: TbsCertificate, key: &RsaPrivateKey, forge: bool) -> Result<Issued, Error> {
    // 1. DER-encode tbsCertificate: these are the bytes the CA signs.
    let tbs_der = tbs.to_der().map_err(internal(FieldName::TbsCertificate))?;
    // 2. hash them with SHA-256,
    let tbs_hash = Sha256::digest(&tbs_der).to_vec();
    // 3. sign: RSA PKCS#1 v1.5, s = EMSA-PKCS1-v1_5(DigestInfo(SHA-256, hash))^d mod n.
    //    (padded by crate::math, raised by the `rsa` crate's raw primitive: the block shown is
    //    the block signed).
    let (mut signature, sign_math) = crate::math::sign(key, &tbs_hash)
        .map_err(|_| Error::Internal(CertMsg::SigningFailed {}.into()))?;
    // 4. the forged-signature fault: one byte changed after signing.
    if forge {
        let mid = signature.len() / 2;
        if let Some(b) = signature.get_mut(mid) {
            *b ^= 0x01;
        }
    }
    let cert = Certificate {
        tbs_certificate: tbs,
        signature_algorithm: sha256_with_rsa(),
        signature: BitString::from_bytes(&signature)
            .map_err(internal(FieldName::SignatureValue))?,
    };
    let der = cert.to_der().map_err(internal(FieldName::Certificate))?;
    let fields = cert_fields(&der)?;
    Ok(Issued {
        der,
        tbs: tbs_der,
        tbs_hash,
        signature,
        sign_math,
        fields,
    })
}

/// The CA's self-signed root certificate (basicConstraints CA:TRUE, keyUsage keyCertSign+cRLSign).
pub fn issue_ca(
    name: &str,
    key: &RsaPrivateKey,
    not_before: i64,
    not_after: i64,
    serial: &[u8],
) -> Result<Issued, Error> {
    let (validity, serial_number) = check_inputs(not_before, not_after, serial)?;
    let subject = cn_name(name)?;
    let spki = spki_of(&key.to_public_key())?;
    let extensions = vec![
        ext(
            &BasicConstraints {
                ca: true,
                path_len_constraint: None,
            },
            true,
        )?,
        ext(&KeyUsage(KeyUsages::KeyCertSign | KeyUsages::CRLSign), true)?,
        ext(
            &SubjectKeyIdentifier(
                OctetString::new(key_id(&spki))
                    .map_err(internal(FieldName::SubjectKeyIdentifier))?,
            ),
            false,
        )?,
    ];
    let tbs = TbsCertificate {
        version: Version::V3,
        serial_number,
        signature: sha256_with_rsa(),
        issuer: subject.clone(),
        validity,
        subject,
        subject_public_key_info: spki,
        issuer_unique_id: None,
        subject_unique_id: None,
        extensions: Some(extensions),
    };
    sign(tbs, key, false)
}

/// An end-entity certificate signed by the CA: subject CN, DNS SANs, basicConstraints CA:FALSE,
/// keyUsage digitalSignature+keyEncipherment, extendedKeyUsage serverAuth (or clientAuth when
/// `client` is true). `forge` flips one byte of the signature after signing (the forged-signature fault).
///
/// `issuer_key` must be the key of the certificate `issuer_der` (else [`Error::InvalidInput`]).
#[allow(clippy::too_many_arguments)]
pub fn issue_leaf(
    subject_cn: &str,
    sans: &[String],
    subject_key: &RsaPublicKey,
    issuer_der: &[u8],
    issuer_key: &RsaPrivateKey,
    not_before: i64,
    not_after: i64,
    serial: &[u8],
    client: bool,
    forge: bool,
) -> Result<Issued, Error> {
    let (validity, serial_number) = check_inputs(not_before, not_after, serial)?;
    let issuer = Certificate::from_der(issuer_der)
        .map_err(|_| Error::input(CertMsg::IssuerCertInvalid {}))?;
    let issuer_spki = &issuer.tbs_certificate.subject_public_key_info;
    if *issuer_spki != spki_of(&issuer_key.to_public_key())? {
        return Err(Error::input(CertMsg::IssuerKeyMismatch {}));
    }
    let spki = spki_of(subject_key)?;
    let mut names = Vec::new();
    for s in sans {
        let dns =
            Ia5String::new(s).map_err(|_| Error::input(CertMsg::SanNotAscii { san: s.clone() }))?;
        names.push(GeneralName::DnsName(dns));
    }
    let eku = if client {
        KP_CLIENT_AUTH
    } else {
        KP_SERVER_AUTH
    };
    let mut extensions = vec![
        ext(
            &BasicConstraints {
                ca: false,
                path_len_constraint: None,
            },
            true,
        )?,
        ext(
            &KeyUsage(KeyUsages::DigitalSignature | KeyUsages::KeyEncipherment),
            true,
        )?,
        ext(&ExtendedKeyUsage(vec![eku]), false)?,
    ];
    if !names.is_empty() {
        extensions.push(ext(&SubjectAltName(names), false)?);
    }
    extensions.push(ext(
        &SubjectKeyIdentifier(
            OctetString::new(key_id(&spki)).map_err(internal(FieldName::SubjectKeyIdentifier))?,
        ),
        false,
    )?);
    let aki = AuthorityKeyIdentifier {
        key_identifier: Some(
            OctetString::new(issuer_key_id(&issuer))
                .map_err(internal(FieldName::AuthorityKeyIdentifier))?,
        ),
        authority_cert_issuer: None,
        authority_cert_serial_number: None,
    };
    extensions.push(ext(&aki, false)?);
    let tbs = TbsCertificate {
        version: Version::V3,
        serial_number,
        signature: sha256_with_rsa(),
        issuer: issuer.tbs_certificate.subject.clone(),
        validity,
        subject: cn_name(subject_cn)?,
        subject_public_key_info: spki,
        issuer_unique_id: None,
        subject_unique_id: None,
        extensions: Some(extensions),
    };
    sign(tbs, issuer_key, forge)
}
