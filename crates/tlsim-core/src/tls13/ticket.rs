//! The TLS 1.3 NewSessionTicket (RFC 8446 §4.6.1): sent by the server after the handshake, under
//! the application keys; each ticket names a PSK derived from the resumption master secret and
//! the ticket's nonce.

use super::ext::{put_extensions, read_extensions, Context, Extension13, Extensions};
use crate::codec::{put_vec_u16, put_vec_u8, Codec, Reader};
use crate::error::Error;
use crate::msg::{FieldMsg, Hex};
use crate::vocab::FieldName;

/// A ticket for resumption.
///
/// ```text
/// struct {
///     uint32 ticket_lifetime;
///     uint32 ticket_age_add;
///     opaque ticket_nonce<0..255>;
///     opaque ticket<1..2^16-1>;
///     Extension extensions<0..2^16-2>;
/// } NewSessionTicket;
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewSessionTicket13 {
    /// Seconds the ticket may be used (at most 604800, seven days).
    pub ticket_lifetime: u32,
    /// Added (mod 2^32) to the ticket's age in milliseconds the client reports.
    pub ticket_age_add: u32,
    /// Unique per ticket of this connection.
    pub ticket_nonce: Vec<u8>,
    /// The ticket, opaque to the client.
    pub ticket: Vec<u8>,
    /// Extensions (early_data's max_early_data_size), read in [`Context::NewSessionTicket`].
    pub extensions: Vec<Extension13>,
}

impl Extensions for NewSessionTicket13 {
    fn extensions(&self) -> &[Extension13] {
        &self.extensions
    }
}

fn read_u32(r: &mut Reader<'_>, what: &str) -> Result<u32, Error> {
    Ok(u32::from_be_bytes(r.array(what)?))
}

impl Codec for NewSessionTicket13 {
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.ticket_lifetime.to_be_bytes());
        out.extend_from_slice(&self.ticket_age_add.to_be_bytes());
        put_vec_u8(out, &self.ticket_nonce);
        put_vec_u16(out, &self.ticket);
        put_extensions(out, &self.extensions);
    }

    fn read(r: &mut Reader<'_>) -> Result<Self, Error> {
        let ticket_lifetime = r.field(
            FieldName::TicketLifetime,
            |r| read_u32(r, "NewSessionTicket.ticket_lifetime"),
            |s| FieldMsg::TicketLifetime { seconds: *s },
        )?;
        let ticket_age_add = r.field(
            FieldName::TicketAgeAdd,
            |r| read_u32(r, "NewSessionTicket.ticket_age_add"),
            |v| FieldMsg::TicketAgeAdd { value: *v },
        )?;
        let ticket_nonce = r.field(
            FieldName::TicketNonce,
            |r| r.vec_u8("NewSessionTicket.ticket_nonce"),
            |n| FieldMsg::TicketNonce {
                value: Hex(n.clone()),
            },
        )?;
        let ticket = r.field(
            FieldName::Ticket,
            |r| r.vec_u16("NewSessionTicket.ticket"),
            |t| FieldMsg::Ticket { len: t.len() },
        )?;
        if ticket.is_empty() {
            return Err(crate::msg::empty("NewSessionTicket.ticket"));
        }
        let extensions =
            read_extensions(r, Context::NewSessionTicket, "NewSessionTicket.extensions")?;
        Ok(Self {
            ticket_lifetime,
            ticket_age_add,
            ticket_nonce,
            ticket,
            extensions,
        })
    }
}
