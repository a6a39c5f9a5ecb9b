//! The record layer's frame: type, version, length, fragment (RFC 5246 §6.2).

use super::enums::ContentType;
use crate::codec::{put_u16, put_vec_u16, Codec, Reader};
use crate::error::Error;
use crate::msg::{FieldMsg, Version};
use crate::vocab::FieldName;

/// The largest fragment a record may carry when protected: 2^14 + 2048 (RFC 5246 §6.2.3).
pub const MAX_FRAGMENT: usize = 16384 + 2048;

/// One record as it crosses the wire (plaintext or protected).
///
/// ```text
/// struct {
///     ContentType type;
///     ProtocolVersion version;
///     uint16 length;
///     opaque fragment[TLSPlaintext.length];
/// } TLSPlaintext;
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// Content type.
    pub typ: ContentType,
    /// Record-layer version (0x0303; a ClientHello may use 0x0301).
    pub version: u16,
    /// The fragment (ciphertext once keys are on).
    pub fragment: Vec<u8>,
}

impl Record {
    /// Parse a whole record at the start of `buf`: `Ok(None)` when more bytes are needed.
    pub fn parse_prefix(buf: &[u8]) -> Result<Option<(Record, usize)>, Error> {
        if buf.len() < 5 {
            return Ok(None);
        }
        let len = u16::from_be_bytes([buf[3], buf[4]]) as usize;
        if len > MAX_FRAGMENT {
            return Err(crate::msg::too_long(
                "TLSPlaintext.length",
                len,
                MAX_FRAGMENT,
            ));
        }
        if buf.len() < 5 + len {
            return Ok(None);
        }
        let rec = Record::from_bytes(&buf[..5 + len])?;
        Ok(Some((rec, 5 + len)))
    }

    /// Read the header (type, version, length), naming each field, and return a sub-reader
    /// over the fragment, so that what it holds can be read with absolute offsets.
    pub fn read_frame<'a>(r: &mut Reader<'a>) -> Result<(ContentType, u16, Reader<'a>), Error> {
        let typ = r.field(FieldName::Type, ContentType::read, |t| FieldMsg::Named {
            name: t.name(),
            value: t.get().into(),
        })?;
        let version = r.field(
            FieldName::Version,
            |r| r.u16("TLSPlaintext.version"),
            |v| FieldMsg::Version {
                version: Version(*v),
            },
        )?;
        let len = r.field(
            FieldName::Length,
            |r| r.u16("TLSPlaintext.fragment"),
            |n| FieldMsg::Follow { len: *n as usize },
        )?;
        let fragment = r.sub(len as usize, "TLSPlaintext.fragment")?;
        Ok((typ, version, fragment))
    }
}

impl Codec for Record {
    fn encode(&self, out: &mut Vec<u8>) {
        self.typ.encode(out);
        put_u16(out, self.version);
        put_vec_u16(out, &self.fragment);
    }

    fn read(r: &mut Reader<'_>) -> Result<Self, Error> {
        let (typ, version, mut fragment) = Self::read_frame(r)?;
        Ok(Self {
            typ,
            version,
            fragment: fragment.rest().to_vec(),
        })
    }
}

/// A protected fragment of TLS_RSA_WITH_AES_128_GCM_SHA256 (RFC 5246 §6.2.3.3, RFC 5288 §3).
///
/// ```text
/// struct {
///    opaque nonce_explicit[SecurityParameters.record_iv_length];
///    aead-ciphered struct {
///        opaque content[TLSCompressed.length];
///    };
/// } GenericAEADCipher;
/// ```
/// The AEAD output is the ciphertext followed by the 16-byte GCM tag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GenericAeadCipher {
    /// The explicit part of the nonce (the sequence number).
    pub nonce_explicit: [u8; 8],
    /// The ciphertext, as long as the content.
    pub ciphertext: Vec<u8>,
    /// The GCM tag.
    pub tag: [u8; 16],
}

impl GenericAeadCipher {
    /// Read a whole fragment of a record of type `content` (named in the ciphertext's meaning).
    pub fn read(r: &mut Reader<'_>, content: ContentType) -> Result<Self, Error> {
        let n = r.left();
        if n < 24 {
            return Err(Error::truncated("GenericAEADCipher", 24, n));
        }
        let nonce_explicit = r.field(
            FieldName::ExplicitNonce,
            |r| r.array("GenericAEADCipher.nonce_explicit"),
            |_| FieldMsg::ExplicitNonce {},
        )?;
        let ciphertext = r.field(
            FieldName::EncryptedContent,
            |r| r.take(n - 24, "GenericAEADCipher.content"),
            |c| FieldMsg::EncryptedContent {
                len: c.len(),
                content: content.name(),
            },
        )?;
        let tag = r.field(
            FieldName::Tag,
            |r| r.array("GenericAEADCipher.tag"),
            |_| FieldMsg::Tag {},
        )?;
        Ok(Self {
            nonce_explicit,
            ciphertext: ciphertext.to_vec(),
            tag,
        })
    }

    /// Append the wire encoding.
    pub fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.nonce_explicit);
        out.extend_from_slice(&self.ciphertext);
        out.extend_from_slice(&self.tag);
    }
}
