//! The man in the middle is two real engines of this crate, not a record rewriter: a
//! [`Server`](crate::server::Server) facing the client (with his own certificate for the
//! server's name, signed by his own CA) and a [`Client`](crate::client::Client) facing the real
//! server (see [`super::setup::MitmKit`]). The network delivers the client's records to his
//! server and his client's records to the real server; what one of his engines decrypts, the
//! network hands to the other to encrypt again.
//!
//! If the client refuses his certificate (unknown CA), that is the end. If the client trusts his
//! CA, there are two complete, ordinary TLS sessions with different keys, and he reads all the
//! traffic in between.
//!
//! This file says how his engines' events read in the transcript: his steps are the
//! [`Network`](crate::transcript::Actor::Network)'s, under the MITM step keys where the attack
//! shows (the certificate he presents, the pre-master he reads, the data he re-encrypts), and
//! the derivations a learner has seen on the honest sides are folded into those steps.

use crate::conn::{Event, Output};
use crate::msg::{Hex, Msg, SimMsg};
use crate::vocab::StepKey;

/// Which of his two engines produced an output.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Role {
    /// His server, facing the client.
    Server,
    /// His client, facing the real server.
    Client,
}

/// His engine's events as the transcript shows them. `ca_pem` is his CA (for the trust hint),
/// `random` his client's ClientHello.random.
pub(crate) fn relabel(role: Role, out: Output, ca_pem: &str, random: [u8; 32]) -> Output {
    let mut events: Vec<Event> = Vec::with_capacity(out.events.len());
    for mut e in out.events {
        let all_ok = e.checks.iter().all(|c| c.ok);
        match (role, e.key) {
            // 1. His server answers the client as if it were the server ...
            (Role::Server, StepKey::ServerHello) => {
                e.notes.insert(0, SimMsg::MitmAnswers {}.into());
            }
            // 2. ... with his own certificate for the server's name.
            (Role::Server, StepKey::Certificate) => {
                e.key = StepKey::Mitm;
                e.notes = vec![
                    SimMsg::MitmSwap {}.into(),
                    SimMsg::MitmTrustHint {
                        pem: ca_pem.to_string(),
                    }
                    .into(),
                ];
            }
            // 3. The client encrypted the pre-master to his key: he reads it and derives the
            //    keys of the client's session (one step for the decryption and the derivation).
            (Role::Server, StepKey::DecryptPreMaster) => {
                e.key = StepKey::MitmReadPreMaster;
                if all_ok {
                    e.notes = vec![SimMsg::MitmReadsPreMaster {}.into()];
                }
            }
            (Role::Server, StepKey::DeriveKeysServer) => {
                if let Some(prev) = events
                    .last_mut()
                    .filter(|p| p.key == StepKey::MitmReadPreMaster)
                {
                    fold(prev, e);
                    continue;
                }
            }
            // 4. His client connects to the real server with its own ClientHello ...
            (Role::Client, StepKey::ClientHello) => {
                e.notes.insert(
                    0,
                    SimMsg::MitmConnects {
                        random: Hex(random.to_vec()),
                    }
                    .into(),
                );
            }
            // 5. ... checks the real server's certificate like any client ...
            (Role::Client, StepKey::VerifyServerCert) => e.key = StepKey::MitmVerifyServerCert,
            // 6. ... and sends a pre-master of its own (its key derivation folded in).
            (Role::Client, StepKey::ClientKeyExchange) => {
                e.notes.insert(0, SimMsg::MitmOwnPreMaster {}.into());
            }
            (Role::Client, StepKey::DeriveKeysClient) => {
                if let Some(prev) = events
                    .last_mut()
                    .filter(|p| p.key == StepKey::ClientKeyExchange)
                {
                    fold(prev, e);
                    continue;
                }
            }
            // 7. Each connection is an ordinary handshake: its Finished checks pass as such.
            (Role::Server, StepKey::VerifyFinishedServer)
            | (Role::Client, StepKey::VerifyFinishedClient) => {
                e.key = StepKey::MitmVerifyFinished;
                if all_ok {
                    e.notes = vec![SimMsg::MitmOwnFinished {}.into()];
                }
            }
            _ => {}
        }
        events.push(e);
    }
    Output { events, ..out }
}

/// His engine re-encrypts what the other one read: the record it sends is his
/// [`StepKey::MitmReencrypt`] step, with what he read.
pub(crate) fn relay(mut out: Output, read: &[u8]) -> Output {
    for e in out
        .events
        .iter_mut()
        .filter(|e| matches!(e.key, StepKey::AppDataClient | StepKey::AppDataServer))
    {
        e.key = StepKey::MitmReencrypt;
        e.notes = vec![Msg::from(SimMsg::MitmReads {
            text: String::from_utf8_lossy(read).into_owned(),
        })];
    }
    out
}

/// Fold a derivation into the step before it: its values and checks (a value already shown
/// with the same bytes, the pre-master, is not repeated); its notes only if a check failed.
fn fold(into: &mut Event, e: Event) {
    for d in e.derived {
        if !into
            .derived
            .iter()
            .any(|x| x.name == d.name && x.value == d.value)
        {
            into.derived.push(d);
        }
    }
    if !into.checks.iter().all(|c| c.ok) || !e.checks.iter().all(|c| c.ok) {
        into.notes.extend(e.notes);
    }
    into.checks.extend(e.checks);
}
