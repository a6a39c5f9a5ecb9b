//! The second connection (issue 14): later, the client connects again and offers the session the
//! first connection made; the failure chosen acts between the two connections (the server
//! restarted, the ticket changed, the clock moved on, the client asks for another host, ...).

use super::Sim;
use crate::client::Client;
use crate::conn::derived;
use crate::error::Error;
use crate::keygen::purpose_rng;
use crate::msg::{Hex, Msg, SimMsg, Suite};
use crate::resume::{cache, Session, TicketKey};
use crate::scenario::{ResumeFault, Scenario};
use crate::server::Server;
use crate::simulate::setup::Again;
use crate::transcript::{Actor, Step, StepKind};
use crate::vocab::{StepKey, ValueId};
use rand_core::RngCore;

/// The byte of the ticket the tampering fault changes: inside the sealed state.
const TICKET_FLIP_OFFSET: usize = 40;

impl Sim<'_> {
    /// Run the second connection from `again`, with the failures of `sc` acting between.
    pub(super) fn reconnect(&mut self, sc: &Scenario, again: Again) -> Result<(), Error> {
        let Some(mut session) = self.s.client.session() else {
            return Ok(());
        };
        let Again {
            client: mut cc,
            server: mut srv,
            seed,
            mut now,
        } = again;
        let mut notes: Vec<Msg> = Vec::new();
        // New randoms this time (a fixed random is the first connection's).
        cc.client_random = None;
        cc.resume = None;
        cc.keep_session = false;
        srv.server_random = None;
        srv.session_id = None;
        let f = |x: ResumeFault| sc.has_resume_fault(x);
        let fresh_key = || {
            let mut k = [0u8; 16];
            purpose_rng(&seed, "ticket_key/2").fill_bytes(&mut k);
            TicketKey::new(k)
        };
        if f(ResumeFault::ServerForgot) {
            srv.resumption.cache = srv
                .resumption
                .cache
                .as_ref()
                .map(|_| cache::SessionCache::shared(cache::DEFAULT_CAPACITY));
            if !srv.resumption.ticket_keys.is_empty() {
                srv.resumption.ticket_keys = vec![fresh_key()];
            }
            notes.push(SimMsg::ServerRestarted {}.into());
        }
        if f(ResumeFault::KeyRotated) {
            srv.resumption.ticket_keys = vec![fresh_key()];
            notes.push(SimMsg::TicketKeyRotated {}.into());
        }
        if f(ResumeFault::TicketTampered) {
            if let Some(b) = session
                .ticket
                .as_mut()
                .and_then(|t| t.get_mut(TICKET_FLIP_OFFSET))
            {
                *b ^= 0x01;
                notes.push(
                    SimMsg::TicketChanged {
                        offset: TICKET_FLIP_OFFSET,
                    }
                    .into(),
                );
            }
        }
        let later = if f(ResumeFault::Expired) {
            i64::from(srv.resumption.lifetime) + 60
        } else {
            60
        };
        now += later;
        notes.push(SimMsg::ComesLater { seconds: later }.into());
        if f(ResumeFault::OtherHost) {
            let other = sc
                .server_sans
                .iter()
                .find(|h| !h.eq_ignore_ascii_case(&cc.host))
                .cloned()
                .unwrap_or_else(|| "example.com".into());
            notes.push(
                SimMsg::AsksOtherHost {
                    host: other.clone(),
                }
                .into(),
            );
            cc.host = other;
        }
        if f(ResumeFault::EmsDropped) {
            cc.ems = false;
            notes.push(SimMsg::EmsOffNow {}.into());
        }
        if f(ResumeFault::EmsAdded) {
            cc.ems = true;
            srv.ems = true;
            notes.push(SimMsg::EmsOnNow {}.into());
        }
        if f(ResumeFault::OtherSuite) {
            // Another suite this engine implements, which the server takes too.
            let other = if session.suite == crate::kx::KxAlg::Ecdhe.suite() {
                crate::kx::KxAlg::Rsa.suite()
            } else {
                crate::kx::KxAlg::Ecdhe.suite()
            };
            cc.offered_suites = vec![other];
            if !srv.accepted_suites.contains(&other) {
                srv.accepted_suites.push(other);
            }
            notes.push(
                SimMsg::OffersOtherSuite {
                    suite: Suite(other),
                }
                .into(),
            );
        }
        // The step: what the client offers.
        notes.insert(
            0,
            match &session.ticket {
                Some(t) => SimMsg::ReconnectByTicket { len: t.len() },
                None => SimMsg::ReconnectById {
                    id: Hex(session.id.clone()),
                },
            }
            .into(),
        );
        self.steps.push(offer_step(&session, notes));
        cc.resume = Some(session);
        // Both engines anew; the first client is kept for the key log. A man in the middle of
        // the first connection is not on the second: it goes to the server itself.
        self.s.mitm = None;
        let server = Server::new(srv, purpose_rng(&seed, "server/2"), now)?;
        let (client, first) = Client::new(cc, purpose_rng(&seed, "client/2"), now)?;
        self.first_client = Some(std::mem::replace(&mut self.s.client, client));
        self.s.server = server;
        self.s.client_first = first;
        self.second = true;
        self.client_closed = false;
        self.server_closed = false;
        self.server_got.clear();
        self.connection(sc)
    }
}

/// The `reconnect` step: the session the client kept and now offers.
fn offer_step(s: &Session, notes: Vec<Msg>) -> Step {
    let mut d = vec![derived(ValueId::SessionId, "", &[], &s.id)];
    if let Some(t) = &s.ticket {
        d.push(derived(ValueId::SessionTicket, "", &[], t));
    }
    d.push(derived(ValueId::MasterSecret, "", &[], &s.master));
    Step {
        key: StepKey::Reconnect,
        kind: StepKind::Compute,
        from: Actor::Client,
        to: Actor::Client,
        bytes: Vec::new(),
        fields: Vec::new(),
        derived: d,
        checks: Vec::new(),
        notes,
        alert: None,
    }
}
