//! The "generated keys" part of a shareable link ([`KeyGenSpec`]) and the key-generation job
//! the page sends its engine worker ([`KeygenRequest`], answered with [`GeneratedKey`]s; see
//! `engine_protocol.rs` for the messages and `engine::spawn_keygen` for the page's side).
//!
//! This module is plain data (serde + hex): the worker binary (`src/bin/engine_worker.rs`)
//! includes it by path so the worker stays free of Yew, and the page uses it through
//! `tlsim_web::keygen_protocol`.
//!
//! ## How it is used
//!
//! The URL carries a [`KeyGenSpec`] (key seed + bits per role), never PEMs. On load, or when the
//! learner clicks "new keys":
//!
//! 1. `let spec = KeyGenSpec::new(key_seed, vec![(KeyRole::Server, 2048)]);`
//! 2. `engine::spawn_keygen(engine::ENGINE_WORKER_URL, spec.request(), on_progress, on_done)`;
//! 3. in `on_done(Ok(keys))`: `spec.apply(&mut scenario, &keys)` puts `KeySource::Pem(..)` into the
//!    scenario, and the session runs again. The URL keeps `spec` (see `url::UrlState::keygen`).

use serde::{Deserialize, Serialize};
use tlsim_core::{KeySource, Scenario};

/// Which key of the scenario a generated key replaces.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyRole {
    /// The CA's signing key (`Scenario::ca_key`).
    Ca,
    /// The server's key (`Scenario::server_key`).
    Server,
    /// The client's key for client authentication (`Scenario::client_key`).
    Client,
}

impl KeyRole {
    /// All roles, in generation order.
    pub const ALL: [KeyRole; 3] = [KeyRole::Ca, KeyRole::Server, KeyRole::Client];

    /// The role name used by `tlsim_core::keygen::derive_key` and in URLs: "ca", "server", "client".
    pub fn as_str(self) -> &'static str {
        match self {
            KeyRole::Ca => "ca",
            KeyRole::Server => "server",
            KeyRole::Client => "client",
        }
    }

    /// Parse a role name (exact, lowercase).
    pub fn parse(s: &str) -> Option<KeyRole> {
        KeyRole::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// The scenario slot this role's key goes into.
    pub fn slot(self, scenario: &mut Scenario) -> &mut KeySource {
        match self {
            KeyRole::Ca => &mut scenario.ca_key,
            KeyRole::Server => &mut scenario.server_key,
            KeyRole::Client => &mut scenario.client_key,
        }
    }
}

/// Key sizes the page offers (512 and 1024 for learning only: they are breakable).
pub const OFFERED_BITS: [usize; 3] = [512, 1024, 2048];
/// Below this many bits the page shows the small-key banner (`banner.small_key`).
pub const SMALL_KEY_BITS: usize = 2048;

/// One key to generate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyJob {
    /// Whose key.
    pub role: KeyRole,
    /// RSA modulus size in bits (512..=4096, multiple of 8: checked by the core).
    pub bits: usize,
}

/// The key-generation job: generate these keys from this seed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeygenRequest {
    /// The key seed, 64 lowercase hex characters (32 bytes).
    pub seed: String,
    /// The keys to generate, in order.
    pub keys: Vec<KeyJob>,
}

/// One generated key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GeneratedKey {
    /// Whose key.
    pub role: KeyRole,
    /// Its size.
    pub bits: usize,
    /// PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`), a teaching key.
    pub pem: String,
}

/// Progress as the page shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeygenProgress {
    /// whose key is being generated
    pub role: KeyRole,
    /// 1-based position
    pub index: usize,
    /// total keys
    pub total: usize,
    /// key size
    pub bits: usize,
}

/// "Generated keys" as a link carries them: a key seed and the size of each generated key.
/// Roles not listed keep the scenario's own key source (builtin by default).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyGenSpec {
    /// The key seed (independent of the session seed, so "new seed" keeps the keys).
    pub seed: [u8; 32],
    /// (role, bits), sorted by role, one entry per role.
    pub bits: Vec<(KeyRole, usize)>,
}

impl KeyGenSpec {
    /// A spec; duplicates are dropped (the first wins) and roles are sorted.
    pub fn new(seed: [u8; 32], bits: Vec<(KeyRole, usize)>) -> Self {
        let mut out: Vec<(KeyRole, usize)> = Vec::new();
        for (r, b) in bits {
            if !out.iter().any(|(o, _)| *o == r) {
                out.push((r, b));
            }
        }
        out.sort();
        Self { seed, bits: out }
    }

    /// The request for the worker.
    pub fn request(&self) -> KeygenRequest {
        KeygenRequest {
            seed: hex::encode(self.seed),
            keys: self
                .bits
                .iter()
                .map(|&(role, bits)| KeyJob { role, bits })
                .collect(),
        }
    }

    /// Put the generated PEMs into the scenario (`KeySource::Pem`). Keys for roles the spec
    /// does not list are ignored. Returns how many slots were filled.
    pub fn apply(&self, scenario: &mut Scenario, keys: &[GeneratedKey]) -> usize {
        let mut n = 0;
        for k in keys {
            if self.bits.iter().any(|&(r, b)| r == k.role && b == k.bits) {
                *k.role.slot(scenario) = KeySource::Pem(k.pem.clone());
                n += 1;
            }
        }
        n
    }

    /// The smallest key size in the spec, if any is under [`SMALL_KEY_BITS`] (for the banner).
    pub fn smallest_weak(&self) -> Option<usize> {
        self.bits
            .iter()
            .map(|&(_, b)| b)
            .filter(|&b| b < SMALL_KEY_BITS)
            .min()
    }
}

/// Parse a 64-hex-digit seed (upper or lower case).
pub fn parse_seed(s: &str) -> Option<[u8; 32]> {
    let s = s.trim();
    if s.len() != 64 {
        return None;
    }
    let v = hex::decode(s).ok()?;
    v.try_into().ok()
}
