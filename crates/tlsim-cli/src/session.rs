//! The bridge to the core's `simulate()`.

use tlsim_core::{Error, Scenario, Transcript};

/// Run the whole session in the core.
pub fn simulate(scenario: &Scenario, seed: &[u8; 32], now: i64) -> Result<Transcript, Error> {
    tlsim_core::simulate(scenario, *seed, now)
}
