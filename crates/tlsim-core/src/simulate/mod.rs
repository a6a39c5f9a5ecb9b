//! The whole session in one call: the CA issues certificates, the client and the server run the
//! handshake through a simulated network (where faults and the man in the middle act), and every
//! record, computation and check becomes a [`crate::Step`] of the [`Transcript`].
//!
//! Deterministic: every random value comes from the seed, one ChaCha20 stream per purpose
//! ([`crate::keygen::purpose_rng`]), so editing the message does not change the keys.

mod ca;
mod cache;
mod mitm;
mod network;
mod network13;
mod setup;

pub use cache::IssuanceCache;
pub use setup::mitm_ca_pem;

use crate::error::Error;
use crate::scenario::Scenario;
use crate::transcript::Transcript;

/// Run the scenario. `Err` only for invalid input (a bad key source or PEM, a pre-master that is
/// not 48 bytes, a session ID over 32 bytes, ...); a protocol failure is an `Ok` transcript whose
/// last step is the alert and whose outcome is [`crate::Outcome::Failed`].
pub fn simulate(scenario: &Scenario, seed: [u8; 32], now: i64) -> Result<Transcript, Error> {
    simulate_with(scenario, seed, now, &mut IssuanceCache::new())
}

/// [`simulate`], taking the CA's work from `cache` when its inputs (names, dates, keys, the
/// CA's settings, the seed) are those of the last run, and keeping this run's there. The
/// transcript is byte for byte the one [`simulate`] returns: a page that re-runs the session on
/// every edit signs certificates only when an edit changes what is signed (issue 11).
pub fn simulate_with(
    scenario: &Scenario,
    seed: [u8; 32],
    now: i64,
    cache: &mut IssuanceCache,
) -> Result<Transcript, Error> {
    if scenario.version == crate::version::TlsVersion::Tls13 {
        return network13::run(scenario, &seed, now, cache);
    }
    match setup::Setup::prepare(scenario, &seed, now, cache)? {
        setup::Prepared::Ready(s) => network::run(scenario, *s),
        setup::Prepared::Refused(r) => Ok(r.transcript()),
    }
}
