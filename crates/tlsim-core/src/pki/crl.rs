//! Certificate revocation lists (RFC 5280 §5): the CA publishes, signed, the serial numbers of
//! the certificates it revoked before their notAfter; a client that checks revocation reads it.
//!
//! ```text
//! CertificateList ::= SEQUENCE {
//!      tbsCertList          TBSCertList,
//!      signatureAlgorithm   AlgorithmIdentifier,
//!      signatureValue       BIT STRING }
//! TBSCertList ::= SEQUENCE {
//!      version              Version OPTIONAL, -- if present, MUST be v2
//!      signature            AlgorithmIdentifier,
//!      issuer               Name,
//!      thisUpdate           Time,
//!      nextUpdate           Time OPTIONAL,
//!      revokedCertificates  SEQUENCE OF SEQUENCE {
//!           userCertificate         CertificateSerialNumber,
//!           revocationDate          Time,
//!           crlEntryExtensions      Extensions OPTIONAL } OPTIONAL,
//!      crlExtensions        [0] EXPLICIT Extensions OPTIONAL }
//! ```

use super::der_walk::Tlv;
use super::fields::{bad, ext_field, ext_meaning, field, head, oid_name, time_meaning, unix};
use super::issue::{ext, internal, issuer_key_id, sign_bytes, x509_time, SigHash};
use crate::error::Error;
use crate::msg::{CertMsg, Hex};
use crate::transcript::Field;
use crate::vocab::FieldName;
use der::asn1::{BitString, OctetString, Uint};
use der::{Decode, Encode};
use rsa::RsaPrivateKey;
use x509_cert::crl::{CertificateList, RevokedCert, TbsCertList};
use x509_cert::ext::pkix::crl::CrlNumber;
use x509_cert::ext::pkix::AuthorityKeyIdentifier;
use x509_cert::serial_number::SerialNumber;
use x509_cert::{Certificate, Version};

/// A CRL as the CA signed it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Crl {
    /// The whole CertificateList, DER.
    pub der: Vec<u8>,
    /// The DER of tbsCertList (what the CA signed).
    pub tbs: Vec<u8>,
    /// SHA-256(tbsCertList).
    pub tbs_hash: Vec<u8>,
    /// The CA's signature.
    pub signature: Vec<u8>,
    /// How the CA computed it (issue 11).
    pub sign_math: crate::math::Math,
    /// Named fields of `der`.
    pub fields: Vec<Field>,
}

/// A v2 CRL from the CA `issuer_der` (signed with `key`, SHA-256): valid from `this_update` to
/// `next_update`, listing `revoked` (serial number, revocation date), with the extensions
/// authorityKeyIdentifier and cRLNumber `number` (RFC 5280 §5.2: a conforming CA includes both).
pub fn issue_crl(
    issuer_der: &[u8],
    key: &RsaPrivateKey,
    this_update: i64,
    next_update: i64,
    number: u64,
    revoked: &[(Vec<u8>, i64)],
) -> Result<Crl, Error> {
    let issuer = Certificate::from_der(issuer_der)
        .map_err(|_| Error::input(CertMsg::IssuerCertInvalid {}))?;
    let mut list = Vec::new();
    for (serial, date) in revoked {
        list.push(RevokedCert {
            serial_number: SerialNumber::new(serial)
                .map_err(|_| Error::input(CertMsg::SerialNotPositive {}))?,
            revocation_date: x509_time(*date, "revocation_date")?,
            crl_entry_extensions: None,
        });
    }
    let aki = AuthorityKeyIdentifier {
        key_identifier: Some(
            OctetString::new(issuer_key_id(&issuer))
                .map_err(internal(FieldName::AuthorityKeyIdentifier))?,
        ),
        authority_cert_issuer: None,
        authority_cert_serial_number: None,
    };
    let number =
        CrlNumber(Uint::new(&number.to_be_bytes()).map_err(internal(FieldName::CrlNumber))?);
    let tbs = TbsCertList {
        version: Version::V2,
        signature: SigHash::Sha256.algorithm(),
        issuer: issuer.tbs_certificate.subject.clone(),
        this_update: x509_time(this_update, "this_update")?,
        next_update: Some(x509_time(next_update, "next_update")?),
        revoked_certificates: (!list.is_empty()).then_some(list),
        crl_extensions: Some(vec![ext(&aki, false)?, ext(&number, false)?]),
    };
    let tbs_der = tbs.to_der().map_err(internal(FieldName::TbsCertList))?;
    let (tbs_hash, signature, sign_math) = sign_bytes(
        &tbs_der,
        key,
        SigHash::Sha256,
        crate::math::Signed::TbsCertList,
        false,
    )?;
    let crl = CertificateList {
        tbs_cert_list: tbs,
        signature_algorithm: SigHash::Sha256.algorithm(),
        signature: BitString::from_bytes(&signature)
            .map_err(internal(FieldName::SignatureValue))?,
    };
    let der = crl.to_der().map_err(internal(FieldName::TbsCertList))?;
    let fields = crl_fields(&der)?;
    Ok(Crl {
        der,
        tbs: tbs_der,
        tbs_hash,
        signature,
        sign_math,
        fields,
    })
}

