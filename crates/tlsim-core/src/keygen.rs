//! Deterministic key generation for "new keys": the same seed, role and size give the same key,
//! wherever it runs (the page's web worker, the CLI, a test).

use crate::error::Error;
use crate::msg::CertMsg;
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use rsa::RsaPrivateKey;
use sha2::{Digest, Sha256};

/// The smallest key size accepted (for learning only: 512-bit RSA is broken).
pub const MIN_BITS: usize = 512;
/// The largest key size accepted.
pub const MAX_BITS: usize = 4096;

/// An RNG for one purpose: ChaCha20 seeded with SHA-256(seed || "tlsim/" || purpose).
pub fn purpose_rng(seed: &[u8; 32], purpose: &str) -> ChaCha20Rng {
    let mut h = Sha256::new();
    h.update(seed);
    h.update(b"tlsim/");
    h.update(purpose.as_bytes());
    ChaCha20Rng::from_seed(h.finalize().into())
}

/// Generate the RSA key of `role` ("ca", "server", "client", ...) with `bits` bits from `seed`.
pub fn derive_key(seed: &[u8; 32], role: &str, bits: usize) -> Result<RsaPrivateKey, Error> {
    if !(MIN_BITS..=MAX_BITS).contains(&bits) || !bits.is_multiple_of(8) {
        return Err(Error::input(CertMsg::KeySizeOutOfRange {
            input: format!("{role}_key"),
            bits,
            min: MIN_BITS,
            max: MAX_BITS,
        }));
    }
    let mut rng = purpose_rng(seed, &format!("key/{role}/{bits}"));
    RsaPrivateKey::new(&mut rng, bits).map_err(|_| {
        Error::Internal(
            CertMsg::KeyGenFailed {
                input: format!("{role}_key"),
                bits,
            }
            .into(),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_key_and_bad_sizes_refused() {
        // 512-bit keys: small on purpose, for test speed only.
        let a = derive_key(&[7; 32], "server", 512).unwrap();
        let b = derive_key(&[7; 32], "server", 512).unwrap();
        let c = derive_key(&[7; 32], "client", 512).unwrap();
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert!(derive_key(&[7; 32], "server", 256).is_err());
        assert!(derive_key(&[7; 32], "server", 1001).is_err());
    }
}
