//! The bridge to the core's protocol half (`simulate`, client/server state machines).

use tlsim_core::{Error, Scenario, Transcript};

/// Run the whole session in the core.
pub fn simulate(scenario: &Scenario, seed: &[u8; 32], now: i64) -> Result<Transcript, Error> {
    let _ = (scenario, seed, now);
    Err(Error::Internal(
        "simulate() has not landed in tlsim-core yet".into(),
    ))
}