/// DER CRL to PEM ("X509 CRL").
pub fn crl_to_pem(der: &[u8]) -> String {
    der::pem::encode_string("X509 CRL", der::pem::LineEnding::LF, der).unwrap_or_default()
}

/// Named DER ranges of the CRL `der`.
pub fn crl_fields(der: &[u8]) -> Result<Vec<Field>, Error> {
    let crl = CertificateList::from_der(der).map_err(|_| bad(CertMsg::CrlUndecodable {}))?;
    let t = &crl.tbs_cert_list;
    let top = Tlv::at(der, 0)?;
    let [tbs, alg, sig] =
        <[Tlv; 3]>::try_from(top.children(der)?).map_err(|_| bad(CertMsg::CrlUndecodable {}))?;
    let mut out = vec![field(FieldName::TbsCertList, &tbs, 0, CertMsg::CrlTbs {})];
    let mut kids = tbs.children(der)?.into_iter().peekable();
    if let Some(v) = kids.next_if(|k| k.tag == 0x02) {
        out.push(field(
            FieldName::Version,
            &v,
            1,
            CertMsg::CertVersion {
                version: t.version as u64 + 1,
                encoded: t.version as u64,
            },
        ));
    }
    let mut next = |name: FieldName| {
        kids.next()
            .ok_or_else(|| bad(CertMsg::TbsLacks { field: name }))
    };
    let s = next(FieldName::Signature)?;
    out.push(field(
        FieldName::Signature,
        &s,
        1,
        CertMsg::SignatureAlgorithm {
            algorithm: oid_name(&t.signature.oid),
        },
    ));
    let i = next(FieldName::Issuer)?;
    out.push(field(
        FieldName::Issuer,
        &i,
        1,
        CertMsg::Name {
            name: t.issuer.to_string(),
        },
    ));
    let tu = next(FieldName::ThisUpdate)?;
    out.push(field(
        FieldName::ThisUpdate,
        &tu,
        1,
        time_meaning(&t.this_update),
    ));
    let rest: Vec<Tlv> = kids.collect();
    let mut rest = rest.into_iter();
    for k in rest.by_ref() {
        match k.tag {
            0x17 | 0x18 => {
                if let Some(nu) = &t.next_update {
                    out.push(field(FieldName::NextUpdate, &k, 1, time_meaning(nu)));
                }
            }
            0x30 => {
                let revoked = t.revoked_certificates.clone().unwrap_or_default();
                out.push(field(
                    FieldName::RevokedCertificates,
                    &k,
                    1,
                    CertMsg::RevokedList {
                        count: revoked.len(),
                    },
                ));
                for (entry, r) in k.children(der)?.iter().zip(revoked.iter()) {
                    if let [serial, date, ..] = entry.children(der)?.as_slice() {
                        out.push(field(
                            FieldName::UserCertificate,
                            serial,
                            2,
                            CertMsg::Serial {
                                value: Hex(r.serial_number.as_bytes().to_vec()),
                            },
                        ));
                        out.push(field(
                            FieldName::RevocationDate,
                            date,
                            2,
                            CertMsg::RevokedAt {
                                time: unix(&r.revocation_date),
                            },
                        ));
                    }
                }
            }
            0xa0 => {
                out.push(field(
                    FieldName::CrlExtensions,
                    &k,
                    1,
                    CertMsg::Extensions {},
                ));
                let seq = k.children(der)?;
                let exts = seq
                    .first()
                    .map(|s| s.children(der))
                    .transpose()?
                    .unwrap_or_default();
                let parsed = t.crl_extensions.clone().unwrap_or_default();
                for (et, e) in exts.iter().zip(parsed.iter()) {
                    out.push(field(ext_field(&e.extn_id), et, 2, ext_meaning(e)));
                }
            }
            _ => {}
        }
    }
    out.push(field(
        FieldName::SignatureAlgorithm,
        &alg,
        0,
        CertMsg::SignatureAlgorithm {
            algorithm: oid_name(&crl.signature_algorithm.oid),
        },
    ));
    let sig_bytes = crl.signature.raw_bytes();
    out.push(field(
        FieldName::SignatureValue,
        &sig,
        0,
        CertMsg::SignatureValue {
            head: head(sig_bytes),
            len: sig_bytes.len(),
        },
    ));
    Ok(out)
}
