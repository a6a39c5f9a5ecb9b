//! The CA at work: building and signing X.509 v3 certificates (RFC 5280).

use super::fields::{cert_fields, KP_CLIENT_AUTH, KP_SERVER_AUTH, SHA1_WITH_RSA, SHA256_WITH_RSA};
use super::Issued;
use crate::error::Error;
use crate::msg::{CertMsg, Time as MsgTime};
use crate::vocab::FieldName;
use der::asn1::{Any, BitString, GeneralizedTime, Ia5String, OctetString, SetOfVec, UtcTime};
use der::oid::{AssociatedOid, ObjectIdentifier};
use der::{Decode, Encode, Tag};
use rsa::pkcs8::EncodePublicKey;
use rsa::{Pkcs1v15Sign, RsaPrivateKey, RsaPublicKey};
use sha1::Sha1;
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
pub(crate) fn internal(field: FieldName) -> impl Fn(der::Error) -> Error {
    move |_| Error::Internal(CertMsg::EncodeFailed { field }.into())
}

/// `CN=<cn>` as a Name (UTF8String).
pub(crate) fn cn_name(cn: &str) -> Result<Name, Error> {
    let value = Any::new(Tag::Utf8String, cn.as_bytes()).map_err(internal(FieldName::Subject))?;
    let atv = AttributeTypeAndValue { oid: CN, value };
    let rdn = SetOfVec::try_from(vec![atv]).map_err(internal(FieldName::Subject))?;
    Ok(RdnSequence(vec![RelativeDistinguishedName(rdn)]))
}

/// RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050.
pub(crate) fn x509_time(unix: i64, what: &str) -> Result<Time, Error> {
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

pub(crate) fn spki_of(key: &RsaPublicKey) -> Result<SubjectPublicKeyInfoOwned, Error> {
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
pub(crate) fn issuer_key_id(issuer: &Certificate) -> Vec<u8> {
    let tbs = &issuer.tbs_certificate;
    tbs.extensions
        .iter()
        .flatten()
        .filter(|e| e.extn_id == SubjectKeyIdentifier::OID)
        .find_map(|e| SubjectKeyIdentifier::from_der(e.extn_value.as_bytes()).ok())
        .map(|s| s.0.as_bytes().to_vec())
        .unwrap_or_else(|| key_id(&tbs.subject_public_key_info))
}

pub(crate) fn ext<T: Encode + AssociatedOid>(v: &T, critical: bool) -> Result<Extension, Error> {
    let bytes = v.to_der().map_err(internal(FieldName::Extensions))?;
    Ok(Extension {
        extn_id: T::OID,
        critical,
        extn_value: OctetString::new(bytes).map_err(internal(FieldName::Extensions))?,
    })
}

/// Common checks of the inputs.
pub(crate) fn check_inputs(
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

/// The hash a CA signs with. SHA-1 exists only for the SHA-1 failures (browsers refuse it since
/// 2017: a chosen-prefix collision costs a few tens of thousands of dollars).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SigHash {
    /// sha256WithRSAEncryption
    Sha256,
    /// sha1WithRSAEncryption
    Sha1,
}

impl SigHash {
    /// The signatureAlgorithm (PKCS #1 v1.5 with this hash).
    pub(crate) fn algorithm(self) -> AlgorithmIdentifierOwned {
        AlgorithmIdentifierOwned {
            oid: match self {
                SigHash::Sha256 => SHA256_WITH_RSA,
                SigHash::Sha1 => SHA1_WITH_RSA,
            },
            parameters: Some(Any::null()),
        }
    }

    /// Hash `data`.
    pub(crate) fn digest(self, data: &[u8]) -> Vec<u8> {
        match self {
            SigHash::Sha256 => Sha256::digest(data).to_vec(),
            SigHash::Sha1 => Sha1::digest(data).to_vec(),
        }
    }

    /// The RSASSA-PKCS1-v1_5 scheme with this hash's DigestInfo.
    pub(crate) fn scheme(self) -> Pkcs1v15Sign {
        match self {
            SigHash::Sha256 => Pkcs1v15Sign::new::<Sha256>(),
            SigHash::Sha1 => Pkcs1v15Sign::new::<Sha1>(),
        }
    }

    /// The same hash in the math's terms (its DigestInfo).
    pub fn alg(self) -> crate::math::HashAlg {
        match self {
            SigHash::Sha256 => crate::math::HashAlg::Sha256,
            SigHash::Sha1 => crate::math::HashAlg::Sha1,
        }
    }

    /// Its name in formulas: `SHA-256` or `SHA-1`.
    pub fn name(self) -> &'static str {
        match self {
            SigHash::Sha256 => "SHA-256",
            SigHash::Sha1 => "SHA-1",
        }
    }
}

/// Sign `data` (a DER tbsCertificate, tbsCertList or certificationRequestInfo, as `signed`
/// says) with `key`: its hash, the RSA PKCS#1 v1.5 signature s = EMSA-PKCS1-v1_5(DigestInfo(hash))^d
/// mod n, and how s was computed (padded by [`crate::math`], raised by the `rsa` crate's raw
/// primitive: the block shown is the block signed). `forge` flips one byte of the signature after
/// signing (the forged-signature faults); the math keeps the s computed.
pub(crate) fn sign_bytes(
    data: &[u8],
    key: &RsaPrivateKey,
    hash: SigHash,
    signed: crate::math::Signed,
    forge: bool,
) -> Result<(Vec<u8>, Vec<u8>, crate::math::Math), Error> {
    let digest = hash.digest(data);
    let (mut signature, math) = crate::math::sign(key, signed, hash.alg(), &digest)
        .map_err(|_| Error::Internal(CertMsg::SigningFailed {}.into()))?;
    if forge {
        let mid = signature.len() / 2;
        if let Some(b) = signature.get_mut(mid) {
            *b ^= 0x01;
        }
    }
    Ok((digest, signature, math))
}

/// Sign the TBS with `key` and assemble the certificate.
fn sign(
    tbs: TbsCertificate,
    key: &RsaPrivateKey,
    hash: SigHash,
    forge: bool,
) -> Result<Issued, Error> {
    // 1. DER-encode tbsCertificate: these are the bytes the CA signs.
    let tbs_der = tbs.to_der().map_err(internal(FieldName::TbsCertificate))?;
    // 2. hash them, 3. sign (4. the forged-signature fault flips one byte afterwards).
    let (tbs_hash, signature, sign_math) = sign_bytes(
        &tbs_der,
        key,
        hash,
        crate::math::Signed::TbsCertificate,
        forge,
    )?;
    let cert = Certificate {
        tbs_certificate: tbs,
        signature_algorithm: hash.algorithm(),
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
        hash,
    })
}

