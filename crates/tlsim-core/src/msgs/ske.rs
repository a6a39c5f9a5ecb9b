//! ServerKeyExchange for DHE_RSA and ECDHE_RSA, and the client's ECDH public value
//! (RFC 5246 §7.4.3, §7.4.7.2; RFC 8422 §5.4, §5.7).
//!
//! ```text
//! struct { opaque dh_p<1..2^16-1>; opaque dh_g<1..2^16-1>; opaque dh_Ys<1..2^16-1>; } ServerDHParams;
//! struct { ECCurveType curve_type (named_curve = 3); NamedCurve namedcurve; opaque point <1..2^8-1>; } ServerECDHParams;
//! struct {
//!     select (KeyExchangeAlgorithm) {
//!         case dhe_rsa:   ServerDHParams params;
//!         case ecdhe_rsa: ServerECDHParams params;
//!     };
//!     digitally-signed struct { opaque client_random[32]; opaque server_random[32]; params; } signed_params;
//! } ServerKeyExchange;
//! struct { opaque point <1..2^8-1>; } ECPoint;   /* ClientKeyExchange for ECDHE */
//! ```
//! The two parameter forms are told apart by their first byte: 3 (named_curve) for ECDHE, the
//! high byte of dh_p's length (1 for a 2048-bit prime) for DHE; the state machine then checks
//! that the form matches the suite it negotiated.

use crate::codec::{put_u16, put_vec_u16, put_vec_u8, Codec, Reader};
use crate::error::Error;
use crate::kx::group_name;
use crate::msg::{FieldMsg, SigAlg};
use crate::vocab::FieldName;

/// The server's ephemeral parameters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KxParams {
    /// Finite-field DH: prime, generator, the server's public value g^b mod p.
    Dh {
        /// dh_p
        p: Vec<u8>,
        /// dh_g
        g: Vec<u8>,
        /// dh_Ys
        ys: Vec<u8>,
    },
    /// ECDH on a named curve: the server's public point.
    Ec {
        /// NamedCurve (x25519 = 29, secp256r1 = 23)
        group: u16,
        /// The encoded point.
        point: Vec<u8>,
    },
}

impl KxParams {
    /// The params as they are signed and sent.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        match self {
            Self::Dh { p, g, ys } => {
                put_vec_u16(&mut out, p);
                put_vec_u16(&mut out, g);
                put_vec_u16(&mut out, ys);
            }
            Self::Ec { group, point } => {
                out.push(3);
                put_u16(&mut out, *group);
                put_vec_u8(&mut out, point);
            }
        }
        out
    }

    /// The server's public value.
    pub fn public(&self) -> &[u8] {
        match self {
            Self::Dh { ys, .. } => ys,
            Self::Ec { point, .. } => point,
        }
    }
}

/// ServerKeyExchange: the params and the server's signature over both randoms and the params.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerKeyExchange {
    /// The ephemeral parameters.
    pub params: KxParams,
    /// SignatureAndHashAlgorithm.
    pub algorithm: u16,
    /// The signature.
    pub signature: Vec<u8>,
}

impl ServerKeyExchange {
    /// What the signature covers: client_random || server_random || params.
    pub fn signed_data(cr: &[u8; 32], sr: &[u8; 32], params: &KxParams) -> Vec<u8> {
        [&cr[..], &sr[..], &params.to_bytes()].concat()
    }
}

fn read_nonempty_u16(r: &mut Reader<'_>, what: &str) -> Result<Vec<u8>, Error> {
    let v = r.vec_u16(what)?;
    if v.is_empty() {
        return Err(crate::msg::empty(what));
    }
    Ok(v)
}

impl Codec for ServerKeyExchange {
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.params.to_bytes());
        put_u16(out, self.algorithm);
        put_vec_u16(out, &self.signature);
    }

    fn read(r: &mut Reader<'_>) -> Result<Self, Error> {
        let params = if r.peek_u8() == Some(3) {
            r.field(
                FieldName::CurveType,
                |r| r.u8("ServerECDHParams.curve_type"),
                |_| FieldMsg::NamedCurveType {},
            )?;
            let group = r.field(
                FieldName::NamedCurve,
                |r| r.u16("ServerECDHParams.namedcurve"),
                |g| FieldMsg::Group {
                    group: group_name(*g),
                },
            )?;
            let point = r.field(
                FieldName::EcPoint,
                |r| r.vec_u8("ServerECDHParams.point"),
                |p| FieldMsg::EcPoint { len: p.len() },
            )?;
            KxParams::Ec { group, point }
        } else {
            let p = r.field(
                FieldName::DhP,
                |r| read_nonempty_u16(r, "ServerDHParams.dh_p"),
                |p| FieldMsg::DhPrime { bits: p.len() * 8 },
            )?;
            let g = r.field(
                FieldName::DhG,
                |r| read_nonempty_u16(r, "ServerDHParams.dh_g"),
                |g| FieldMsg::DhGenerator { len: g.len() },
            )?;
            let ys = r.field(
                FieldName::DhPublic,
                |r| read_nonempty_u16(r, "ServerDHParams.dh_Ys"),
                |y| FieldMsg::DhPublic { len: y.len() },
            )?;
            KxParams::Dh { p, g, ys }
        };
        let algorithm = r.field(
            FieldName::Algorithm,
            |r| r.u16("ServerKeyExchange.algorithm"),
            |a| FieldMsg::SigAlg { alg: SigAlg(*a) },
        )?;
        let signature = r.field(
            FieldName::Signature,
            |r| r.vec_u16("ServerKeyExchange.signature"),
            |s| FieldMsg::Signature { len: s.len() },
        )?;
        Ok(Self {
            params,
            algorithm,
            signature,
        })
    }
}

/// ClientKeyExchange for ECDHE: the client's public point, with a one-byte length.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EcClientKeyExchange {
    /// The encoded point (x25519: 32 bytes; P-256: 65, uncompressed).
    pub point: Vec<u8>,
}

impl Codec for EcClientKeyExchange {
    fn encode(&self, out: &mut Vec<u8>) {
        put_vec_u8(out, &self.point);
    }

    fn read(r: &mut Reader<'_>) -> Result<Self, Error> {
        let point = r.field(
            FieldName::EcPoint,
            |r| r.vec_u8("ClientECDiffieHellmanPublic.ecdh_Yc"),
            |p| FieldMsg::EcPoint { len: p.len() },
        )?;
        if point.is_empty() {
            return Err(crate::msg::empty("ClientECDiffieHellmanPublic.ecdh_Yc"));
        }
        Ok(Self { point })
    }
}
