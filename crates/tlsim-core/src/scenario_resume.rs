//! The scenario's resumption inputs (issue 14): whether a second connection follows the first
//! and how it offers the session, and the failures that make the server refuse it.

use serde::{Deserialize, Serialize};

/// Does a second connection follow, and how does the client offer its session?
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Resume {
    /// One connection, a full handshake.
    #[default]
    Off,
    /// A second connection offers the session by its ID (the server's session cache).
    SessionId,
    /// A second connection offers the session's ticket (RFC 5077; the server keeps nothing).
    Ticket,
}

impl Resume {
    /// Every mode, in the order of the choice.
    pub const ALL: [Resume; 3] = [Resume::Off, Resume::SessionId, Resume::Ticket];

    /// The snake_case name (JSON, links, the CLI).
    pub fn name(self) -> &'static str {
        match self {
            Resume::Off => "off",
            Resume::SessionId => "session_id",
            Resume::Ticket => "ticket",
        }
    }

    /// The mode of a snake_case or command-line (`session-id`) name.
    pub fn from_name(s: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|r| r.name() == s || r.name().replace('_', "-") == s)
    }
}

/// When resumption must not happen: each ends in a full handshake or the alert the RFCs name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResumeFault {
    /// The server restarted between the connections: its cache is empty and its ticket key new.
    ServerForgot,
    /// One byte of the ticket is changed on the client's side: its tag no longer verifies.
    TicketTampered,
    /// The server rotated its ticket key: the old ticket names a key it no longer has.
    KeyRotated,
    /// The second connection comes after the session's lifetime.
    Expired,
    /// The client asks for another host (SNI) than the session was made for (RFC 6066 §3).
    OtherHost,
    /// The session used the extended master secret; the resuming hello drops it (RFC 7627 §5.3:
    /// the server aborts).
    EmsDropped,
    /// The session did not use the extended master secret; the resuming hello offers it (a full
    /// handshake).
    EmsAdded,
    /// The client no longer offers the session's cipher suite.
    OtherSuite,
}

impl ResumeFault {
    /// Every failure, in the order of the buttons.
    pub const ALL: [ResumeFault; 8] = [
        ResumeFault::ServerForgot,
        ResumeFault::TicketTampered,
        ResumeFault::KeyRotated,
        ResumeFault::Expired,
        ResumeFault::OtherHost,
        ResumeFault::EmsDropped,
        ResumeFault::EmsAdded,
        ResumeFault::OtherSuite,
    ];

    /// The snake_case name, e.g. `ticket_tampered`.
    pub fn name(self) -> &'static str {
        match self {
            ResumeFault::ServerForgot => "server_forgot",
            ResumeFault::TicketTampered => "ticket_tampered",
            ResumeFault::KeyRotated => "key_rotated",
            ResumeFault::Expired => "expired",
            ResumeFault::OtherHost => "other_host",
            ResumeFault::EmsDropped => "ems_dropped",
            ResumeFault::EmsAdded => "ems_added",
            ResumeFault::OtherSuite => "other_suite",
        }
    }

    /// The failure of a snake_case or command-line (`ticket-tampered`) name.
    pub fn from_name(s: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|f| f.name() == s || f.name().replace('_', "-") == s)
    }

    /// The way of resuming the failure is about (tickets for the ticket failures).
    pub fn needs(self) -> Resume {
        match self {
            ResumeFault::TicketTampered | ResumeFault::KeyRotated => Resume::Ticket,
            _ => Resume::SessionId,
        }
    }

    /// Apply it: a second connection of the needed kind (a ticket scenario keeps tickets), and
    /// the fault.
    pub fn apply(self, s: &mut crate::Scenario) {
        if s.resume == Resume::Off || self.needs() == Resume::Ticket {
            s.resume = self.needs();
        }
        if self == ResumeFault::EmsAdded {
            s.client_ems = false;
        }
        s.faults.push(crate::Fault::Resume { resume: self });
    }
}
