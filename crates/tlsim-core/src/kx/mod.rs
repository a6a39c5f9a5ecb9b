//! Key exchange: how the two sides come to share a pre-master secret (RFC 5246 §7.4.3, §7.4.7;
//! RFC 8422 for ECDHE; RFC 7919 for the finite-field groups).
//!
//! - RSA: the client picks the pre-master and encrypts it to the server's certificate key. Whoever
//!   gets that key later (a leak, a subpoena) decrypts every recorded session: no forward secrecy.
//! - DHE and ECDHE: each side draws an ephemeral secret, sends only its public value (the server's
//!   signed with its certificate key), and both compute the same shared secret. The ephemeral
//!   secrets are thrown away after the handshake, so a later leak of the certificate key reveals
//!   nothing about the recorded sessions: forward secrecy.

pub mod ecdh;
pub mod ephemeral;
pub mod ffdhe;
pub mod signed;

pub use ephemeral::{DhGroup, Ephemeral};

use crate::msgs::CipherSuite;

/// How a suite exchanges its pre-master secret.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KxAlg {
    /// RSA key transport: the pre-master encrypted to the server's key.
    Rsa,
    /// Ephemeral finite-field Diffie-Hellman, signed with RSA.
    Dhe,
    /// Ephemeral elliptic-curve Diffie-Hellman, signed with RSA.
    Ecdhe,
}

impl KxAlg {
    /// The key exchange of a suite this engine implements.
    pub fn of(suite: CipherSuite) -> Option<Self> {
        match suite.get() {
            0x009c => Some(Self::Rsa),
            0x009e => Some(Self::Dhe),
            0xc02f => Some(Self::Ecdhe),
            _ => None,
        }
    }

    /// The AES-128-GCM-SHA256 suite with this key exchange.
    pub fn suite(self) -> u16 {
        match self {
            Self::Rsa => 0x009c,
            Self::Dhe => 0x009e,
            Self::Ecdhe => 0xc02f,
        }
    }

    /// Does the server send ServerKeyExchange (an ephemeral key exchange)?
    pub fn is_ephemeral(self) -> bool {
        !matches!(self, Self::Rsa)
    }

    /// `rsa`, `dhe`, `ecdhe`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Rsa => "rsa",
            Self::Dhe => "dhe",
            Self::Ecdhe => "ecdhe",
        }
    }

    /// From [`KxAlg::name`].
    pub fn from_name(s: &str) -> Option<Self> {
        [Self::Rsa, Self::Dhe, Self::Ecdhe]
            .into_iter()
            .find(|k| k.name() == s)
    }
}

/// The groups this engine implements (IANA TLS Supported Groups).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Group {
    /// x25519 (29), RFC 7748.
    X25519,
    /// secp256r1 (23), NIST P-256.
    Secp256r1,
    /// ffdhe2048 (256), RFC 7919.
    Ffdhe2048,
}

impl Group {
    /// Every group, in this engine's preference order for ECDHE then DHE.
    pub const ALL: [Group; 3] = [Self::X25519, Self::Secp256r1, Self::Ffdhe2048];

    /// The NamedGroup value.
    pub fn id(self) -> u16 {
        match self {
            Self::X25519 => 0x001d,
            Self::Secp256r1 => 0x0017,
            Self::Ffdhe2048 => 0x0100,
        }
    }

    /// From the NamedGroup value.
    pub fn from_id(v: u16) -> Option<Self> {
        Self::ALL.into_iter().find(|g| g.id() == v)
    }

    /// An elliptic curve (ECDHE) rather than a finite field (DHE)?
    pub fn is_ec(self) -> bool {
        !matches!(self, Self::Ffdhe2048)
    }

    /// `x25519`, `secp256r1`, `ffdhe2048`.
    pub fn name(self) -> &'static str {
        match self {
            Self::X25519 => "x25519",
            Self::Secp256r1 => "secp256r1",
            Self::Ffdhe2048 => "ffdhe2048",
        }
    }

    /// From [`Group::name`] (also `p256`, `p-256`).
    pub fn from_name(s: &str) -> Option<Self> {
        match s.to_ascii_lowercase().as_str() {
            "p256" | "p-256" | "prime256v1" => Some(Self::Secp256r1),
            s => Self::ALL.into_iter().find(|g| g.name() == s),
        }
    }
}

/// The name of a NamedGroup value, e.g. `x25519 (0x001d)`.
pub fn group_name(v: u16) -> String {
    let name = match v {
        0x0017 => "secp256r1",
        0x0018 => "secp384r1",
        0x0019 => "secp521r1",
        0x001d => "x25519",
        0x001e => "x448",
        0x0100 => "ffdhe2048",
        0x0101 => "ffdhe3072",
        0x0102 => "ffdhe4096",
        _ => "unknown",
    };
    format!("{name} (0x{v:04x})")
}

/// Is this NamedGroup value a finite-field group (RFC 7919: 0x0100..=0x01ff)?
pub fn is_ffdhe(v: u16) -> bool {
    (0x0100..=0x01ff).contains(&v)
}

/// The server's group for `kx`, in the server's order (`ours`), given the client's
/// supported_groups (`None` when it sent none).
///
/// - ECDHE: a curve both list (RFC 8422 §5.1); without the extension the server may take any
///   curve, so its first.
/// - DHE: a client that lists finite-field groups must get one of them (RFC 7919 §4), else the
///   suite is not chosen; a client that lists none (an older client) gets the server's first.
pub fn choose_group(kx: KxAlg, theirs: Option<&[u16]>, ours: &[Group]) -> Option<Group> {
    let want_ec = match kx {
        KxAlg::Rsa => return None,
        KxAlg::Ecdhe => true,
        KxAlg::Dhe => false,
    };
    let mut candidates = ours.iter().copied().filter(|g| g.is_ec() == want_ec);
    match theirs {
        Some(t) if want_ec || t.iter().any(|v| is_ffdhe(*v)) => {
            candidates.find(|g| t.contains(&g.id()))
        }
        _ => candidates.next(),
    }
}
