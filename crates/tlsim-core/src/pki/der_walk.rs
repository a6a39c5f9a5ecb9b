//! A tiny DER walker: finds the offset and length of each TLV so the UI can highlight fields.
//! (x509-cert decodes values; it does not report where they sit in the input.)

use crate::error::Error;
use crate::msg::CertMsg;

/// A DER decode error.
fn bad(m: CertMsg) -> Error {
    Error::Decode(m.into())
}

/// One DER TLV inside a buffer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Tlv {
    /// The tag byte (single-byte tags only, which is all X.509 uses).
    pub tag: u8,
    /// Offset of the tag byte.
    pub start: usize,
    /// Offset of the first content byte.
    pub body: usize,
    /// Offset just past the content.
    pub end: usize,
}

impl Tlv {
    /// The whole TLV's length (header + content).
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// Read the TLV at `off` in `der`.
    pub fn at(der: &[u8], off: usize) -> Result<Tlv, Error> {
        let offset = off;
        let tag = *der
            .get(off)
            .ok_or_else(|| bad(CertMsg::DerNoTag { offset }))?;
        if tag & 0x1f == 0x1f {
            return Err(bad(CertMsg::DerLongTag { offset }));
        }
        let l0 = *der
            .get(off + 1)
            .ok_or_else(|| bad(CertMsg::DerNoLength { offset }))?;
        let (len, hdr) = if l0 < 0x80 {
            (l0 as usize, 2)
        } else {
            let n = (l0 & 0x7f) as usize;
            if n == 0 || n > 4 {
                return Err(bad(CertMsg::DerLengthEncoding { offset }));
            }
            let bytes = der
                .get(off + 2..off + 2 + n)
                .ok_or_else(|| bad(CertMsg::DerLengthTruncated { offset }))?;
            (
                bytes.iter().fold(0usize, |a, b| (a << 8) | *b as usize),
                2 + n,
            )
        };
        let body = off + hdr;
        let end = body
            .checked_add(len)
            .ok_or_else(|| bad(CertMsg::DerLengthOverflow { offset }))?;
        if end > der.len() {
            return Err(bad(CertMsg::DerPastEnd {
                offset,
                len,
                total: der.len(),
            }));
        }
        Ok(Tlv {
            tag,
            start: off,
            body,
            end,
        })
    }

    /// The TLVs directly inside this constructed TLV.
    pub fn children(&self, der: &[u8]) -> Result<Vec<Tlv>, Error> {
        let mut out = Vec::new();
        let mut off = self.body;
        while off < self.end {
            let t = Tlv::at(der, off)?;
            if t.end > self.end {
                return Err(bad(CertMsg::DerChildPastParent { offset: off }));
            }
            off = t.end;
            out.push(t);
        }
        Ok(out)
    }

    /// The content bytes.
    pub fn content<'a>(&self, der: &'a [u8]) -> &'a [u8] {
        &der[self.body..self.end]
    }
}
