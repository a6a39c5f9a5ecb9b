//! Certificate, CertificateRequest and CertificateVerify (RFC 5246 §7.4.2, §7.4.4, §7.4.8).

use crate::codec::{put_prefixed, put_u16, put_vec_u16, put_vec_u24, put_vec_u8, Codec, Reader};
use crate::error::Error;
use crate::msg::{FieldMsg, Hex, SigAlg};
use crate::vocab::FieldName;

/// A certificate chain, leaf first (sent by the server, and by the client when asked).
///
/// ```text
/// opaque ASN.1Cert<1..2^24-1>;
///
/// struct {
///     ASN.1Cert certificate_list<0..2^24-1>;
/// } Certificate;
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Certificate {
    /// DER certificates, the sender's own first.
    pub chain: Vec<Vec<u8>>,
}

impl Codec for Certificate {
    fn encode(&self, out: &mut Vec<u8>) {
        put_prefixed(out, 3, |o| {
            self.chain.iter().for_each(|c| put_vec_u24(o, c))
        });
    }

    fn read(r: &mut Reader<'_>) -> Result<Self, Error> {
        let start = r.pos();
        let mut list = r.sub_u24("Certificate.certificate_list")?;
        r.name(FieldName::CertificateList, start, || {
            FieldMsg::CertificateList { len: list.left() }
        });
        let mut chain = Vec::new();
        while list.left() > 0 {
            let c = list.field(
                FieldName::Certificate,
                |l| l.vec_u24("ASN.1Cert"),
                |c| FieldMsg::Certificate { len: c.len() },
            )?;
            if c.is_empty() {
                return Err(crate::msg::empty("ASN.1Cert"));
            }
            chain.push(c);
        }
        Ok(Self { chain })
    }
}

/// The server asks the client for a certificate.
///
/// ```text
/// enum { rsa_sign(1), dss_sign(2), rsa_fixed_dh(3), dss_fixed_dh(4), (255) } ClientCertificateType;
/// opaque DistinguishedName<1..2^16-1>;
///
/// struct {
///     ClientCertificateType certificate_types<1..2^8-1>;
///     SignatureAndHashAlgorithm supported_signature_algorithms<2^16-1>;
///     DistinguishedName certificate_authorities<0..2^16-1>;
/// } CertificateRequest;
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertificateRequest {
    /// Accepted certificate types (1 = rsa_sign).
    pub certificate_types: Vec<u8>,
    /// Accepted signature algorithms (0x0401 = rsa_pkcs1_sha256).
    pub supported_signature_algorithms: Vec<u16>,
    /// DER names of the CAs the server trusts.
    pub certificate_authorities: Vec<Vec<u8>>,
}

impl Codec for CertificateRequest {
    fn encode(&self, out: &mut Vec<u8>) {
        put_vec_u8(out, &self.certificate_types);
        put_prefixed(out, 2, |o| {
            self.supported_signature_algorithms
                .iter()
                .for_each(|a| put_u16(o, *a))
        });
        put_prefixed(out, 2, |o| {
            self.certificate_authorities
                .iter()
                .for_each(|n| put_vec_u16(o, n))
        });
    }

    fn read(r: &mut Reader<'_>) -> Result<Self, Error> {
        let certificate_types = r.field(
            FieldName::CertificateTypes,
            |r| r.vec_u8("CertificateRequest.certificate_types"),
            |t| FieldMsg::CertificateTypes {
                types: Hex(t.clone()),
            },
        )?;
        if certificate_types.is_empty() {
            return Err(crate::msg::empty("CertificateRequest.certificate_types"));
        }
        let start = r.pos();
        let mut algs = r.sub_u16("CertificateRequest.supported_signature_algorithms")?;
        if algs.left() % 2 != 0 {
            return Err(crate::msg::odd_length(
                "CertificateRequest.supported_signature_algorithms",
            ));
        }
        let mut supported_signature_algorithms = Vec::new();
        while algs.left() > 0 {
            supported_signature_algorithms.push(algs.u16("SignatureAndHashAlgorithm")?);
        }
        r.name(FieldName::SupportedSignatureAlgorithms, start, || {
            FieldMsg::SupportedSignatureAlgorithms {
                algs: supported_signature_algorithms
                    .iter()
                    .copied()
                    .map(SigAlg)
                    .collect(),
            }
        });
        let start = r.pos();
        let mut cas = r.sub_u16("CertificateRequest.certificate_authorities")?;
        r.name(FieldName::CertificateAuthorities, start, || {
            FieldMsg::CertificateAuthorities { len: cas.left() }
        });
        let mut certificate_authorities = Vec::new();
        while cas.left() > 0 {
            certificate_authorities.push(cas.vec_u16("DistinguishedName")?);
        }
        Ok(Self {
            certificate_types,
            supported_signature_algorithms,
            certificate_authorities,
        })
    }
}

/// The client proves it holds the key of its certificate: a signature over the handshake so far.
///
/// ```text
/// struct {
///      digitally-signed struct {
///          opaque handshake_messages[handshake_messages_length];
///      }
/// } CertificateVerify;
///
/// struct {
///     SignatureAndHashAlgorithm algorithm;
///     opaque signature<0..2^16-1>;
/// } DigitallySigned;
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertificateVerify {
    /// hash << 8 | signature (0x0401 = rsa_pkcs1_sha256).
    pub algorithm: u16,
    /// The signature.
    pub signature: Vec<u8>,
}

impl Codec for CertificateVerify {
    fn encode(&self, out: &mut Vec<u8>) {
        put_u16(out, self.algorithm);
        put_vec_u16(out, &self.signature);
    }

    fn read(r: &mut Reader<'_>) -> Result<Self, Error> {
        let algorithm = r.field(
            FieldName::Algorithm,
            |r| r.u16("CertificateVerify.algorithm"),
            |a| FieldMsg::SigAlg { alg: SigAlg(*a) },
        )?;
        let signature = r.field(
            FieldName::Signature,
            |r| r.vec_u16("CertificateVerify.signature"),
            |s| FieldMsg::Signature { len: s.len() },
        )?;
        Ok(Self {
            algorithm,
            signature,
        })
    }
}
