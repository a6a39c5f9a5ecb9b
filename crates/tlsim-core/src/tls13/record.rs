//! TLS 1.3 record protection with AES-128-GCM (RFC 8446 §5.2, §5.3, §5.4).
//!
//! ```text
//! struct {
//!     opaque content[TLSPlaintext.length];
//!     ContentType type;
//!     uint8 zeros[length_of_padding];
//! } TLSInnerPlaintext;
//!
//! struct {
//!     ContentType opaque_type = application_data; /* 23 */
//!     ProtocolVersion legacy_record_version = 0x0303; /* TLS v1.2 */
//!     uint16 length;
//!     opaque encrypted_record[TLSCiphertext.length];
//! } TLSCiphertext;
//!
//! nonce           = [sender]_write_iv XOR (0^4 || uint64 sequence number)
//! additional_data = TLSCiphertext.opaque_type || TLSCiphertext.legacy_record_version ||
//!                   TLSCiphertext.length
//! encrypted_record = AEAD-Encrypt(write_key, nonce, additional_data, TLSInnerPlaintext)
//! ```
//! There is no explicit nonce on the wire: both sides count records, from 0 under each key.

use super::key_schedule::{Sender, TrafficKeys, IV_LEN};
use crate::conn::derived;
use crate::error::Error;
use crate::msg::HsMsg;
use crate::msgs::ContentType;
use crate::transcript::Derived;
use crate::vocab::ValueId;
use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes128Gcm, Nonce};

/// The record header: opaque_type, legacy_record_version, length.
pub const HEADER_LEN: usize = 5;
/// The GCM tag length.
pub const TAG_LEN: usize = 16;
/// The most content (plus padding) one record carries: 2^14.
pub const MAX_PLAINTEXT: usize = 1 << 14;
/// The longest `TLSCiphertext.length` allowed: 2^14 + 256.
pub const MAX_CIPHERTEXT: usize = MAX_PLAINTEXT + 256;
/// `legacy_record_version`
pub const LEGACY_VERSION: u16 = 0x0303;

/// TLSInnerPlaintext: `content || type || padding` zero bytes.
pub fn inner_plaintext(content: &[u8], typ: ContentType, padding: usize) -> Vec<u8> {
    let mut v = Vec::with_capacity(content.len() + 1 + padding);
    v.extend_from_slice(content);
    v.push(typ.get());
    v.resize(content.len() + 1 + padding, 0);
    v
}

/// Split a TLSInnerPlaintext: the last non-zero byte is the type, the zeros after it padding.
/// No non-zero byte at all is `unexpected_message` (RFC 8446 §5.4).
pub fn split_inner(inner: &[u8]) -> Result<(&[u8], ContentType, usize), Error> {
    let Some(at) = inner.iter().rposition(|&b| b != 0) else {
        return Err(Error::UnexpectedMessage(
            HsMsg::Empty {
                what: "TLSInnerPlaintext.type".into(),
            }
            .into(),
        ));
    };
    Ok((
        &inner[..at],
        ContentType::from_value(inner[at]),
        inner.len() - at - 1,
    ))
}

/// The per-record nonce: the 64-bit sequence number, left-padded to 12 bytes, XOR the IV.
pub fn nonce(iv: &[u8; IV_LEN], seq: u64) -> [u8; IV_LEN] {
    let mut n = *iv;
    for (b, s) in n[IV_LEN - 8..].iter_mut().zip(seq.to_be_bytes()) {
        *b ^= s;
    }
    n
}

/// The additional data, which is the record header: `17 03 03 length(2)`.
pub fn additional_data(len: u16) -> [u8; HEADER_LEN] {
    let [hi, lo] = len.to_be_bytes();
    let [v0, v1] = LEGACY_VERSION.to_be_bytes();
    [ContentType::ApplicationData.get(), v0, v1, hi, lo]
}

/// One direction's protection: the sender, key, IV and next sequence number.
#[derive(Clone)]
pub struct RecordCipher {
    sender: Sender,
    aead: Aes128Gcm,
    iv: [u8; IV_LEN],
    seq: u64,
}

impl std::fmt::Debug for RecordCipher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "RecordCipher {{ sender: {:?}, seq: {} }}",
            self.sender, self.seq
        )
    }
}

/// Everything that went into sealing one record, for the transcript.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sealed {
    /// Who sealed it.
    pub sender: Sender,
    /// The sequence number used.
    pub seq: u64,
    /// The write IV.
    pub iv: [u8; IV_LEN],
    /// The nonce.
    pub nonce: [u8; IV_LEN],
    /// The additional data (the header).
    pub aad: [u8; HEADER_LEN],
    /// The TLSInnerPlaintext that was encrypted.
    pub inner: Vec<u8>,
    /// The whole record: header || encrypted_record (ciphertext || tag).
    pub record: Vec<u8>,
}

