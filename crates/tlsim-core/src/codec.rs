//! The one codec: a bounds-checked [`Reader`], big-endian writers and length-prefixed vectors.
//!
//! Every wire struct implements [`Codec`]: `encode(&self, &mut Vec<u8>)` and
//! `read(&mut Reader) -> Result<Self, Error>`. Reading never panics: running out of bytes is an
//! [`Error::Decode`] naming what was being read. [`Reader`] positions are absolute offsets into the
//! buffer it was created on (sub-readers share it), so the transcript can name byte ranges.

use crate::error::Error;
use crate::msg::HsMsg;

/// A cursor over a byte slice, limited to `[pos, end)`.
#[derive(Clone, Debug)]
pub struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
    end: usize,
}

impl<'a> Reader<'a> {
    /// A reader over all of `buf`.
    pub fn new(buf: &'a [u8]) -> Self {
        Self {
            buf,
            pos: 0,
            end: buf.len(),
        }
    }

    /// The absolute offset of the next byte.
    pub fn pos(&self) -> usize {
        self.pos
    }

    /// How many bytes are left.
    pub fn left(&self) -> usize {
        self.end - self.pos
    }

    /// Take `n` bytes.
    pub fn take(&mut self, n: usize, what: &str) -> Result<&'a [u8], Error> {
        if self.left() < n {
            return Err(Error::truncated(what, n, self.left()));
        }
        let s = &self.buf[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }

    /// Take the rest.
    pub fn rest(&mut self) -> &'a [u8] {
        let s = &self.buf[self.pos..self.end];
        self.pos = self.end;
        s
    }

    /// Take a fixed-size array.
    pub fn array<const N: usize>(&mut self, what: &str) -> Result<[u8; N], Error> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N, what)?);
        Ok(a)
    }

    /// One byte.
    pub fn u8(&mut self, what: &str) -> Result<u8, Error> {
        Ok(self.take(1, what)?[0])
    }

    /// Big-endian u16.
    pub fn u16(&mut self, what: &str) -> Result<u16, Error> {
        let b = self.take(2, what)?;
        Ok(u16::from_be_bytes([b[0], b[1]]))
    }

    /// Big-endian u24.
    pub fn u24(&mut self, what: &str) -> Result<u32, Error> {
        let b = self.take(3, what)?;
        Ok(u32::from_be_bytes([0, b[0], b[1], b[2]]))
    }

    /// A sub-reader over the next `n` bytes (offsets stay absolute).
    pub fn sub(&mut self, n: usize, what: &str) -> Result<Reader<'a>, Error> {
        let start = self.pos;
        self.take(n, what)?;
        Ok(Reader {
            buf: self.buf,
            pos: start,
            end: start + n,
        })
    }

    /// A sub-reader over a vector with a one-byte length prefix.
    pub fn sub_u8(&mut self, what: &str) -> Result<Reader<'a>, Error> {
        let n = self.u8(what)? as usize;
        self.sub(n, what)
    }

    /// A sub-reader over a vector with a two-byte length prefix.
    pub fn sub_u16(&mut self, what: &str) -> Result<Reader<'a>, Error> {
        let n = self.u16(what)? as usize;
        self.sub(n, what)
    }

    /// A sub-reader over a vector with a three-byte length prefix.
    pub fn sub_u24(&mut self, what: &str) -> Result<Reader<'a>, Error> {
        let n = self.u24(what)? as usize;
        self.sub(n, what)
    }

    /// Bytes with a one-byte length prefix.
    pub fn vec_u8(&mut self, what: &str) -> Result<Vec<u8>, Error> {
        Ok(self.sub_u8(what)?.rest().to_vec())
    }

    /// Bytes with a two-byte length prefix.
    pub fn vec_u16(&mut self, what: &str) -> Result<Vec<u8>, Error> {
        Ok(self.sub_u16(what)?.rest().to_vec())
    }

    /// Bytes with a three-byte length prefix.
    pub fn vec_u24(&mut self, what: &str) -> Result<Vec<u8>, Error> {
        Ok(self.sub_u24(what)?.rest().to_vec())
    }

    /// Fail if any byte is left (trailing bytes are a decode error).
    pub fn expect_empty(&self, what: &str) -> Result<(), Error> {
        match self.left() {
            0 => Ok(()),
            n => Err(Error::Decode(
                HsMsg::TrailingBytes {
                    what: what.into(),
                    count: n,
                }
                .into(),
            )),
        }
    }
}

/// Append a big-endian u16.
pub fn put_u16(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_be_bytes());
}

/// Append a big-endian u24 (the top byte of `v` is dropped).
pub fn put_u24(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_be_bytes()[1..]);
}

/// Append `body` written by `f`, prefixed with its length in `width` (1, 2 or 3) bytes.
pub fn put_prefixed(out: &mut Vec<u8>, width: usize, f: impl FnOnce(&mut Vec<u8>)) {
    let at = out.len();
    out.extend(std::iter::repeat_n(0, width));
    f(out);
    let len = out.len() - at - width;
    // The engine never builds a vector longer than its prefix allows (data goes in 16 KiB
    // records); a caller that does has a bug, which debug builds and tests catch here.
    debug_assert!(
        len < 1usize << (8 * width),
        "a {len}-byte body does not fit a {width}-byte length prefix"
    );
    let be = (len as u32).to_be_bytes();
    out[at..at + width].copy_from_slice(&be[4 - width..]);
}

/// Append bytes with a one-byte length prefix.
pub fn put_vec_u8(out: &mut Vec<u8>, v: &[u8]) {
    put_prefixed(out, 1, |o| o.extend_from_slice(v));
}

/// Append bytes with a two-byte length prefix.
pub fn put_vec_u16(out: &mut Vec<u8>, v: &[u8]) {
    put_prefixed(out, 2, |o| o.extend_from_slice(v));
}

/// Append bytes with a three-byte length prefix.
pub fn put_vec_u24(out: &mut Vec<u8>, v: &[u8]) {
    put_prefixed(out, 3, |o| o.extend_from_slice(v));
}

/// A wire struct: one way to write it, one way to read it.
pub trait Codec: Sized {
    /// Append the wire encoding.
    fn encode(&self, out: &mut Vec<u8>);
    /// Read one value; the caller decides whether bytes may follow.
    fn read(r: &mut Reader<'_>) -> Result<Self, Error>;

    /// The wire encoding as a new vector.
    fn to_bytes(&self) -> Vec<u8> {
        let mut v = Vec::new();
        self.encode(&mut v);
        v
    }

    /// Read a value that must fill `bytes` exactly.
    fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
        let mut r = Reader::new(bytes);
        let v = Self::read(&mut r)?;
        r.expect_empty(
            std::any::type_name::<Self>()
                .rsplit("::")
                .next()
                .unwrap_or("value"),
        )?;
        Ok(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixed_vectors_and_truncation() {
        let mut out = Vec::new();
        put_vec_u24(&mut out, &[1, 2, 3]);
        assert_eq!(out, [0, 0, 3, 1, 2, 3]);
        let mut r = Reader::new(&out);
        assert_eq!(r.vec_u24("x").unwrap(), vec![1, 2, 3]);
        r.expect_empty("x").unwrap();
        let mut r = Reader::new(&out[..5]);
        assert!(matches!(r.vec_u24("x"), Err(Error::Decode(_))));
    }
}
