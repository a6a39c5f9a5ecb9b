//! The one codec: a bounds-checked [`Reader`], big-endian writers and length-prefixed vectors.
//!
//! Every wire struct implements [`Codec`]: `encode(&self, &mut Vec<u8>)` and
//! `read(&mut Reader) -> Result<Self, Error>`. Reading never panics: running out of bytes is an
//! [`Error::Decode`] naming what was being read. [`Reader`] positions are absolute offsets into the
//! buffer it was created on (sub-readers share it), so the transcript can name byte ranges.
//!
//! **The codec names what it reads.** A reader made with [`Reader::recording`] writes every field
//! the decoders name ([`Reader::field`], [`Reader::name`]) into a [`Spans`] sink, with its offset,
//! length, meaning and nesting depth (a sub-reader is one level deeper than its parent), so one
//! decode gives both the message and its byte map. A plain [`Reader::new`] records nothing and
//! builds no meaning: the naming closures are never called.

use crate::error::Error;
use crate::msg::{HsMsg, Msg};
use crate::transcript::Field;
use crate::vocab::FieldName;
use std::cell::RefCell;

/// Where a recording [`Reader`] and its sub-readers write the fields they name, in reading order
/// (a vector's own span comes before the spans inside it).
#[derive(Debug, Default)]
pub struct Spans(RefCell<Vec<Field>>);

impl Spans {
    /// An empty sink.
    pub fn new() -> Self {
        Self::default()
    }

    /// The fields recorded so far.
    pub fn into_fields(self) -> Vec<Field> {
        self.0.into_inner()
    }
}

/// A cursor over a byte slice, limited to `[pos, end)`.
#[derive(Clone, Debug)]
pub struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
    end: usize,
    /// The sink when recording, shared by every sub-reader.
    spans: Option<&'a Spans>,
    /// Nesting depth of the fields this reader names (0 for a reader over a whole buffer).
    depth: u8,
}

impl<'a> Reader<'a> {
    /// A reader over all of `buf`.
    pub fn new(buf: &'a [u8]) -> Self {
        Self {
            buf,
            pos: 0,
            end: buf.len(),
            spans: None,
            depth: 0,
        }
    }

    /// A reader over all of `buf` that records the fields the decoders name into `spans`.
    pub fn recording(buf: &'a [u8], spans: &'a Spans) -> Self {
        Self {
            spans: Some(spans),
            ..Self::new(buf)
        }
    }

    /// Name the bytes from `start` to the current position as field `name`, at this reader's
    /// depth. `meaning` is called only when recording.
    pub fn name<M: Into<Msg>>(&self, name: FieldName, start: usize, meaning: impl FnOnce() -> M) {
        if let Some(spans) = self.spans {
            spans.0.borrow_mut().push(Field {
                name,
                offset: start,
                len: self.pos - start,
                meaning: meaning().into(),
                depth: self.depth,
            });
        }
    }

    /// Read a value with `read` and name the bytes it took as field `name`; `meaning` (called
    /// only when recording) says what the value means.
    pub fn field<T, M: Into<Msg>>(
        &mut self,
        name: FieldName,
        read: impl FnOnce(&mut Self) -> Result<T, Error>,
        meaning: impl FnOnce(&T) -> M,
    ) -> Result<T, Error> {
        let start = self.pos;
        let v = read(self)?;
        self.name(name, start, || meaning(&v));
        Ok(v)
    }

    /// Read a value with `read` and name its bytes as field `name` before the fields `read`
    /// names inside it, one level deeper: for a struct with no length prefix of its own, or one
    /// whose meaning needs its parsed body. When recording, `read` first runs on a copy that
    /// records nothing, to learn the span and the value (on failure the recording run still
    /// names what it read before the error).
    pub fn group<T, M: Into<Msg>>(
        &mut self,
        name: FieldName,
        read: impl Fn(&mut Self) -> Result<T, Error>,
        meaning: impl FnOnce(&T) -> M,
    ) -> Result<T, Error> {
        let Some(spans) = self.spans else {
            return read(self);
        };
        let start = self.pos;
        let mut quiet = Reader {
            spans: None,
            ..self.clone()
        };
        let v = match read(&mut quiet) {
            Ok(v) => v,
            Err(_) => return read(self),
        };
        let len = quiet.pos - start;
        spans.0.borrow_mut().push(Field {
            name,
            offset: start,
            len,
            meaning: meaning(&v).into(),
            depth: self.depth,
        });
        let mut inner = self.sub(len, "group")?;
        read(&mut inner)?;
        Ok(v)
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

    /// The next two bytes as a big-endian number, not taken.
    pub fn peek_u16(&self) -> Option<u16> {
        (self.pos + 2 <= self.end)
            .then(|| u16::from_be_bytes([self.buf[self.pos], self.buf[self.pos + 1]]))
    }

    /// The next byte, not taken.
    pub fn peek_u8(&self) -> Option<u8> {
        (self.pos < self.end).then(|| self.buf[self.pos])
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

    /// A sub-reader over the next `n` bytes (offsets stay absolute; it records into the same
    /// sink, one level deeper).
    pub fn sub(&mut self, n: usize, what: &str) -> Result<Reader<'a>, Error> {
        let start = self.pos;
        self.take(n, what)?;
        Ok(Reader {
            buf: self.buf,
            pos: start,
            end: start + n,
            spans: self.spans,
            depth: self.depth.saturating_add(1),
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

    #[test]
    fn a_plain_reader_names_nothing_and_builds_no_meaning() {
        let mut r = Reader::new(&[0, 2, 7, 8]);
        let mut sub = r.sub_u16("x").unwrap();
        let v = sub
            .field(
                FieldName::CipherSuite,
                |s| s.u16("y"),
                |_| -> Msg { unreachable!("not recording") },
            )
            .unwrap();
        assert_eq!(v, 0x0708);
        r.name(FieldName::CipherSuites, 0, || -> Msg {
            unreachable!("not recording")
        });
    }

    #[test]
    fn sub_readers_record_into_the_same_sink_one_level_deeper() {
        use crate::msg::FieldMsg;
        let spans = Spans::new();
        let buf = [9, 0, 2, 7, 8];
        let mut r = Reader::recording(&buf, &spans);
        r.field(
            FieldName::Type,
            |r| r.u8("t"),
            |&value| FieldMsg::CompressionMethod { value },
        )
        .unwrap();
        let start = r.pos();
        let mut list = r.sub_u16("list").unwrap();
        r.name(FieldName::CipherSuites, start, || FieldMsg::CipherSuites {
            count: 1,
        });
        list.field(
            FieldName::CipherSuite,
            |l| l.u16("suite"),
            |_| FieldMsg::Tag {},
        )
        .unwrap();
        let got: Vec<_> = spans
            .into_fields()
            .into_iter()
            .map(|f| (f.name, f.offset, f.len, f.depth))
            .collect();
        assert_eq!(
            got,
            [
                (FieldName::Type, 0, 1, 0),
                (FieldName::CipherSuites, 1, 4, 0),
                (FieldName::CipherSuite, 3, 2, 1),
            ]
        );
    }
}