impl Sealed {
    /// The nonce, additional data, inner plaintext and encrypted record as [`Derived`] entries.
    pub fn derived(&self) -> Vec<Derived> {
        let seq = self.seq.to_be_bytes();
        let iv = self.sender.write_iv();
        let nonce_formula = format!("{iv} XOR (0^4 || seq_num)");
        let key = self.sender.write_key();
        let ct_formula = format!("AEAD-Encrypt({key}, nonce, additional_data, inner_plaintext)");
        vec![
            derived(
                ValueId::InnerPlaintext,
                "content || ContentType || zeros",
                &[],
                &self.inner,
            ),
            derived(
                ValueId::Nonce,
                &nonce_formula,
                &[(iv, &self.iv), (ValueId::SeqNum, &seq)],
                &self.nonce,
            ),
            derived(
                ValueId::AdditionalData,
                "opaque_type || legacy_record_version || length",
                &[],
                &self.aad,
            ),
            derived(
                ValueId::Ciphertext,
                &ct_formula,
                &[
                    (ValueId::Nonce, &self.nonce),
                    (ValueId::AdditionalData, &self.aad),
                    (ValueId::InnerPlaintext, &self.inner),
                ],
                &self.record[HEADER_LEN..],
            ),
        ]
    }
}

/// One record opened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Opened {
    /// The sequence number it was opened with.
    pub seq: u64,
    /// The inner content type.
    pub typ: ContentType,
    /// The content.
    pub content: Vec<u8>,
    /// How many zero bytes of padding followed the type.
    pub padding: usize,
}

impl RecordCipher {
    /// A fresh direction (sequence number 0) for `sender`'s traffic keys.
    pub fn new(sender: Sender, keys: &TrafficKeys) -> Self {
        Self {
            sender,
            aead: Aes128Gcm::new(&keys.key.into()),
            iv: keys.iv,
            seq: 0,
        }
    }

    /// The next sequence number.
    pub fn seq(&self) -> u64 {
        self.seq
    }