/// What a certificate says besides its names, key, dates and serial: the CA's profile for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Profile {
    /// basicConstraints: `None` is CA:FALSE; `Some(path_len)` is CA:TRUE with that
    /// pathLenConstraint (`Some(None)`: no limit).
    pub ca: Option<Option<u8>>,
    /// keyUsage (critical).
    pub key_usage: KeyUsage,
    /// extendedKeyUsage purposes (none: no extension).
    pub ext_key_usage: Vec<ObjectIdentifier>,
    /// The signature hash.
    pub hash: SigHash,
    /// Flip one byte of the signature after signing (the forged-signature fault).
    pub forge: bool,
}

impl Profile {
    /// A root CA: CA:TRUE without a path length limit, keyCertSign + cRLSign.
    pub fn root() -> Self {
        Self::intermediate(None)
    }

    /// An intermediate CA: CA:TRUE with `path_len`, keyCertSign + cRLSign.
    pub fn intermediate(path_len: Option<u8>) -> Self {
        Self {
            ca: Some(path_len),
            key_usage: KeyUsage(KeyUsages::KeyCertSign | KeyUsages::CRLSign),
            ext_key_usage: Vec::new(),
            hash: SigHash::Sha256,
            forge: false,
        }
    }

    /// A TLS server: CA:FALSE, digitalSignature + keyEncipherment (RSA key exchange), serverAuth.
    pub fn server() -> Self {
        Self {
            ca: None,
            key_usage: KeyUsage(KeyUsages::DigitalSignature | KeyUsages::KeyEncipherment),
            ext_key_usage: vec![KP_SERVER_AUTH],
            hash: SigHash::Sha256,
            forge: false,
        }
    }

    /// A TLS client: as a server, but clientAuth.
    pub fn client() -> Self {
        Self {
            ext_key_usage: vec![KP_CLIENT_AUTH],
            ..Self::server()
        }
    }
}

/// Who signs a certificate.
#[derive(Clone, Copy, Debug)]
pub enum Signer<'a> {
    /// The subject's own key (a root, or the self-signed fault).
    SelfSigned(&'a RsaPrivateKey),
    /// A CA: its certificate (DER) and its key.
    Ca {
        /// the CA's certificate, DER
        cert: &'a [u8],
        /// the CA's private key
        key: &'a RsaPrivateKey,
    },
}

