//! CertificateVerify (RFC 8446 §4.4.3): a signature over the transcript hash, prefixed so that
//! it cannot be mistaken for any other signature. The message is TLS 1.2's wire struct
//! ([`CertificateVerify`]: a scheme and a signature); what is signed differs. The scheme here is
//! rsa_pss_rsae_sha256: RSASSA-PSS with SHA-256, MGF1-SHA-256 and a 32-byte salt.

use super::ext::RSA_PSS_RSAE_SHA256;
use super::key_schedule::Sender;
use crate::error::Error;
use crate::msg::{Hex, HsMsg, SigAlg};
use crate::msgs::CertificateVerify;
use rand_chacha::ChaCha20Rng;
use rsa::{Pss, RsaPrivateKey, RsaPublicKey};
use sha2::{Digest, Sha256};

/// The context string of a server's signature.
pub const SERVER_CONTEXT: &[u8] = b"TLS 1.3, server CertificateVerify";
/// The context string of a client's signature.
pub const CLIENT_CONTEXT: &[u8] = b"TLS 1.3, client CertificateVerify";

/// What `sender` signs: 64 spaces, the context string, a zero byte, then the transcript hash
/// (Transcript-Hash(Handshake Context, Certificate)).
///
/// ```text
/// 2020...20 (64 times) || "TLS 1.3, server CertificateVerify" || 00 || transcript_hash
/// ```
pub fn signed_content(sender: Sender, transcript_hash: &[u8]) -> Vec<u8> {
    let context = match sender {
        Sender::Server => SERVER_CONTEXT,
        Sender::Client => CLIENT_CONTEXT,
    };
    let mut c = vec![0x20; 64];
    c.extend_from_slice(context);
    c.push(0);
    c.extend_from_slice(transcript_hash);
    c
}

/// Sign the transcript hash as `sender` with rsa_pss_rsae_sha256. PSS is randomized (the salt
/// and RSA blinding come from `rng`), so one seed gives one signature.
pub fn sign(
    key: &RsaPrivateKey,
    sender: Sender,
    transcript_hash: &[u8],
    rng: &mut ChaCha20Rng,
) -> Result<CertificateVerify, Error> {
    // 1. the content to sign, hashed with the scheme's hash
    let digest = Sha256::digest(signed_content(sender, transcript_hash));
    // 2. RSASSA-PSS, salt as long as the hash (RFC 8446 §4.2.3)
    let signature = key
        .sign_with_rng(rng, Pss::new::<Sha256>(), &digest)
        .map_err(|_| Error::Internal(HsMsg::RsaSignFailed {}.into()))?;
    Ok(CertificateVerify {
        algorithm: RSA_PSS_RSAE_SHA256,
        signature,
    })
}

/// Check `cv`, sent by `sender`, over the transcript hash with the key of its certificate.
pub fn verify(
    key: &RsaPublicKey,
    sender: Sender,
    transcript_hash: &[u8],
    cv: &CertificateVerify,
) -> Result<(), Error> {
    // 1. the scheme must be one this engine offers (RFC 8446 §4.4.3)
    if cv.algorithm != RSA_PSS_RSAE_SHA256 {
        return Err(Error::IllegalParameter(
            HsMsg::CertVerifyNotOffered {
                got: SigAlg(cv.algorithm),
                offered: vec![SigAlg(RSA_PSS_RSAE_SHA256)],
            }
            .into(),
        ));
    }
    // 2. RSASSA-PSS-VERIFY over the hash of the signed content; a failure is decrypt_error
    let digest = Sha256::digest(signed_content(sender, transcript_hash));
    key.verify(Pss::new::<Sha256>(), &digest, &cv.signature)
        .map_err(|_| {
            Error::DecryptError(
                HsMsg::CertVerifyFailed {
                    hash: Hex(transcript_hash.to_vec()),
                }
                .into(),
            )
        })
}