    /// Protect `content` of type `typ` with `padding` zero bytes; returns the whole record.
    pub fn seal(
        &mut self,
        typ: ContentType,
        content: &[u8],
        padding: usize,
    ) -> Result<Sealed, Error> {
        // 1. TLSInnerPlaintext, at most 2^14 + 1 bytes (RFC 8446 §5.4)
        if content.len() + padding > MAX_PLAINTEXT {
            return Err(Error::RecordOverflow(
                HsMsg::RecordTooLong {
                    len: content.len() + padding,
                }
                .into(),
            ));
        }
        let inner = inner_plaintext(content, typ, padding);
        // 2. the header is the additional data; its length covers the tag
        let len = inner.len() + TAG_LEN;
        let aad = additional_data(len as u16);
        // 3. the nonce from the IV and the sequence number
        let seq = self.seq;
        let nonce = nonce(&self.iv, seq);
        let ct = self
            .aead
            .encrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: &inner,
                    aad: &aad,
                },
            )
            .map_err(|_| Error::Internal(HsMsg::SealFailed {}.into()))?;
        self.seq = self.seq.wrapping_add(1);
        let mut record = aad.to_vec();
        record.extend_from_slice(&ct);
        Ok(Sealed {
            sender: self.sender,
            seq,
            iv: self.iv,
            nonce,
            aad,
            inner,
            record,
        })
    }

    /// Open one whole record (header || encrypted_record): check the header, decrypt, and
    /// remove the padding.
    pub fn open(&mut self, record: &[u8]) -> Result<Opened, Error> {
        // 1. the header
        if record.len() < HEADER_LEN {
            return Err(Error::Decode(
                HsMsg::Truncated {
                    what: "TLSCiphertext".into(),
                    needed: HEADER_LEN,
                    left: record.len(),
                }
                .into(),
            ));
        }
        let (header, body) = record.split_at(HEADER_LEN);
        if header[0] != ContentType::ApplicationData.get() {
            return Err(Error::UnexpectedMessage(
                HsMsg::BadValue {
                    what: "TLSCiphertext.opaque_type".into(),
                    got: u64::from(header[0]),
                    expected: u64::from(ContentType::ApplicationData.get()),
                }
                .into(),
            ));
        }
        let len = usize::from(u16::from_be_bytes([header[3], header[4]]));
        if len > MAX_CIPHERTEXT {
            return Err(Error::RecordOverflow(HsMsg::RecordTooLong { len }.into()));
        }
        if body.len() < len {
            return Err(Error::Decode(
                HsMsg::Truncated {
                    what: "TLSCiphertext.encrypted_record".into(),
                    needed: len,
                    left: body.len(),
                }
                .into(),
            ));
        }
        if body.len() > len {
            return Err(Error::Decode(
                HsMsg::TrailingBytes {
                    what: "TLSCiphertext".into(),
                    count: body.len() - len,
                }
                .into(),
            ));
        }
        if len < TAG_LEN + 1 {
            return Err(Error::BadRecordMac(
                HsMsg::RecordTooShort {
                    len,
                    min: TAG_LEN + 1,
                }
                .into(),
            ));
        }
        // 2. decrypt with the header as additional data
        let seq = self.seq;
        let nonce = nonce(&self.iv, seq);
        let inner = self
            .aead
            .decrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: body,
                    aad: header,
                },
            )
            .map_err(|_| Error::BadRecordMac(HsMsg::RecordTagMismatch { seq }.into()))?;
        self.seq = self.seq.wrapping_add(1);
        // 3. the inner plaintext: at most 2^14 + 1 bytes, then the type and padding
        if inner.len() > MAX_PLAINTEXT + 1 {
            return Err(Error::RecordOverflow(
                HsMsg::RecordTooLong { len: inner.len() }.into(),
            ));
        }
        let (content, typ, padding) = split_inner(&inner)?;
        Ok(Opened {
            seq,
            typ,
            content: content.to_vec(),
            padding,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hex_literal::hex;

    fn keys() -> TrafficKeys {
        TrafficKeys {
            key: [7; 16],
            iv: hex!("000102030405060708090a0b"),
        }
    }

    #[test]
    fn nonce_xors_the_padded_sequence_number() {
        let iv = hex!("5d313eb2671276ee13000b30");
        assert_eq!(nonce(&iv, 0), iv);
        assert_eq!(nonce(&iv, 1), hex!("5d313eb2671276ee13000b31"));
        assert_eq!(
            nonce(&iv, 0x0102_0304_0506_0708),
            hex!("5d313eb2661075ea16060c38")
        );
    }

    #[test]
    fn inner_plaintext_and_split() {
        let inner = inner_plaintext(b"hi", ContentType::Handshake, 3);
        assert_eq!(inner, [b'h', b'i', 22, 0, 0, 0]);
        let (c, t, p) = split_inner(&inner).unwrap();
        assert_eq!((c, t, p), (&b"hi"[..], ContentType::Handshake, 3));
        assert!(matches!(
            split_inner(&[0, 0, 0]),
            Err(Error::UnexpectedMessage(_))
        ));
        assert!(matches!(split_inner(&[]), Err(Error::UnexpectedMessage(_))));
    }

    #[test]
    fn seal_open_round_trip_with_padding() {
        let mut w = RecordCipher::new(Sender::Client, &keys());
        let mut r = RecordCipher::new(Sender::Client, &keys());
        for (i, pad) in [0usize, 1, 40].into_iter().enumerate() {
            let s = w.seal(ContentType::ApplicationData, b"data", pad).unwrap();
            assert_eq!(s.seq, i as u64);
            assert_eq!(s.record.len(), HEADER_LEN + 4 + 1 + pad + TAG_LEN);
            assert_eq!(&s.record[..HEADER_LEN], &s.aad);
            let o = r.open(&s.record).unwrap();
            assert_eq!(o.content, b"data");
            assert_eq!(o.typ, ContentType::ApplicationData);
            assert_eq!(o.padding, pad);
        }
    }

    #[test]
    fn a_flipped_byte_is_bad_record_mac() {
        let mut w = RecordCipher::new(Sender::Server, &keys());
        let s = w.seal(ContentType::Handshake, b"finished", 0).unwrap();
        for i in 0..s.record.len() {
            let mut bad = s.record.clone();
            bad[i] ^= 0x01;
            let mut r = RecordCipher::new(Sender::Server, &keys());
            let err = r.open(&bad).unwrap_err();
            // the type byte is checked before decryption, the length before too
            match i {
                0 => assert!(matches!(err, Error::UnexpectedMessage(_))),
                3 | 4 => assert!(matches!(err, Error::Decode(_))),
                _ => assert!(matches!(err, Error::BadRecordMac(_)), "byte {i}"),
            }
            assert_eq!(r.seq(), 0, "a failed record does not advance the sequence");
        }
    }

    #[test]
    fn open_rejects_malformed_records() {
        let mut r = RecordCipher::new(Sender::Client, &keys());
        assert!(matches!(r.open(&[23, 3, 3]), Err(Error::Decode(_))));
        assert!(matches!(
            r.open(&[23, 3, 3, 0, 2, 0, 0]),
            Err(Error::BadRecordMac(_))
        ));
        assert!(matches!(
            r.open(&[23, 3, 3, 0x41, 0x01]),
            Err(Error::RecordOverflow(_))
        ));
        assert!(matches!(
            r.open(&[23, 3, 3, 0, 1, 0, 0]),
            Err(Error::Decode(_))
        ));
    }

    #[test]
    fn seal_rejects_over_2_14() {
        let mut w = RecordCipher::new(Sender::Client, &keys());
        let big = vec![0u8; MAX_PLAINTEXT];
        assert!(w.seal(ContentType::ApplicationData, &big, 0).is_ok());
        assert!(matches!(
            w.seal(ContentType::ApplicationData, &big, 1),
            Err(Error::RecordOverflow(_))
        ));
    }

    #[test]
    fn sealed_derived_names_each_value() {
        let mut w = RecordCipher::new(Sender::Server, &keys());
        let s = w.seal(ContentType::Handshake, b"x", 0).unwrap();
        let names: Vec<ValueId> = s.derived().iter().map(|d| d.name).collect();
        assert_eq!(
            names,
            [
                ValueId::InnerPlaintext,
                ValueId::Nonce,
                ValueId::AdditionalData,
                ValueId::Ciphertext
            ]
        );
    }
}
