//! Loading and generating RSA keys.

use super::builtin::{builtin_pem, BUILTIN_NAMES};
use super::pem::key_from_pem;
use crate::error::Error;
use crate::msg::CertMsg;
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
    let input = what.to_string();
    match src {
        KeySource::Builtin(name) => {
            let pem = builtin_pem(name).ok_or_else(|| {
                Error::input(CertMsg::UnknownBuiltinKey {
                    input,
                    name: name.clone(),
                    known: BUILTIN_NAMES.iter().map(|n| n.to_string()).collect(),
                })
            })?;
            parsed(pem, what)
        }
        KeySource::Generate(bits) => {
            let bits = *bits;
            check_bits(bits, what)?;
            RsaPrivateKey::new(rng, bits)
                .map_err(|_| Error::Internal(CertMsg::KeyGenFailed { input, bits }.into()))
        }
        KeySource::Pem(pem) => {
            let key = parsed(pem, what)?;
            let bits = key.size() * 8;
            if !(MIN_KEY_BITS..=MAX_KEY_BITS).contains(&bits) {
                return Err(Error::input(CertMsg::KeySizeOutOfRange {
                    input,
                    bits,
                    min: MIN_KEY_BITS,
                    max: MAX_KEY_BITS,
                }));
            }
            Ok(key)
        }
    }
}

/// [`key_from_pem`], remembered: parsing a PEM key and precomputing its CRT values costs a few
/// milliseconds in wasm, and a page re-runs the session (and loads its keys) on every edit
/// (issue 11). The same PEM text always gives the same key, so the memo changes no output.
fn parsed(pem: &str, what: &str) -> Result<RsaPrivateKey, Error> {
    use std::cell::RefCell;
    thread_local! {
        static KEYS: RefCell<Vec<(String, RsaPrivateKey)>> = const { RefCell::new(Vec::new()) };
    }
    if let Some(k) = KEYS.with(|m| {
        m.borrow()
            .iter()
            .find(|(p, _)| p == pem)
            .map(|(_, k)| k.clone())
    }) {
        return Ok(k);
    }
    let key = key_from_pem(pem, what)?;
    KEYS.with(|m| {
        let mut m = m.borrow_mut();
        if m.len() >= 8 {
            m.remove(0);
        }
        m.push((pem.to_string(), key.clone()));
    });
    Ok(key)
}

/// Is `bits` a key size this simulator generates? `what` names the input in the message.
pub fn check_bits(bits: usize, what: &str) -> Result<(), Error> {
    let input = what.to_string();
    if bits < MIN_KEY_BITS {
        return Err(Error::input(CertMsg::KeyTooSmall {
            input,
            bits,
            min: MIN_KEY_BITS,
        }));
    }
    if bits > MAX_KEY_BITS {
        return Err(Error::input(CertMsg::KeyTooLarge {
            input,
            bits,
            max: MAX_KEY_BITS,
        }));
    }
    if !bits.is_multiple_of(8) {
        return Err(Error::input(CertMsg::KeyBitsNotByteMultiple {
            input,
            bits,
        }));
    }
    Ok(())
}
