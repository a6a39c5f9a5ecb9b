//! TLS 1.3 groundwork (RFC 8446): the key schedule and record protection for the SHA-256 suite
//! `TLS_AES_128_GCM_SHA256`, each value with the [`Derived`](crate::transcript::Derived) entry the
//! transcript shows, and the handshake messages with their extensions in the one codec. The client and
//! server engines are [`client::Client13`] and [`server::Server13`]; `tests/tls13_rfc8448.rs` and `tests/tls13_messages.rs` prove
//! every value and message against RFC 8448 §3.

pub mod byte_map;
pub mod certificate;
pub mod certificate_verify;
pub mod client;
pub(crate) mod conn;
pub mod encrypted_extensions;
pub mod ext;
pub mod handshake;
pub mod hello;
pub mod hkdf;
pub mod key_schedule;
pub mod keylog;
pub mod record;
pub mod replay;
pub mod server;
pub mod ticket;

pub use certificate::{Certificate13, CertificateEntry};
pub use client::{Client13, Client13Config};
pub use encrypted_extensions::EncryptedExtensions;
pub use ext::{Extension13, Extensions, KeyShare, KeyShareEntry, SupportedVersions};
pub use handshake::{Handshake13, Payload13};
pub use hello::{ClientHello13, ServerHello13};
pub use server::{Server13, Server13Config};
pub use ticket::NewSessionTicket13;
