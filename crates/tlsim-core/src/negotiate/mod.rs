//! Version negotiation as real stacks do it (RFC 8446 §4.1, §4.2.1), sans-IO.
//!
//! [`DualClient`] sends one ClientHello that offers TLS 1.3 and TLS 1.2 (supported_versions,
//! TLS_AES_128_GCM_SHA256 and the TLS 1.2 suites, a key_share and the TLS 1.2 extensions) and
//! becomes the TLS 1.3 [`Client13`](crate::tls13::Client13) or the TLS 1.2
//! [`Client`](crate::client::Client) by the ServerHello; a TLS 1.2 answer must not carry the
//! downgrade sentinel (RFC 8446 §4.1.3). [`DualServer`] reads the ClientHello and becomes the
//! [`Server13`](crate::tls13::Server13) when it offers TLS 1.3, else the TLS 1.2
//! [`Server`](crate::server::Server), whose random then ends in the sentinel.
//!
//! With one version enabled, each is exactly that version's engine: a TLS 1.2-only
//! `DualClient` sends the bytes [`Client`](crate::client::Client) sends.

pub mod client;
pub mod server;

pub use client::{DualClient, DualClientConfig};
pub use server::{DualServer, DualServerConfig};

use crate::codec::Codec;
use crate::error::Error;
use crate::tls13::handshake::{Handshake13, Payload13};

/// The first handshake message in `buf` (records from the start of a connection), if whole:
/// `Some(Ok(raw))` (header included) once it is, `Some(Err(()))` when the first record is no
/// plaintext handshake record (the engine that takes the bytes says why), `None` when more
/// bytes are needed.
pub(crate) fn first_message(buf: &[u8]) -> Option<Result<Vec<u8>, ()>> {
    let mut joined = Vec::new();
    let mut rest = buf;
    loop {
        // 1. the next whole record: a handshake record, else not ours to judge
        if rest.len() < 5 {
            return None;
        }
        if rest[0] != 22 {
            return Some(Err(()));
        }
        let len = usize::from(u16::from_be_bytes([rest[3], rest[4]]));
        if len == 0 || len > crate::tls13::record::MAX_PLAINTEXT {
            return Some(Err(()));
        }
        if rest.len() < 5 + len {
            return None;
        }
        joined.extend_from_slice(&rest[5..5 + len]);
        rest = &rest[5 + len..];
        // 2. the message, once its header and body are in
        if joined.len() >= 4 {
            let body = u32::from_be_bytes([0, joined[1], joined[2], joined[3]]) as usize;
            if 4 + body > crate::conn::MAX_HANDSHAKE_MESSAGE {
                return Some(Err(()));
            }
            if joined.len() >= 4 + body {
                joined.truncate(4 + body);
                return Some(Ok(joined));
            }
        }
    }
}

/// `raw` decoded by the TLS 1.3 codec.
pub(crate) fn decode13(raw: &[u8]) -> Result<Payload13, Error> {
    Handshake13::from_bytes(raw).map(|m| m.payload)
}
