//! Finite-field Diffie-Hellman over the RFC 7919 group ffdhe2048 (Appendix A.1): a 2048-bit safe
//! prime p and the generator g = 2. The arithmetic is `rsa`'s big integers (num-bigint-dig).

use crate::error::Error;
use crate::msg::{Hex, HsMsg};
use rsa::BigUint;

/// ffdhe2048's prime p, RFC 7919 Appendix A.1, as printed there.
pub const FFDHE2048_P_HEX: &str = concat!(
    "FFFFFFFFFFFFFFFFADF85458A2BB4A9AAFDC5620273D3CF1",
    "D8B9C583CE2D3695A9E13641146433FBCC939DCE249B3EF9",
    "7D2FE363630C75D8F681B202AEC4617AD3DF1ED5D5FD6561",
    "2433F51F5F066ED0856365553DED1AF3B557135E7F57C935",
    "984F0C70E0E68B77E2A689DAF3EFE8721DF158A136ADE735",
    "30ACCA4F483A797ABC0AB182B324FB61D108A94BB2C8E3FB",
    "B96ADAB760D7F4681D4F42A3DE394DF4AE56EDE76372BB19",
    "0B07A7C8EE0A6D709E02FCE1CDF7E2ECC03404CD28342F61",
    "9172FE9CE98583FF8E4F1232EEF28183C3FE3B1B4C6FAD73",
    "3BB5FCBC2EC22005C58EF1837D1683B2C6F34A26C1B2EFFA",
    "886B423861285C97FFFFFFFFFFFFFFFF",
);

/// The 1024-bit MODP prime of RFC 2409 §6.2 (Oakley group 2), g = 2: what servers used before
/// Logjam (2015). Only to show a client refusing a weak group (insufficient_security).
pub const OAKLEY2_P_HEX: &str = concat!(
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22",
    "514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6",
    "F44C42E9A637ED6B0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE65381",
    "FFFFFFFFFFFFFFFF",
);

/// The smallest prime this engine accepts from a server (RFC 7919 §1, and what browsers did
/// after Logjam, 2015).
pub const MIN_PRIME_BITS: usize = 2048;

/// ffdhe2048's p, big-endian bytes.
pub fn ffdhe2048_p() -> Vec<u8> {
    hex::decode(FFDHE2048_P_HEX).unwrap_or_default()
}

/// ffdhe2048's generator, 2.
pub const FFDHE2048_G: [u8; 1] = [2];

/// g^x mod p, big-endian, as long as p (left-padded with zeros).
pub fn public(p: &[u8], g: &[u8], x: &[u8]) -> Vec<u8> {
    let p_n = BigUint::from_bytes_be(p);
    let y = BigUint::from_bytes_be(g).modpow(&BigUint::from_bytes_be(x), &p_n);
    pad(&y.to_bytes_be(), p.len())
}

/// Check the peer's public value y: 1 < y < p-1 (RFC 7919 §5.1: 0, 1 and p-1 give away the
/// shared secret).
pub fn check_public(p: &[u8], y: &[u8]) -> Result<(), Error> {
    let p_n = BigUint::from_bytes_be(p);
    let y_n = BigUint::from_bytes_be(y);
    let one = BigUint::from(1u8);
    if y_n <= one || y_n >= &p_n - &one {
        return Err(Error::IllegalParameter(
            HsMsg::DhPublicInvalid {
                value: Hex(y.to_vec()),
            }
            .into(),
        ));
    }
    Ok(())
}

/// Check a server's group: p of at least [`MIN_PRIME_BITS`] (insufficient_security, RFC 7919 §4),
/// and a generator 1 < g < p-1.
pub fn check_group(p: &[u8], g: &[u8]) -> Result<(), Error> {
    let p_n = BigUint::from_bytes_be(p);
    let bits = p_n.bits();
    if bits < MIN_PRIME_BITS {
        return Err(Error::InsufficientSecurity(
            HsMsg::DhPrimeTooSmall {
                bits,
                min: MIN_PRIME_BITS,
            }
            .into(),
        ));
    }
    let g_n = BigUint::from_bytes_be(g);
    if g_n <= BigUint::from(1u8) || g_n >= &p_n - BigUint::from(1u8) {
        return Err(Error::IllegalParameter(
            HsMsg::DhPublicInvalid {
                value: Hex(g.to_vec()),
            }
            .into(),
        ));
    }
    Ok(())
}

/// The shared secret y^x mod p with leading zero bytes stripped (RFC 5246 §8.1.2).
pub fn shared(p: &[u8], y: &[u8], x: &[u8]) -> Vec<u8> {
    let z =
        BigUint::from_bytes_be(y).modpow(&BigUint::from_bytes_be(x), &BigUint::from_bytes_be(p));
    z.to_bytes_be()
}

fn pad(v: &[u8], len: usize) -> Vec<u8> {
    let mut out = vec![0u8; len.saturating_sub(v.len())];
    out.extend_from_slice(v);
    out
}
