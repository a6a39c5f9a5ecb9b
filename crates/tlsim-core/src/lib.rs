//! # tlsim-core
//!
//! A sans-IO, deterministic TLS 1.2 engine (RSA key exchange, `TLS_RSA_WITH_AES_128_GCM_SHA256`)
//! built for teaching. It runs the certificate authority, the client and the server, and returns a
//! [`Transcript`] of [`Step`]s: who sent what, the wire bytes with named fields, and every value
//! derived along the way with the formula that produced it.
//!
//! The core does no I/O, reads no clock and no OS randomness: the [`Scenario`], a 32-byte seed and
//! the current time (`now`, Unix seconds) are its only inputs, so the same inputs give the same bytes.
//!
//! **Not for real use.** RSA key exchange has no forward secrecy and invites Bleichenbacher-style
//! padding-oracle attacks (see RUSTSEC-2023-0071 for the `rsa` crate's Marvin timing issue).
#![forbid(unsafe_code)]
#![cfg_attr(not(test), deny(clippy::unwrap_used))]
#![warn(missing_docs)]

pub mod calendar;
pub mod client;
pub mod codec;
pub mod conn;
pub mod eavesdrop;
pub mod error;
pub mod export;
pub mod keygen;
pub mod keys;
pub mod kx;
pub mod math;
pub mod msg;
pub mod msgs;
pub mod negotiate;
pub mod pki;
pub mod prf;
pub mod record;
pub mod replay;
pub mod resume;
pub mod scenario;
mod scenario_resume;
mod scenario_tls13;
pub mod server;
pub mod sigalg;
pub mod simulate;
pub mod suites;
pub(crate) mod tag_first;
pub mod tls13;
pub mod transcript;
pub mod version;
pub mod vocab;

pub use client::{Client, ClientConfig};
pub use conn::{Event, Output};
pub use error::Error;
pub use msg::{Arg, Msg, MsgKey};
pub use scenario::{CertFault, Fault, KeySource, Scenario};
pub use server::{Server, ServerConfig};
pub use simulate::{simulate, simulate_with, IssuanceCache};
pub use transcript::{Actor, Check, Derived, Field, Outcome, Step, StepKind, Transcript};
pub use version::TlsVersion;
pub use vocab::{CheckId, FieldName, ScenarioField, StepKey, ValueId};
