//! NewSessionTicket (RFC 5077 §3.3): a server that issues session tickets sends one after the
//! client's Finished and before its own ChangeCipherSpec, so it is part of the server Finished's
//! transcript. Its contents are this server's business: see [`crate::resume::ticket`].

use crate::codec::{put_vec_u16, Codec, Reader};
use crate::error::Error;
use crate::msg::FieldMsg;
use crate::vocab::FieldName;

/// A session ticket for resumption; opaque to the client.
///
/// ```text
/// struct {
///     uint32 ticket_lifetime_hint;
///     opaque ticket<0..2^16-1>;
/// } NewSessionTicket;
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewSessionTicket {
    /// How long the client may keep the ticket, in seconds (0: unspecified).
    pub ticket_lifetime_hint: u32,
    /// The ticket: the server's encrypted session state.
    pub ticket: Vec<u8>,
}

impl Codec for NewSessionTicket {
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.ticket_lifetime_hint.to_be_bytes());
        put_vec_u16(out, &self.ticket);
    }

    fn read(r: &mut Reader<'_>) -> Result<Self, Error> {
        let ticket_lifetime_hint = r.field(
            FieldName::TicketLifetimeHint,
            |r| {
                Ok(u32::from_be_bytes(
                    r.array("NewSessionTicket.ticket_lifetime_hint")?,
                ))
            },
            |s| FieldMsg::TicketLifetimeHint { seconds: *s },
        )?;
        let ticket = r.field(
            FieldName::Ticket,
            |r| r.vec_u16("NewSessionTicket.ticket"),
            |t| FieldMsg::Ticket { len: t.len() },
        )?;
        Ok(Self {
            ticket_lifetime_hint,
            ticket,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::msgs::{HandshakeMessage, HandshakePayload};

    #[test]
    fn round_trips_and_every_truncation_is_a_decode_error() {
        let m = HandshakeMessage::from(HandshakePayload::NewSessionTicket(NewSessionTicket {
            ticket_lifetime_hint: 7200,
            ticket: vec![0xab; 20],
        }));
        let b = m.to_bytes();
        assert_eq!(&b[..4], &[4, 0, 0, 26]);
        assert_eq!(&b[4..10], &[0, 0, 0x1c, 0x20, 0, 20]);
        assert_eq!(HandshakeMessage::from_bytes(&b), Ok(m));
        for n in 0..b.len() {
            assert!(matches!(
                HandshakeMessage::from_bytes(&b[..n]),
                Err(Error::Decode(_))
            ));
        }
        // A body cut inside a consistent header: the body parser refuses it too.
        let mut short = b[..8].to_vec();
        short[3] = 4;
        assert!(matches!(
            HandshakeMessage::from_bytes(&short),
            Err(Error::Decode(_))
        ));
    }
}
