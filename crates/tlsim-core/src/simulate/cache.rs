//! The CA's work kept between runs (issue 11): a page re-runs the session on every edit, and
//! most edits (the message, a random, a suite, trusting the CA) do not touch what the CA signs.
//! [`IssuanceCache`] keeps the last [`Pki`] with exactly the inputs that shaped it; a run whose
//! inputs are the same takes it instead of signing again. The cache is an explicit input of
//! [`super::simulate_with`], so the core stays pure: the same inputs give the same bytes with or
//! without it.

use super::setup::{Pki, Refusal};
use crate::error::Error;
use crate::scenario::{Fault, Scenario};
use std::sync::Arc;

/// What issuance reads: the scenario with every field the CA's work does not read reset to the
/// default, the seed, and the clock when CRLs are issued (their dates follow it).
///
/// Fail-safe by construction: the fields reset are named here, so a field added to [`Scenario`]
/// later stays in the key (a needless re-issue at worst, never a stale certificate).
#[derive(Clone, Debug, PartialEq, Eq)]
struct IssuanceKey {
    scenario: Scenario,
    seed: [u8; 32],
    now: Option<i64>,
}

impl IssuanceKey {
    fn of(s: &Scenario, seed: &[u8; 32], now: i64) -> Self {
        let d = Scenario::default();
        let scenario = Scenario {
            // Read by the handshake, the client's certificate or the trust store, not by
            // `Pki::issue`.
            version: d.version,
            client_host: d.client_host,
            client_key: d.client_key,
            trust_issuing_ca: d.trust_issuing_ca,
            extra_trusted_pems: d.extra_trusted_pems,
            offered_suites: d.offered_suites,
            accepted_suites: d.accepted_suites,
            client_random: d.client_random,
            server_random: d.server_random,
            pre_master: d.pre_master,
            session_id: d.session_id,
            client_ems: d.client_ems,
            server_ems: d.server_ems,
            client_auth: d.client_auth,
            app_message: d.app_message,
            server_reply: d.server_reply,
            min_key_bits: d.min_key_bits,
            client_groups: d.client_groups,
            server_groups: d.server_groups,
            client_ephemeral: d.client_ephemeral,
            server_ephemeral: d.server_ephemeral,
            resume: d.resume,
            ticket_key: d.ticket_key,
            // Of the faults, the CA reads the certificate failures and the forged signature.
            faults: s
                .faults
                .iter()
                .filter(|f| matches!(f, Fault::Cert { .. } | Fault::ForgedSignature))
                .cloned()
                .collect(),
            ..s.clone()
        };
        Self {
            scenario,
            seed: *seed,
            now: s.check_revocation.then_some(now),
        }
    }
}

/// The last issuance and the inputs it was made from. Cloning it is cheap (the issuance is
/// shared), so a UI state that is cloned on every edit can hold one.
#[derive(Clone, Default)]
pub struct IssuanceCache {
    last: Option<Arc<(IssuanceKey, Pki)>>,
    issued: u64,
}

impl std::fmt::Debug for IssuanceCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IssuanceCache")
            .field("holds", &self.last.is_some())
            .field("issued", &self.issued)
            .finish()
    }
}

impl IssuanceCache {
    /// An empty cache: the next run issues.
    pub fn new() -> Self {
        Self::default()
    }

    /// How many times runs through this cache have issued certificates (the misses).
    pub fn issued(&self) -> u64 {
        self.issued
    }

    /// The CA's work for `s`: the kept one if its inputs are the same, else issued now (and
    /// kept; a refusal is not kept, it is cheap and ends the run).
    pub(crate) fn issue(
        &mut self,
        s: &Scenario,
        seed: &[u8; 32],
        now: i64,
    ) -> Result<Result<Box<Pki>, Box<Refusal>>, Error> {
        let key = IssuanceKey::of(s, seed, now);
        if let Some(last) = &self.last {
            if last.0 == key {
                return Ok(Ok(Box::new(last.1.clone())));
            }
        }
        self.issued += 1;
        let issued = Pki::issue(s, seed, now)?;
        if let Ok(p) = &issued {
            self.last = Some(Arc::new((key, (**p).clone())));
        }
        Ok(issued)
    }
}
