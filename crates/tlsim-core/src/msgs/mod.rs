//! TLS 1.2 wire messages, one file per family. Each type quotes its RFC 5246 struct.

pub mod byte_map;
pub mod certificate;
pub mod enums;
pub mod finished;
pub mod handshake;
pub mod hello;
pub mod kx;
pub mod record;
pub mod ske;
pub mod ticket;

pub use certificate::{Certificate, CertificateRequest, CertificateVerify};
pub use enums::{CipherSuite, ContentType, ExtensionType, HandshakeType};
pub use finished::{Alert, ChangeCipherSpec, Finished};
pub use handshake::{HandshakeMessage, HandshakePayload};
pub use hello::{ClientHello, Extension, ServerHello};
pub use kx::{ClientKeyExchange, ServerHelloDone};
pub use record::{GenericAeadCipher, Record};
pub use ske::{EcClientKeyExchange, KxParams, ServerKeyExchange};
pub use ticket::NewSessionTicket;
