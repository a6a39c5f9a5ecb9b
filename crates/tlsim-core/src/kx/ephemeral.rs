//! One side's ephemeral key pair for DHE or ECDHE: drawn from the session's seeded RNG (or given
//! by the learner as hex), its public value, and the agreement with the peer's public value,
//! each with the derived values the transcript shows.

use super::{ecdh, ffdhe, Group, KxAlg};
use crate::conn::derived;
use crate::error::Error;
use crate::msg::{HsMsg, Msg};
use crate::transcript::Derived;
use crate::vocab::ValueId;
use rand_core::RngCore;

/// A finite-field group as the server sends it: prime p and generator g.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DhGroup {
    /// The prime, big-endian.
    pub p: Vec<u8>,
    /// The generator, big-endian.
    pub g: Vec<u8>,
}

impl DhGroup {
    /// RFC 7919's ffdhe2048.
    pub fn ffdhe2048() -> Self {
        Self {
            p: ffdhe::ffdhe2048_p(),
            g: ffdhe::FFDHE2048_G.to_vec(),
        }
    }

    /// RFC 2409's 1024-bit Oakley group 2: too small (the weak-prime failure).
    pub fn oakley2() -> Self {
        Self {
            p: hex::decode(ffdhe::OAKLEY2_P_HEX).unwrap_or_default(),
            g: vec![2],
        }
    }
}

/// Where an ephemeral key lives: a named curve, or a finite-field group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Params {
    /// x25519.
    X25519,
    /// secp256r1.
    Secp256r1,
    /// p and g (ffdhe2048, or whatever a server sent).
    Dh(DhGroup),
}

impl Params {
    /// The named group these parameters are (`None`: a DH prime that is not ffdhe2048).
    pub fn group(&self) -> Option<Group> {
        match self {
            Self::X25519 => Some(Group::X25519),
            Self::Secp256r1 => Some(Group::Secp256r1),
            Self::Dh(g) if *g == DhGroup::ffdhe2048() => Some(Group::Ffdhe2048),
            Self::Dh(_) => None,
        }
    }

    /// The key exchange these parameters belong to: DHE or ECDHE.
    pub fn kx(&self) -> KxAlg {
        match self {
            Self::Dh(_) => KxAlg::Dhe,
            _ => KxAlg::Ecdhe,
        }
    }

    /// The group's name as the transcript shows it: `x25519 (0x001d)`, or for a prime that is
    /// not ffdhe2048 its size, `1024-bit p`.
    pub fn name(&self) -> String {
        match (self.group(), self) {
            (Some(g), _) => super::group_name(g.id()),
            (None, Self::Dh(g)) => {
                let bits = rsa::BigUint::from_bytes_be(&g.p).bits();
                format!("{bits}-bit p")
            }
            (None, _) => String::new(),
        }
    }

    /// A named group's parameters.
    pub fn of(group: Group) -> Self {
        match group {
            Group::X25519 => Self::X25519,
            Group::Secp256r1 => Self::Secp256r1,
            Group::Ffdhe2048 => Self::Dh(DhGroup::ffdhe2048()),
        }
    }
}

/// One side's ephemeral key pair.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ephemeral {
    /// Its group.
    pub params: Params,
    /// The secret: a 32-byte scalar or exponent.
    pub secret: Vec<u8>,
    /// The public value sent to the peer (x25519: u-coordinate; P-256: 04 || x || y; DH: g^x mod
    /// p, as long as p).
    pub public: Vec<u8>,
}

/// Which side: the names of its values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// The client (a).
    Client,
    /// The server (b).
    Server,
}

impl Side {
    fn ids(self) -> (ValueId, ValueId) {
        match self {
            Self::Client => (
                ValueId::ClientEphemeralSecret,
                ValueId::ClientEphemeralPublic,
            ),
            Self::Server => (
                ValueId::ServerEphemeralSecret,
                ValueId::ServerEphemeralPublic,
            ),
        }
    }
    fn letter(self) -> &'static str {
        match self {
            Self::Client => "a",
            Self::Server => "b",
        }
    }
}

