//! The handshake message: a one-byte type, a three-byte length, and the body (RFC 5246 §7.4).

use super::certificate::{Certificate, CertificateRequest, CertificateVerify};
use super::enums::HandshakeType;
use super::finished::Finished;
use super::hello::{ClientHello, ServerHello};
use super::kx::{ClientKeyExchange, ServerHelloDone};
use super::ske::{EcClientKeyExchange, ServerKeyExchange};
use super::ticket::NewSessionTicket;
use crate::codec::{put_prefixed, Codec, Reader};
use crate::error::Error;
use crate::msg::FieldMsg;
use crate::vocab::FieldName;

/// Any handshake body this engine reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HandshakePayload {
    /// client_hello(1)
    ClientHello(ClientHello),
    /// server_hello(2)
    ServerHello(ServerHello),
    /// new_session_ticket(4), RFC 5077: read so that a real server's session can be replayed.
    NewSessionTicket(NewSessionTicket),
    /// certificate(11)
    Certificate(Certificate),
    /// server_key_exchange(12), DHE_RSA or ECDHE_RSA.
    ServerKeyExchange(ServerKeyExchange),
    /// certificate_request(13)
    CertificateRequest(CertificateRequest),
    /// server_hello_done(14)
    ServerHelloDone(ServerHelloDone),
    /// certificate_verify(15)
    CertificateVerify(CertificateVerify),
    /// client_key_exchange(16): RSA's encrypted pre-master or DHE's dh_Yc (both with a 2-byte
    /// length).
    ClientKeyExchange(ClientKeyExchange),
    /// client_key_exchange(16) for ECDHE: the client's point (a 1-byte length).
    EcClientKeyExchange(EcClientKeyExchange),
    /// finished(20)
    Finished(Finished),
    /// Any other type (e.g. hello_request, server_key_exchange), body kept raw.
    Unknown(HandshakeType, Vec<u8>),
}

impl HandshakePayload {
    /// The handshake type.
    pub fn typ(&self) -> HandshakeType {
        match self {
            Self::ClientHello(_) => HandshakeType::ClientHello,
            Self::ServerHello(_) => HandshakeType::ServerHello,
            Self::NewSessionTicket(_) => HandshakeType::NewSessionTicket,
            Self::Certificate(_) => HandshakeType::Certificate,
            Self::ServerKeyExchange(_) => HandshakeType::ServerKeyExchange,
            Self::CertificateRequest(_) => HandshakeType::CertificateRequest,
            Self::ServerHelloDone(_) => HandshakeType::ServerHelloDone,
            Self::CertificateVerify(_) => HandshakeType::CertificateVerify,
            Self::ClientKeyExchange(_) | Self::EcClientKeyExchange(_) => {
                HandshakeType::ClientKeyExchange
            }
            Self::Finished(_) => HandshakeType::Finished,
            Self::Unknown(t, _) => *t,
        }
    }

    fn encode_body(&self, out: &mut Vec<u8>) {
        match self {
            Self::ClientHello(m) => m.encode(out),
            Self::ServerHello(m) => m.encode(out),
            Self::NewSessionTicket(m) => m.encode(out),
            Self::Certificate(m) => m.encode(out),
            Self::ServerKeyExchange(m) => m.encode(out),
            Self::CertificateRequest(m) => m.encode(out),
            Self::ServerHelloDone(m) => m.encode(out),
            Self::CertificateVerify(m) => m.encode(out),
            Self::ClientKeyExchange(m) => m.encode(out),
            Self::EcClientKeyExchange(m) => m.encode(out),
            Self::Finished(m) => m.encode(out),
            Self::Unknown(_, body) => out.extend_from_slice(body),
        }
    }
}

/// A whole handshake message.
///
/// ```text
/// struct {
///     HandshakeType msg_type;    /* handshake type */
///     uint24 length;             /* bytes in message */
///     select (HandshakeType) {
///         case hello_request:       HelloRequest;
///         case client_hello:        ClientHello;
///         case server_hello:        ServerHello;
///         case new_session_ticket:  NewSessionTicket;   /* RFC 5077 */
///         case certificate:         Certificate;
///         case server_key_exchange: ServerKeyExchange;
///         case certificate_request: CertificateRequest;
///         case server_hello_done:   ServerHelloDone;
///         case certificate_verify:  CertificateVerify;
///         case client_key_exchange: ClientKeyExchange;
///         case finished:            Finished;
///     } body;
/// } Handshake;
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HandshakeMessage {
    /// The body (its type is the header's msg_type).
    pub payload: HandshakePayload,
}

impl Codec for HandshakeMessage {
    fn encode(&self, out: &mut Vec<u8>) {
        self.payload.typ().encode(out);
        put_prefixed(out, 3, |o| self.payload.encode_body(o));
    }

    fn read(r: &mut Reader<'_>) -> Result<Self, Error> {
        let typ = r.field(FieldName::MsgType, HandshakeType::read, |t| {
            FieldMsg::Named {
                name: t.name(),
                value: t.get().into(),
            }
        })?;
        let len = r.field(
            FieldName::Length,
            |r| r.u24("Handshake.length"),
            |n| FieldMsg::HandshakeLength {
                len: *n as usize,
                name: typ.name(),
            },
        )?;
        let mut b = r.sub(len as usize, "Handshake.length")?;
        let payload = match typ {
            HandshakeType::ClientHello => HandshakePayload::ClientHello(ClientHello::read(&mut b)?),
            HandshakeType::ServerHello => HandshakePayload::ServerHello(ServerHello::read(&mut b)?),
            HandshakeType::NewSessionTicket => {
                HandshakePayload::NewSessionTicket(NewSessionTicket::read(&mut b)?)
            }
            HandshakeType::Certificate => HandshakePayload::Certificate(Certificate::read(&mut b)?),
            HandshakeType::ServerKeyExchange => {
                HandshakePayload::ServerKeyExchange(ServerKeyExchange::read(&mut b)?)
            }
            HandshakeType::CertificateRequest => {
                HandshakePayload::CertificateRequest(CertificateRequest::read(&mut b)?)
            }
            HandshakeType::ServerHelloDone => {
                HandshakePayload::ServerHelloDone(ServerHelloDone::read(&mut b)?)
            }
            HandshakeType::CertificateVerify => {
                HandshakePayload::CertificateVerify(CertificateVerify::read(&mut b)?)
            }
            // A 2-byte length that covers the body exactly: RSA or DHE; else ECDHE's 1-byte
            // length (a real point never reads as the other form: see msgs/ske.rs).
            HandshakeType::ClientKeyExchange => {
                let rest = b.left();
                let two = rest >= 2 && b.peek_u16() == Some(rest as u16 - 2);
                // A point is never shorter than 32 bytes (x25519); anything else is read as the
                // 2-byte form, whose decoder then names what is wrong.
                let ec = b
                    .peek_u8()
                    .is_some_and(|n| n >= 32 && rest == 1 + n as usize);
                if two || !ec {
                    HandshakePayload::ClientKeyExchange(ClientKeyExchange::read(&mut b)?)
                } else {
                    HandshakePayload::EcClientKeyExchange(EcClientKeyExchange::read(&mut b)?)
                }
            }
            HandshakeType::Finished => HandshakePayload::Finished(Finished::read(&mut b)?),
            t => HandshakePayload::Unknown(t, b.rest().to_vec()),
        };
        b.expect_empty(&typ.name())?;
        Ok(Self { payload })
    }
}

impl From<HandshakePayload> for HandshakeMessage {
    fn from(payload: HandshakePayload) -> Self {
        Self { payload }
    }
}
