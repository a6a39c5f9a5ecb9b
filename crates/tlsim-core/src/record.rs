//! AES-128-GCM record protection for TLS 1.2 (RFC 5246 §6.2.3.3, RFC 5288 §3).
//!
//! ```text
//! struct {
//!    opaque nonce_explicit[SecurityParameters.record_iv_length];
//!    aead-ciphered struct {
//!        opaque content[TLSCompressed.length];
//!    };
//! } GenericAEADCipher;
//!
//! nonce           = client_write_IV (4 bytes, implicit) || nonce_explicit (8 bytes)
//! additional_data = seq_num + TLSCompressed.type + TLSCompressed.version + TLSCompressed.length
//! ```
//! The explicit nonce is the 64-bit sequence number (as OpenSSL and most stacks do), so a nonce
//! never repeats under one key. Sequence numbers start at 0 after each ChangeCipherSpec.

use crate::error::Error;
use crate::msg::HsMsg;
use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes128Gcm, Nonce};

/// The length of the explicit nonce carried in each record.
pub const EXPLICIT_NONCE_LEN: usize = 8;
/// The GCM tag length.
pub const TAG_LEN: usize = 16;

/// One direction's protection state: key, implicit IV and sequence number.
#[derive(Clone)]
pub struct RecordCipher {
    aead: Aes128Gcm,
    iv: [u8; 4],
    seq: u64,
}

/// Everything that went into sealing one record, for the transcript.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sealed {
    /// The sequence number used.
    pub seq: u64,
    /// The 12-byte GCM nonce.
    pub nonce: [u8; 12],
    /// The 13-byte additional data.
    pub aad: [u8; 13],
    /// The record fragment: explicit nonce || ciphertext || tag.
    pub fragment: Vec<u8>,
}

impl std::fmt::Debug for RecordCipher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "RecordCipher {{ seq: {} }}", self.seq)
    }
}

/// The 13-byte additional data: seq_num(8) || type(1) || version(2) || plaintext length(2).
pub fn additional_data(seq: u64, typ: u8, version: u16, len: usize) -> [u8; 13] {
    let mut a = [0u8; 13];
    a[..8].copy_from_slice(&seq.to_be_bytes());
    a[8] = typ;
    a[9..11].copy_from_slice(&version.to_be_bytes());
    a[11..13].copy_from_slice(&(len as u16).to_be_bytes());
    a
}

/// AES-128-GCM encryption: ciphertext || 16-byte tag (NIST SP 800-38D).
pub fn gcm_seal(
    key: &[u8; 16],
    nonce: &[u8; 12],
    aad: &[u8],
    plaintext: &[u8],
) -> Result<Vec<u8>, Error> {
    Aes128Gcm::new(key.into())
        .encrypt(
            Nonce::from_slice(nonce),
            Payload {
                msg: plaintext,
                aad,
            },
        )
        .map_err(|_| Error::Internal(HsMsg::SealFailed {}.into()))
}

/// AES-128-GCM decryption of ciphertext || tag; a wrong tag is [`Error::BadRecordMac`].
pub fn gcm_open(
    key: &[u8; 16],
    nonce: &[u8; 12],
    aad: &[u8],
    sealed: &[u8],
) -> Result<Vec<u8>, Error> {
    Aes128Gcm::new(key.into())
        .decrypt(Nonce::from_slice(nonce), Payload { msg: sealed, aad })
        .map_err(|_| Error::BadRecordMac(HsMsg::GcmTagMismatch {}.into()))
}

impl RecordCipher {
    /// A fresh direction with sequence number 0.
    pub fn new(key: &[u8; 16], iv: &[u8; 4]) -> Self {
        Self {
            aead: Aes128Gcm::new(key.into()),
            iv: *iv,
            seq: 0,
        }
    }

    /// The next sequence number.
    pub fn seq(&self) -> u64 {
        self.seq
    }

    fn nonce(&self, explicit: &[u8; 8]) -> [u8; 12] {
        let mut n = [0u8; 12];
        n[..4].copy_from_slice(&self.iv);
        n[4..].copy_from_slice(explicit);
        n
    }

    /// Encrypt one record's content; returns the fragment and how it was made.
    pub fn seal(&mut self, typ: u8, version: u16, plaintext: &[u8]) -> Result<Sealed, Error> {
        let seq = self.seq;
        let explicit = seq.to_be_bytes();
        let nonce = self.nonce(&explicit);
        let aad = additional_data(seq, typ, version, plaintext.len());
        let ct = self
            .aead
            .encrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: plaintext,
                    aad: &aad,
                },
            )
            .map_err(|_| Error::Internal(HsMsg::SealFailed {}.into()))?;
        self.seq = self.seq.wrapping_add(1);
        let mut fragment = explicit.to_vec();
        fragment.extend_from_slice(&ct);
        Ok(Sealed {
            seq,
            nonce,
            aad,
            fragment,
        })
    }

    /// Decrypt one record's fragment (explicit nonce || ciphertext || tag).
    /// Any failure, including a too-short fragment, is [`Error::BadRecordMac`].
    pub fn open(&mut self, typ: u8, version: u16, fragment: &[u8]) -> Result<Vec<u8>, Error> {
        if fragment.len() < EXPLICIT_NONCE_LEN + TAG_LEN {
            return Err(Error::BadRecordMac(
                HsMsg::RecordTooShort {
                    len: fragment.len(),
                    min: EXPLICIT_NONCE_LEN + TAG_LEN,
                }
                .into(),
            ));
        }
        let mut explicit = [0u8; 8];
        explicit.copy_from_slice(&fragment[..8]);
        let nonce = self.nonce(&explicit);
        let ct = &fragment[8..];
        let aad = additional_data(self.seq, typ, version, ct.len() - TAG_LEN);
        let pt = self
            .aead
            .decrypt(Nonce::from_slice(&nonce), Payload { msg: ct, aad: &aad })
            .map_err(|_| Error::BadRecordMac(HsMsg::RecordTagMismatch { seq: self.seq }.into()))?;
        self.seq = self.seq.wrapping_add(1);
        Ok(pt)
    }
}
