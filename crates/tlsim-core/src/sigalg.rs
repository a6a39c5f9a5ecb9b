//! The RSA PKCS#1 v1.5 signature schemes a CertificateVerify may use (RFC 5246 §7.4.1.4.1,
//! §7.4.8): the hash named by the scheme over the handshake messages, then RSASSA-PKCS1-v1_5.

use crate::math::HashAlg;
use rsa::{Pkcs1v15Sign, RsaPrivateKey, RsaPublicKey};
use sha2::{Digest, Sha256, Sha384, Sha512};

/// rsa_pkcs1_sha1: hash sha1(2), signature rsa(1). Refused: SHA-1 collisions are practical.
pub const RSA_PKCS1_SHA1: u16 = 0x0201;
/// rsa_pkcs1_sha256: hash sha256(4), signature rsa(1).
pub use crate::msgs::enums::RSA_PKCS1_SHA256;
/// rsa_pkcs1_sha384: hash sha384(5), signature rsa(1).
pub const RSA_PKCS1_SHA384: u16 = 0x0501;
/// rsa_pkcs1_sha512: hash sha512(6), signature rsa(1).
pub const RSA_PKCS1_SHA512: u16 = 0x0601;

/// What this engine accepts in a CertificateVerify, in preference order: the list a server
/// sends in CertificateRequest.supported_signature_algorithms.
pub const ACCEPTED: [u16; 3] = [RSA_PKCS1_SHA256, RSA_PKCS1_SHA384, RSA_PKCS1_SHA512];

/// The hash of `data` under scheme `alg`, the padding scheme that goes with it, and the formula
/// for the transcript; `None` for a scheme outside [`ACCEPTED`].
pub fn digest(alg: u16, data: &[u8]) -> Option<(Vec<u8>, Pkcs1v15Sign, &'static str)> {
    Some(match alg {
        RSA_PKCS1_SHA256 => (
            Sha256::digest(data).to_vec(),
            Pkcs1v15Sign::new::<Sha256>(),
            "SHA-256(handshake_messages)",
        ),
        RSA_PKCS1_SHA384 => (
            Sha384::digest(data).to_vec(),
            Pkcs1v15Sign::new::<Sha384>(),
            "SHA-384(handshake_messages)",
        ),
        RSA_PKCS1_SHA512 => (
            Sha512::digest(data).to_vec(),
            Pkcs1v15Sign::new::<Sha512>(),
            "SHA-512(handshake_messages)",
        ),
        _ => return None,
    })
}

/// The hash of scheme `alg` in the math's terms (its DigestInfo); `None` outside [`ACCEPTED`].
pub fn hash_alg(alg: u16) -> Option<HashAlg> {
    Some(match alg {
        RSA_PKCS1_SHA256 => HashAlg::Sha256,
        RSA_PKCS1_SHA384 => HashAlg::Sha384,
        RSA_PKCS1_SHA512 => HashAlg::Sha512,
        _ => return None,
    })
}

/// Does `signature` over `data` verify under `key` with scheme `alg` (one of [`ACCEPTED`])?
pub fn verify(key: &RsaPublicKey, alg: u16, data: &[u8], signature: &[u8]) -> bool {
    digest(alg, data).is_some_and(|(h, scheme, _)| key.verify(scheme, &h, signature).is_ok())
}

/// Sign `data` with scheme `alg` (one of [`ACCEPTED`]).
pub fn sign(key: &RsaPrivateKey, alg: u16, data: &[u8]) -> Option<Vec<u8>> {
    let (h, scheme, _) = digest(alg, data)?;
    key.sign(scheme, &h).ok()
}

/// The scheme a client signs with: the first of [`ACCEPTED`] the server listed.
pub fn choose(offered: &[u16]) -> Option<u16> {
    ACCEPTED.iter().copied().find(|a| offered.contains(a))
}
