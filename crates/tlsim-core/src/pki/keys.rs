//! Loading and generating RSA keys.

use super::builtin::{builtin_pem, BUILTIN_NAMES};
use super::pem::key_from_pem;
use crate::error::Error;
use crate::scenario::KeySource;
use rand_core::CryptoRngCore;
use rsa::traits::PublicKeyParts;
use rsa::RsaPrivateKey;

/// The smallest key size accepted (bits). 512-bit keys are for fast tests and demos only.
pub const MIN_KEY_BITS: usize = 512;
/// The largest key size accepted (bits).
pub const MAX_KEY_BITS: usize = 4096;

/// Load or generate the key `src` describes. `what` names the input for error messages
/// (e.g. "server_key"). Generation draws from `rng` (deterministic for a seeded RNG).
/// Keys under 512 bits or over 4096 (or not a multiple of 8 bits) are an [`Error::InvalidInput`].
pub fn load_key(
    src: &KeySource,
    rng: &mut impl CryptoRngCore,
    what: &str,
) -> Result<RsaPrivateKey, Error> {
    match src {
        KeySource::Builtin(name) => {
            let pem = builtin_pem(name).ok_or_else(|| {
                Error::input(
                    what,
                    format!(
                        "unknown builtin key {name:?} (known: {})",
                        BUILTIN_NAMES.join(", ")
                    ),
                )
            })?;
            key_from_pem(pem, what)
        }
        KeySource::Generate(bits) => {
            check_bits(*bits, what)?;
            RsaPrivateKey::new(rng, *bits).map_err(|e| {
                Error::Internal(format!("{what}: RSA-{bits} key generation failed: {e}"))
            })
        }
        KeySource::Pem(pem) => {
            let key = key_from_pem(pem, what)?;
            let bits = key.size() * 8;
            if !(MIN_KEY_BITS..=MAX_KEY_BITS).contains(&bits) {
                return Err(Error::input(
                    what,
                    format!("a {bits}-bit key; this simulator takes {MIN_KEY_BITS} to {MAX_KEY_BITS} bits"),
                ));
            }
            Ok(key)
        }
    }
}

fn check_bits(bits: usize, what: &str) -> Result<(), Error> {
    if bits < MIN_KEY_BITS {
        return Err(Error::input(
            what,
            format!("{bits}-bit key is too small (minimum {MIN_KEY_BITS})"),
        ));
    }
    if bits > MAX_KEY_BITS {
        return Err(Error::input(
            what,
            format!("{bits}-bit key is too large (maximum {MAX_KEY_BITS})"),
        ));
    }
    if !bits.is_multiple_of(8) {
        return Err(Error::input(
            what,
            format!("{bits}-bit key: the size must be a multiple of 8"),
        ));
    }
    Ok(())
}