/// What the CA puts in a certificate: the subject's common name and DNS names (from the CSR),
/// its public key, the CA's dates and serial, and the profile.
#[derive(Clone, Debug)]
pub struct CertRequest<'a> {
    /// Subject CN.
    pub cn: &'a str,
    /// DNS subjectAltNames (none: no extension).
    pub sans: &'a [String],
    /// The subject's public key.
    pub key: &'a RsaPublicKey,
    /// notBefore, Unix seconds.
    pub not_before: i64,
    /// notAfter, Unix seconds.
    pub not_after: i64,
    /// serialNumber, big-endian.
    pub serial: &'a [u8],
    /// What else it says.
    pub profile: Profile,
}

/// Build and sign a certificate (RFC 5280 §4.1): subject `CN=<cn>`, extensions in the order
/// basicConstraints, keyUsage, extendedKeyUsage, subjectAltName, subjectKeyIdentifier,
/// authorityKeyIdentifier (this last one only when a CA signs).
///
/// A `Signer::Ca` key must be the key of its certificate (else [`Error::InvalidInput`]).
pub fn issue(req: &CertRequest, signer: Signer) -> Result<Issued, Error> {
    let (validity, serial_number) = check_inputs(req.not_before, req.not_after, req.serial)?;
    let subject = cn_name(req.cn)?;
    let spki = spki_of(req.key)?;
    let (issuer_name, signing_key, aki) = match signer {
        Signer::SelfSigned(key) => {
            if spki != spki_of(&key.to_public_key())? {
                return Err(Error::input(CertMsg::IssuerKeyMismatch {}));
            }
            (subject.clone(), key, None)
        }
        Signer::Ca { cert, key } => {
            let issuer = Certificate::from_der(cert)
                .map_err(|_| Error::input(CertMsg::IssuerCertInvalid {}))?;
            if issuer.tbs_certificate.subject_public_key_info != spki_of(&key.to_public_key())? {
                return Err(Error::input(CertMsg::IssuerKeyMismatch {}));
            }
            let aki = AuthorityKeyIdentifier {
                key_identifier: Some(
                    OctetString::new(issuer_key_id(&issuer))
                        .map_err(internal(FieldName::AuthorityKeyIdentifier))?,
                ),
                authority_cert_issuer: None,
                authority_cert_serial_number: None,
            };
            (issuer.tbs_certificate.subject.clone(), key, Some(aki))
        }
    };
    let p = &req.profile;
    let mut extensions = vec![
        ext(
            &BasicConstraints {
                ca: p.ca.is_some(),
                path_len_constraint: p.ca.flatten(),
            },
            true,
        )?,
        ext(&p.key_usage, true)?,
    ];
    if !p.ext_key_usage.is_empty() {
        extensions.push(ext(&ExtendedKeyUsage(p.ext_key_usage.clone()), false)?);
    }
    if !req.sans.is_empty() {
        extensions.push(ext(&SubjectAltName(dns_names(req.sans)?), false)?);
    }
    extensions.push(ext(
        &SubjectKeyIdentifier(
            OctetString::new(key_id(&spki)).map_err(internal(FieldName::SubjectKeyIdentifier))?,
        ),
        false,
    )?);
    if let Some(aki) = aki {
        extensions.push(ext(&aki, false)?);
    }
    let tbs = TbsCertificate {
        version: Version::V3,
        serial_number,
        signature: p.hash.algorithm(),
        issuer: issuer_name,
        validity,
        subject,
        subject_public_key_info: spki,
        issuer_unique_id: None,
        subject_unique_id: None,
        extensions: Some(extensions),
    };
    sign(tbs, signing_key, p.hash, p.forge)
}

/// DNS names as GeneralNames (ASCII only: IDNs go in as their A-labels).
pub(crate) fn dns_names(sans: &[String]) -> Result<Vec<GeneralName>, Error> {
    sans.iter()
        .map(|s| {
            Ia5String::new(s)
                .map(GeneralName::DnsName)
                .map_err(|_| Error::input(CertMsg::SanNotAscii { san: s.clone() }))
        })
        .collect()
}

/// The CA's self-signed root certificate (basicConstraints CA:TRUE, keyUsage keyCertSign+cRLSign).
pub fn issue_ca(
    name: &str,
    key: &RsaPrivateKey,
    not_before: i64,
    not_after: i64,
    serial: &[u8],
) -> Result<Issued, Error> {
    let public = key.to_public_key();
    let req = CertRequest {
        cn: name,
        sans: &[],
        key: &public,
        not_before,
        not_after,
        serial,
        profile: Profile::root(),
    };
    issue(&req, Signer::SelfSigned(key))
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
    let profile = if client {
        Profile::client()
    } else {
        Profile::server()
    };
    let req = CertRequest {
        cn: subject_cn,
        sans,
        key: subject_key,
        not_before,
        not_after,
        serial,
        profile: Profile { forge, ..profile },
    };
    issue(
        &req,
        Signer::Ca {
            cert: issuer_der,
            key: issuer_key,
        },
    )
}
