//! Session resumption (RFC 5246 §7.3 and §7.4.1.2, RFC 5077): what a session is once its full
//! handshake is done, how the client keeps it, and how the server finds it again, by session ID
//! in its [`cache::SessionCache`] or inside a [`ticket`] it sealed under its own key.
//!
//! A resumed connection skips the certificate, the key exchange and every public-key operation:
//! both sides take the session's master secret and derive a new key block from the two new
//! randoms (the abbreviated handshake, one round trip instead of two).

pub mod cache;
pub mod file;
pub mod server;
pub mod ticket;

pub use cache::{SessionCache, SharedCache};
pub use ticket::TicketKey;

use crate::codec::{put_vec_u8, Reader};
use crate::error::Error;

/// How long a session may be resumed, by default (seconds; RFC 5077's lifetime hint, and
/// OpenSSL's default session timeout of 7200 s).
pub const DEFAULT_LIFETIME: u32 = 7200;

/// A session as the client keeps it, to offer on a later connection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    /// The session ID the server gave (may be empty when the server issued a ticket only).
    pub id: Vec<u8>,
    /// The server's ticket, if it sent one (RFC 5077): opaque to the client.
    pub ticket: Option<Vec<u8>>,
    /// NewSessionTicket.ticket_lifetime_hint (0 without a ticket).
    pub lifetime_hint: u32,
    /// The session's cipher suite.
    pub suite: u16,
    /// The session's master secret.
    pub master: [u8; 48],
    /// Was the master secret derived with the extended master secret (RFC 7627)?
    pub ems: bool,
    /// The host the session was made for (the client's SNI).
    pub host: String,
    /// When the full handshake was made (Unix seconds).
    pub created: i64,
}

/// What the server keeps of a session (in its cache) or seals into a ticket.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionState {
    /// The session's cipher suite.
    pub suite: u16,
    /// The master secret.
    pub master: [u8; 48],
    /// Was the extended master secret used?
    pub ems: bool,
    /// The host name the client asked for (its SNI; empty when it sent none).
    pub host: String,
    /// When the full handshake was made (Unix seconds).
    pub created: i64,
}

/// The version byte of [`SessionState::encode`].
const STATE_VERSION: u8 = 1;

impl SessionState {
    /// The state's bytes (what a ticket encrypts):
    /// `version(1) || suite(2) || ems(1) || master(48) || created(8) || host<0..255>`.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = vec![STATE_VERSION];
        out.extend_from_slice(&self.suite.to_be_bytes());
        out.push(u8::from(self.ems));
        out.extend_from_slice(&self.master);
        out.extend_from_slice(&self.created.to_be_bytes());
        put_vec_u8(&mut out, self.host.as_bytes());
        out
    }

    /// Read [`SessionState::encode`]'s bytes back.
    pub fn decode(bytes: &[u8]) -> Result<Self, Error> {
        let mut r = Reader::new(bytes);
        let version = r.u8("SessionState.version")?;
        if version != STATE_VERSION {
            return Err(Error::Decode(
                crate::msg::HsMsg::BadValue {
                    what: "SessionState.version".into(),
                    got: version.into(),
                    expected: STATE_VERSION.into(),
                }
                .into(),
            ));
        }
        let suite = r.u16("SessionState.suite")?;
        let ems = r.u8("SessionState.ems")? == 1;
        let master = r.array("SessionState.master")?;
        let created = i64::from_be_bytes(r.array("SessionState.created")?);
        let host = String::from_utf8_lossy(&r.vec_u8("SessionState.host")?).into_owned();
        r.expect_empty("SessionState")?;
        Ok(Self {
            suite,
            master,
            ems,
            host,
            created,
        })
    }

    /// Seconds since the full handshake, at `now`.
    pub fn age(&self, now: i64) -> i64 {
        now.saturating_sub(self.created)
    }
}

impl Session {
    /// The server-side view of this session (what a ticket of it holds).
    pub fn state(&self) -> SessionState {
        SessionState {
            suite: self.suite,
            master: self.master,
            ems: self.ems,
            host: self.host.clone(),
            created: self.created,
        }
    }
}