impl Ephemeral {
    /// A fresh key pair from `rng`, or from `fixed` (the learner's hex) when given.
    pub fn new(
        params: Params,
        fixed: Option<&[u8]>,
        rng: &mut impl RngCore,
    ) -> Result<Self, Error> {
        let secret = match fixed {
            Some(s) => {
                if s.len() != 32 {
                    return Err(Error::input(HsMsg::EphemeralSecretLength { len: s.len() }));
                }
                s.to_vec()
            }
            None => loop {
                let mut s = [0u8; 32];
                rng.fill_bytes(&mut s);
                // P-256 scalars must lie in 1..n-1: redraw the (astronomically rare) others.
                if params != Params::Secp256r1 || ecdh::p256_public(&s).is_ok() {
                    break s.to_vec();
                }
            },
        };
        let arr: [u8; 32] = secret.as_slice().try_into().unwrap_or([0; 32]);
        let public = match &params {
            Params::X25519 => ecdh::x25519_public(&arr).to_vec(),
            Params::Secp256r1 => ecdh::p256_public(&arr)?,
            Params::Dh(g) => ffdhe::public(&g.p, &g.g, &secret),
        };
        Ok(Self {
            params,
            secret,
            public,
        })
    }

    /// The shared secret with the peer's public value (the pre-master secret), after the checks
    /// that value must pass.
    pub fn agree(&self, peer: &[u8]) -> Result<Vec<u8>, Error> {
        let arr: [u8; 32] = self.secret.as_slice().try_into().unwrap_or([0; 32]);
        Ok(match &self.params {
            Params::X25519 => ecdh::x25519_shared(&arr, peer)?.to_vec(),
            Params::Secp256r1 => ecdh::p256_shared(&arr, peer)?.to_vec(),
            Params::Dh(g) => {
                ffdhe::check_public(&g.p, peer)?;
                ffdhe::shared(&g.p, peer, &self.secret)
            }
        })
    }

    /// The secret and public value as the transcript shows them.
    pub fn derived(&self, side: Side, aside: Msg) -> Vec<Derived> {
        let (sid, pid) = side.ids();
        let x = side.letter();
        let mut out = Vec::new();
        if let Params::Dh(g) = &self.params {
            out.push(derived(ValueId::DhPrime, "", &[], &g.p).aside(HsMsg::DhPrimeAside {}));
            out.push(derived(ValueId::DhGenerator, "", &[], &g.g));
        }
        out.push(derived(sid, "", &[], &self.secret).aside(aside));
        let formula = match &self.params {
            Params::X25519 => format!("X25519({x}, 9)"),
            Params::Secp256r1 => format!("{x} · G (P-256, uncompressed 04 || x || y)"),
            Params::Dh(_) => format!("g^{x} mod p"),
        };
        let mut inputs: Vec<(ValueId, &[u8])> = vec![(sid, &self.secret)];
        if let Params::Dh(g) = &self.params {
            inputs.push((ValueId::DhGenerator, &g.g));
            inputs.push((ValueId::DhPrime, &g.p));
        }
        out.push(derived(pid, &formula, &inputs, &self.public));
        out
    }

    /// The shared secret as the transcript shows it: both sides' formulas give this value.
    pub fn shared_derived(&self, side: Side, peer: &[u8], shared: &[u8]) -> Derived {
        let (sid, _) = side.ids();
        let (peer_id, x, y) = match side {
            Side::Client => (ValueId::ServerEphemeralPublic, "a", "b"),
            Side::Server => (ValueId::ClientEphemeralPublic, "b", "a"),
        };
        let formula = match &self.params {
            Params::X25519 => format!("X25519({x}, X25519({y}, 9))"),
            Params::Secp256r1 => format!("x-coordinate of {x} · ({y} · G)"),
            Params::Dh(_) => format!("(g^{y})^{x} mod p = g^(ab) mod p, leading zeros removed"),
        };
        derived(
            ValueId::PreMasterSecret,
            &formula,
            &[(sid, &self.secret), (peer_id, peer)],
            shared,
        )
        .aside(HsMsg::SharedSecretAside {})
    }
}
