//! The record layer's frame: type, version, length, fragment (RFC 5246 §6.2).

use super::enums::ContentType;
use crate::codec::{put_u16, put_vec_u16, Codec, Reader};
use crate::error::Error;

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
}

impl Codec for Record {
    fn encode(&self, out: &mut Vec<u8>) {
        self.typ.encode(out);
        put_u16(out, self.version);
        put_vec_u16(out, &self.fragment);
    }

    fn read(r: &mut Reader<'_>) -> Result<Self, Error> {
        let typ = ContentType::read(r)?;
        let version = r.u16("TLSPlaintext.version")?;
        let fragment = r.vec_u16("TLSPlaintext.fragment")?;
        Ok(Self {
            typ,
            version,
            fragment,
        })
    }
}
