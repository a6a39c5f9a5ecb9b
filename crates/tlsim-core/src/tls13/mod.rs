//! TLS 1.3 groundwork (RFC 8446): the key schedule and record protection for the SHA-256 suite
//! `TLS_AES_128_GCM_SHA256`, each value with the [`Derived`](crate::transcript::Derived) entry the
//! transcript shows. No handshake state machine yet; `tests/tls13_rfc8448.rs` proves every value
//! against RFC 8448 §3.

pub mod hkdf;
pub mod key_schedule;
pub mod record;
