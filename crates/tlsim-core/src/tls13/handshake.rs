//! The TLS 1.3 handshake message (RFC 8446 §4): a one-byte type, a three-byte length and the
//! body, read with the TLS 1.3 decoders. The types TLS 1.3 adds (encrypted_extensions(8),
//! key_update(24), message_hash(254)) are named here, so TLS 1.2's [`HandshakeType`] is unchanged.

use super::certificate::Certificate13;
use super::encrypted_extensions::EncryptedExtensions;
use super::hello::{ClientHello13, ServerHello13};
use super::hkdf::HASH_LEN;
use super::ticket::NewSessionTicket13;
use crate::codec::{put_prefixed, Codec, Reader};
use crate::error::Error;
use crate::msg::{FieldMsg, HsMsg};
use crate::msgs::{CertificateVerify, Finished, HandshakeType};
use crate::vocab::FieldName;

/// encrypted_extensions(8)
pub const ENCRYPTED_EXTENSIONS: u8 = 8;

/// The RFC 8446 name of a handshake type.
pub fn handshake_type_name(t: u8) -> String {
    match t {
        5 => "end_of_early_data".into(),
        ENCRYPTED_EXTENSIONS => "encrypted_extensions".into(),
        24 => "key_update".into(),
        254 => "message_hash".into(),
        t => HandshakeType::from_value(t).name(),
    }
}

/// Any TLS 1.3 handshake body this engine reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Payload13 {
    /// client_hello(1)
    ClientHello(ClientHello13),
    /// server_hello(2), a HelloRetryRequest included ([`ServerHello13::is_hello_retry_request`]).
    ServerHello(ServerHello13),
    /// new_session_ticket(4)
    NewSessionTicket(NewSessionTicket13),
    /// encrypted_extensions(8)
    EncryptedExtensions(EncryptedExtensions),
    /// certificate(11)
    Certificate(Certificate13),
    /// certificate_verify(15): TLS 1.2's wire struct, a scheme and a signature.
    CertificateVerify(CertificateVerify),
    /// finished(20): verify_data of Hash.length (32) bytes.
    Finished(Finished),
    /// Any other type, body kept raw.
    Unknown(u8, Vec<u8>),
}

impl Payload13 {
    /// The handshake type.
    pub fn typ(&self) -> u8 {
        match self {
            Self::ClientHello(_) => 1,
            Self::ServerHello(_) => 2,
            Self::NewSessionTicket(_) => 4,
            Self::EncryptedExtensions(_) => ENCRYPTED_EXTENSIONS,
            Self::Certificate(_) => 11,
            Self::CertificateVerify(_) => 15,
            Self::Finished(_) => 20,
            Self::Unknown(t, _) => *t,
        }
    }

    fn encode_body(&self, out: &mut Vec<u8>) {
        match self {
            Self::ClientHello(m) => m.encode(out),
            Self::ServerHello(m) => m.encode(out),
            Self::NewSessionTicket(m) => m.encode(out),
            Self::EncryptedExtensions(m) => m.encode(out),
            Self::Certificate(m) => m.encode(out),
            Self::CertificateVerify(m) => m.encode(out),
            Self::Finished(m) => m.encode(out),
            Self::Unknown(_, body) => out.extend_from_slice(body),
        }
    }
}

/// A whole TLS 1.3 handshake message.
///
/// ```text
/// struct {
///     HandshakeType msg_type;    /* handshake type */
///     uint24 length;             /* remaining bytes in message */
///     select (Handshake.msg_type) {
///         case client_hello:          ClientHello;
///         case server_hello:          ServerHello;
///         case end_of_early_data:     EndOfEarlyData;
///         case encrypted_extensions:  EncryptedExtensions;
///         case certificate_request:   CertificateRequest;
///         case certificate:           Certificate;
///         case certificate_verify:    CertificateVerify;
///         case finished:              Finished;
///         case new_session_ticket:    NewSessionTicket;
///         case key_update:            KeyUpdate;
///     };
/// } Handshake;
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Handshake13 {
    /// The body (its type is the header's msg_type).
    pub payload: Payload13,
}

impl From<Payload13> for Handshake13 {
    fn from(payload: Payload13) -> Self {
        Self { payload }
    }
}

impl Codec for Handshake13 {
    fn encode(&self, out: &mut Vec<u8>) {
        out.push(self.payload.typ());
        put_prefixed(out, 3, |o| self.payload.encode_body(o));
    }

    fn read(r: &mut Reader<'_>) -> Result<Self, Error> {
        let typ = r.field(
            FieldName::MsgType,
            |r| r.u8("Handshake.msg_type"),
            |t| FieldMsg::Named {
                name: handshake_type_name(*t),
                value: (*t).into(),
            },
        )?;
        let len = r.field(
            FieldName::Length,
            |r| r.u24("Handshake.length"),
            |n| FieldMsg::HandshakeLength {
                len: *n as usize,
                name: handshake_type_name(typ),
            },
        )?;
        let mut b = r.sub(len as usize, "Handshake.length")?;
        let payload = match typ {
            1 => Payload13::ClientHello(ClientHello13::read(&mut b)?),
            2 => Payload13::ServerHello(ServerHello13::read(&mut b)?),
            4 => Payload13::NewSessionTicket(NewSessionTicket13::read(&mut b)?),
            ENCRYPTED_EXTENSIONS => {
                Payload13::EncryptedExtensions(EncryptedExtensions::read(&mut b)?)
            }
            11 => Payload13::Certificate(Certificate13::read(&mut b)?),
            15 => Payload13::CertificateVerify(CertificateVerify::read(&mut b)?),
            20 => {
                // verify_data[Hash.length]: 32 bytes with SHA-256
                if b.left() != HASH_LEN {
                    return Err(Error::Decode(
                        HsMsg::WrongLength {
                            what: "Finished.verify_data".into(),
                            len: b.left(),
                            expected: HASH_LEN,
                        }
                        .into(),
                    ));
                }
                Payload13::Finished(Finished::read(&mut b)?)
            }
            t => Payload13::Unknown(t, b.rest().to_vec()),
        };
        b.expect_empty(&handshake_type_name(typ))?;
        Ok(Self { payload })
    }
}
