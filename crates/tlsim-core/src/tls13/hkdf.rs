//! HKDF for TLS 1.3 with SHA-256 (RFC 5869, RFC 8446 §7.1): HKDF-Extract, HKDF-Expand-Label
//! and Derive-Secret.
//!
//! ```text
//! HKDF-Expand-Label(Secret, Label, Context, Length) =
//!      HKDF-Expand(Secret, HkdfLabel, Length)
//!
//! struct {
//!     uint16 length = Length;
//!     opaque label<7..255> = "tls13 " + Label;
//!     opaque context<0..255> = Context;
//! } HkdfLabel;
//!
//! Derive-Secret(Secret, Label, Messages) =
//!      HKDF-Expand-Label(Secret, Label, Transcript-Hash(Messages), Hash.length)
//! ```

use crate::error::Error;
use crate::msg::HsMsg;
use hkdf::Hkdf;
use sha2::{Digest, Sha256};

/// Hash.length for SHA-256.
pub const HASH_LEN: usize = 32;
/// The prefix of every TLS 1.3 label.
pub const LABEL_PREFIX: &[u8] = b"tls13 ";

/// A secret of Hash.length bytes.
pub type Secret = [u8; HASH_LEN];

/// HKDF-Extract(salt, IKM) = HMAC-Hash(salt, IKM) (RFC 5869 §2.2).
pub fn extract(salt: &[u8], ikm: &[u8]) -> Secret {
    let (prk, _) = Hkdf::<Sha256>::extract(Some(salt), ikm);
    prk.into()
}

/// HMAC-SHA256(key, data) (RFC 2104). HKDF-Extract is exactly this with the salt as the key, so
/// the same code computes both and neither can fail.
pub fn hmac(key: &[u8], data: &[u8]) -> Secret {
    extract(key, data)
}

/// Transcript-Hash(Messages): SHA-256 over the handshake messages, each with its 4-byte header
/// (RFC 8446 §4.4.1).
pub fn transcript_hash(messages: &[u8]) -> Secret {
    Sha256::digest(messages).into()
}

fn too_long(what: &str, len: usize, max: usize) -> Error {
    Error::Internal(
        HsMsg::TooLong {
            what: what.into(),
            len,
            max,
        }
        .into(),
    )
}

/// The encoded `HkdfLabel` for `label` (without the "tls13 " prefix), `context` and `length`.
pub fn hkdf_label(label: &str, context: &[u8], length: usize) -> Result<Vec<u8>, Error> {
    let full = LABEL_PREFIX.len() + label.len();
    if full > 255 {
        return Err(too_long("HkdfLabel.label", full, 255));
    }
    if context.len() > 255 {
        return Err(too_long("HkdfLabel.context", context.len(), 255));
    }
    let len16 = u16::try_from(length)
        .map_err(|_| too_long("HkdfLabel.length", length, usize::from(u16::MAX)))?;
    let mut out = Vec::with_capacity(4 + full + context.len());
    out.extend_from_slice(&len16.to_be_bytes());
    out.push(full as u8);
    out.extend_from_slice(LABEL_PREFIX);
    out.extend_from_slice(label.as_bytes());
    out.push(context.len() as u8);
    out.extend_from_slice(context);
    Ok(out)
}

/// HKDF-Expand-Label(secret, label, context, N).
pub fn expand_label<const N: usize>(
    secret: &Secret,
    label: &str,
    context: &[u8],
) -> Result<[u8; N], Error> {
    let info = hkdf_label(label, context, N)?;
    let mut okm = [0u8; N];
    Hkdf::<Sha256>::from_prk(secret)
        .map_err(|_| too_long("PRK", secret.len(), HASH_LEN))?
        .expand(&info, &mut okm)
        .map_err(|_| too_long("HKDF-Expand length", N, 255 * HASH_LEN))?;
    Ok(okm)
}

/// Derive-Secret(secret, label, Messages), given `Transcript-Hash(Messages)`.
pub fn derive_secret(
    secret: &Secret,
    label: &str,
    transcript_hash: &Secret,
) -> Result<Secret, Error> {
    expand_label(secret, label, transcript_hash)
}

#[cfg(test)]
mod tests {
    use super::*;
    use hex_literal::hex;

    // The `info` strings RFC 8448 §3 prints for the handshake traffic key and IV, and for
    // "derived" over the empty hash.
    #[test]
    fn hkdf_label_key_iv_rfc8448() {
        assert_eq!(
            hkdf_label("key", &[], 16).unwrap(),
            hex!("001009746c733133206b657900")
        );
        assert_eq!(
            hkdf_label("iv", &[], 12).unwrap(),
            hex!("000c08746c73313320697600")
        );
    }

    #[test]
    fn hkdf_label_derived_rfc8448() {
        let empty = transcript_hash(&[]);
        assert_eq!(
            hkdf_label("derived", &empty, 32).unwrap(),
            hex!(
                "00200d746c733133206465726976656420"
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
            )
        );
    }

    #[test]
    fn hkdf_label_field_by_field() {
        let l = hkdf_label("finished", &[0xaa, 0xbb], 32).unwrap();
        assert_eq!(&l[..2], &[0x00, 0x20], "uint16 length");
        assert_eq!(usize::from(l[2]), "tls13 finished".len(), "label length");
        assert_eq!(&l[3..17], b"tls13 finished");
        assert_eq!(l[17], 2, "context length");
        assert_eq!(&l[18..], &[0xaa, 0xbb]);
    }

    #[test]
    fn hkdf_label_limits() {
        assert!(hkdf_label(&"x".repeat(249), &[], 32).is_ok());
        assert!(hkdf_label(&"x".repeat(250), &[], 32).is_err());
        assert!(hkdf_label("key", &[0; 256], 16).is_err());
        assert!(hkdf_label("key", &[], 65536).is_err());
    }

    // RFC 8448 §3: {server} derive secret for handshake "tls13 derived".
    #[test]
    fn derive_secret_derived_rfc8448() {
        let early = hex!("33ad0a1c607ec03b09e6cd9893680ce210adf300aa1f2660e1b22e10f170f92a");
        assert_eq!(
            derive_secret(&early, "derived", &transcript_hash(&[])).unwrap(),
            hex!("6f2615a108c702c5678f54fc9dbab69716c076189c48250cebeac3576c3611ba")
        );
    }

    #[test]
    fn expand_label_too_long_is_an_error() {
        assert!(expand_label::<8161>(&[0; 32], "key", &[]).is_err());
    }
}
