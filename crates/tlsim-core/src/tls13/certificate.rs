//! The TLS 1.3 Certificate (RFC 8446 §4.4.2): a request context and a chain of entries, each a
//! certificate with its own extensions (OCSP status, SCTs).

use super::ext::{put_extensions, read_extensions, Context, Extension13, Extensions};
use crate::codec::{put_prefixed, put_vec_u24, put_vec_u8, Codec, Reader};
use crate::error::Error;
use crate::msg::FieldMsg;
use crate::vocab::FieldName;

/// One certificate of the chain and its extensions.
///
/// ```text
/// struct {
///     select (certificate_type) {
///         case RawPublicKey:
///           /* From RFC 7250 ASN.1_subjectPublicKeyInfo */
///           opaque ASN1_subjectPublicKeyInfo<1..2^24-1>;
///
///         case X509:
///           opaque cert_data<1..2^24-1>;
///     };
///     Extension extensions<0..2^16-1>;
/// } CertificateEntry;
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertificateEntry {
    /// The DER certificate (X509, the default certificate_type).
    pub cert_data: Vec<u8>,
    /// Extensions, read in [`Context::Certificate`].
    pub extensions: Vec<Extension13>,
}

impl Extensions for CertificateEntry {
    fn extensions(&self) -> &[Extension13] {
        &self.extensions
    }
}

impl Codec for CertificateEntry {
    fn encode(&self, out: &mut Vec<u8>) {
        put_vec_u24(out, &self.cert_data);
        put_extensions(out, &self.extensions);
    }

    fn read(r: &mut Reader<'_>) -> Result<Self, Error> {
        r.group(
            FieldName::CertificateEntry,
            |r| {
                let cert_data = r.field(
                    FieldName::Certificate,
                    |r| r.vec_u24("CertificateEntry.cert_data"),
                    |c| FieldMsg::Certificate { len: c.len() },
                )?;
                if cert_data.is_empty() {
                    return Err(crate::msg::empty("CertificateEntry.cert_data"));
                }
                let extensions =
                    read_extensions(r, Context::Certificate, "CertificateEntry.extensions")?;
                Ok(Self {
                    cert_data,
                    extensions,
                })
            },
            |e| FieldMsg::CertificateEntry {
                len: e.to_bytes().len(),
            },
        )
    }
}

/// The sender's chain, leaf first.
///
/// ```text
/// struct {
///     opaque certificate_request_context<0..2^8-1>;
///     CertificateEntry certificate_list<0..2^24-1>;
/// } Certificate;
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Certificate13 {
    /// Empty in a server's Certificate; a client echoes its CertificateRequest's.
    pub certificate_request_context: Vec<u8>,
    /// The chain, the sender's own certificate first.
    pub certificate_list: Vec<CertificateEntry>,
}

impl Certificate13 {
    /// The DER certificates, leaf first.
    pub fn chain(&self) -> Vec<&[u8]> {
        self.certificate_list
            .iter()
            .map(|e| e.cert_data.as_slice())
            .collect()
    }
}

impl Codec for Certificate13 {
    fn encode(&self, out: &mut Vec<u8>) {
        put_vec_u8(out, &self.certificate_request_context);
        put_prefixed(out, 3, |o| {
            self.certificate_list.iter().for_each(|e| e.encode(o))
        });
    }

    fn read(r: &mut Reader<'_>) -> Result<Self, Error> {
        let certificate_request_context = r.field(
            FieldName::CertificateRequestContext,
            |r| r.vec_u8("Certificate.certificate_request_context"),
            |c| FieldMsg::CertificateRequestContext { len: c.len() },
        )?;
        let start = r.pos();
        let mut list = r.sub_u24("Certificate.certificate_list")?;
        r.name(FieldName::CertificateList, start, || {
            FieldMsg::CertificateList { len: list.left() }
        });
        let mut certificate_list = Vec::new();
        while list.left() > 0 {
            certificate_list.push(CertificateEntry::read(&mut list)?);
        }
        Ok(Self {
            certificate_request_context,
            certificate_list,
        })
    }
}
