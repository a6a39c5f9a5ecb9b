//! Elliptic-curve Diffie-Hellman on x25519 (RFC 7748, `x25519-dalek`) and secp256r1 (NIST P-256,
//! `p256`): public values from secret scalars, and the shared x-coordinate, with the checks a
//! peer's value must pass.

use crate::error::Error;
use crate::msg::{Hex, HsMsg};
use p256::elliptic_curve::sec1::ToEncodedPoint;

/// x25519: the public u-coordinate of the 32-byte secret (clamped as RFC 7748 §5 says).
pub fn x25519_public(secret: &[u8; 32]) -> [u8; 32] {
    let s = x25519_dalek::StaticSecret::from(*secret);
    *x25519_dalek::PublicKey::from(&s).as_bytes()
}

/// x25519: the shared secret; all zeros (a low-order peer value) is refused, as RFC 7748 §6.1
/// and RFC 8422 §5.11 say.
pub fn x25519_shared(secret: &[u8; 32], peer: &[u8]) -> Result<[u8; 32], Error> {
    let peer: [u8; 32] = peer.try_into().map_err(|_| {
        Error::IllegalParameter(
            HsMsg::EcPointLength {
                len: peer.len(),
                want: 32,
            }
            .into(),
        )
    })?;
    let s = x25519_dalek::StaticSecret::from(*secret);
    let z = *s
        .diffie_hellman(&x25519_dalek::PublicKey::from(peer))
        .as_bytes();
    if z == [0u8; 32] {
        return Err(Error::IllegalParameter(
            HsMsg::X25519AllZero {
                peer: Hex(peer.to_vec()),
            }
            .into(),
        ));
    }
    Ok(z)
}

/// P-256: the 32-byte secret as a scalar (it must be in 1..n-1).
fn p256_scalar(secret: &[u8; 32]) -> Result<p256::NonZeroScalar, Error> {
    Option::from(p256::NonZeroScalar::from_repr((*secret).into())).ok_or_else(|| {
        Error::input(HsMsg::EcScalarOutOfRange {
            value: Hex(secret.to_vec()),
        })
    })
}

/// P-256: the public point Q = d·G, uncompressed (04 || x || y).
pub fn p256_public(secret: &[u8; 32]) -> Result<Vec<u8>, Error> {
    let d = p256_scalar(secret)?;
    let q = p256::PublicKey::from_secret_scalar(&d);
    Ok(q.to_encoded_point(false).as_bytes().to_vec())
}

/// P-256: the peer's point must be uncompressed and on the curve (RFC 8422 §5.11); the shared
/// secret is the x-coordinate of d·Q.
pub fn p256_shared(secret: &[u8; 32], peer: &[u8]) -> Result<[u8; 32], Error> {
    if peer.len() != 65 || peer[0] != 4 {
        return Err(Error::IllegalParameter(
            HsMsg::EcPointLength {
                len: peer.len(),
                want: 65,
            }
            .into(),
        ));
    }
    let q = p256::PublicKey::from_sec1_bytes(peer).map_err(|_| {
        Error::IllegalParameter(
            HsMsg::EcPointNotOnCurve {
                point: Hex(peer.to_vec()),
            }
            .into(),
        )
    })?;
    let d = p256_scalar(secret)?;
    let z = p256::ecdh::diffie_hellman(d, q.as_affine());
    let mut out = [0u8; 32];
    out.copy_from_slice(z.raw_secret_bytes());
    Ok(out)
}
