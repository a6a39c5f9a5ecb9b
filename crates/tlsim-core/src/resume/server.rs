//! The server's side of resumption: is the session the ClientHello offers one it may resume?
//!
//! In order: the session must be known (in the cache, or in a ticket that opens under one of the
//! server's keys), unexpired, made for the host asked for now (RFC 6066 §3), for a cipher suite
//! offered again, and with the extended master secret as it was (RFC 7627 §5.3). Any "no" means a
//! full handshake, except one: a session made with the extended master secret offered by a hello
//! without it, which RFC 7627 §5.3 says to abort (as OpenSSL does, with handshake_failure).

use super::{SessionState, TicketKey};
use crate::error::Error;
use crate::msg::{Hex, HsMsg, Msg, Suite};
use crate::msgs::{ClientHello, ExtensionType};
use crate::server::ServerContext;
use crate::transcript::{Check, Derived};
use crate::vocab::{CheckId, StepKey};

/// The server's resumption settings: the shared cache, the ticket keys, the lifetime.
#[derive(Clone, Debug)]
pub struct Resumption {
    /// Sessions kept by ID (`None`: no cache; the server's session IDs are then not resumable).
    pub cache: Option<super::SharedCache>,
    /// Ticket keys: the first seals new tickets, all of them open tickets (empty: no tickets).
    pub ticket_keys: Vec<TicketKey>,
    /// How long a session may be resumed (seconds); sent as the ticket's lifetime hint.
    pub lifetime: u32,
}

impl Default for Resumption {
    /// Neither cache nor tickets.
    fn default() -> Self {
        Self {
            cache: None,
            ticket_keys: Vec::new(),
            lifetime: super::DEFAULT_LIFETIME,
        }
    }
}

impl Resumption {
    /// A cache of `capacity` sessions and tickets under `key`.
    pub fn with(capacity: usize, key: Option<TicketKey>) -> Self {
        Self {
            cache: (capacity > 0).then(|| super::SessionCache::shared(capacity)),
            ticket_keys: key.into_iter().collect(),
            lifetime: super::DEFAULT_LIFETIME,
        }
    }
}

/// What the server decided about the offered session.
pub(crate) enum Decision {
    /// Nothing was offered: a first connection.
    NoneOffered,
    /// The session is resumed.
    Resume(SessionState),
    /// A full handshake instead.
    Full,
}

/// Look at the session the ClientHello offers; the step `lookup_session` says what was found.
pub(crate) fn consider(cx: &mut ServerContext, ch: &ClientHello) -> Result<Decision, Error> {
    let r = cx.config.resumption.clone();
    let ticket = ch
        .session_ticket()
        .filter(|t| !t.is_empty() && !r.ticket_keys.is_empty());
    let mut checks = Vec::new();
    let mut derived: Vec<Derived> = Vec::new();
    // 1. Known?
    let found: Result<SessionState, HsMsg> = match (ticket, &r.cache) {
        (Some(t), _) => {
            let opened = TicketKey::open(&r.ticket_keys, t);
            checks.push(Check {
                name: CheckId::TicketAuthentic,
                ok: opened.is_ok(),
                detail: match &opened {
                    Ok(_) => HsMsg::TicketOpened { len: t.len() },
                    Err(e) => e.msg(),
                }
                .into(),
            });
            match opened {
                Ok((s, d)) => {
                    derived = d;
                    Ok(s)
                }
                Err(e) => Err(e.msg()),
            }
        }
        (None, _) if ch.session_id.is_empty() => return Ok(Decision::NoneOffered),
        (None, None) => Err(HsMsg::SessionCacheOff {}),
        (None, Some(cache)) => {
            let got = cache
                .lock()
                .ok()
                .and_then(|c| c.get(&ch.session_id).cloned());
            let id = Hex(ch.session_id.clone());
            checks.push(Check {
                name: CheckId::SessionKnown,
                ok: got.is_some(),
                detail: match got {
                    Some(_) => HsMsg::SessionInCache { id: id.clone() },
                    None => HsMsg::SessionNotInCache { id: id.clone() },
                }
                .into(),
            });
            got.ok_or(HsMsg::SessionNotInCache { id })
        }
    };
    let state = match found {
        Ok(s) => s,
        Err(why) => {
            let notes = vec![why.into(), HsMsg::FullHandshakeInstead {}.into()];
            cx.common
                .event(StepKey::LookupSession, derived, checks, notes);
            return Ok(Decision::Full);
        }
    };
    // 2. The session's own conditions, each a check.
    let age = state.age(cx.now);
    let fresh = age >= 0 && age <= i64::from(r.lifetime);
    let host_now = ch.sni().unwrap_or_default();
    let same_host = state.host.eq_ignore_ascii_case(&host_now);
    let suite_offered = ch.cipher_suites.iter().any(|s| s.get() == state.suite)
        && cx.config.accepted_suites.contains(&state.suite);
    let client_ems = ch.has(ExtensionType::ExtendedMasterSecret);
    let ems_kept = state.ems == (client_ems && cx.config.ems);
    checks.push(Check {
        name: CheckId::SessionFresh,
        ok: fresh,
        detail: HsMsg::SessionAgeDetail {
            age,
            lifetime: r.lifetime,
        }
        .into(),
    });
    checks.push(Check {
        name: CheckId::SessionHost,
        ok: same_host,
        detail: HsMsg::SessionHostDetail {
            session: state.host.clone(),
            now: host_now.clone(),
        }
        .into(),
    });
    checks.push(Check {
        name: CheckId::SessionSuite,
        ok: suite_offered,
        detail: HsMsg::SessionSuiteDetail {
            suite: Suite(state.suite),
        }
        .into(),
    });
    checks.push(Check {
        name: CheckId::SessionEms,
        ok: ems_kept,
        detail: HsMsg::SessionEmsDetail {
            session: state.ems,
            now: client_ems,
        }
        .into(),
    });
    let why: Option<HsMsg> = if !fresh {
        Some(HsMsg::SessionExpired {
            age,
            lifetime: r.lifetime,
        })
    } else if !same_host {
        Some(HsMsg::SessionOtherHost {
            session: state.host.clone(),
            now: host_now,
        })
    } else if !suite_offered {
        Some(HsMsg::SessionSuiteNotOffered {
            suite: Suite(state.suite),
        })
    } else if state.ems && !client_ems {
        // RFC 7627 §5.3: "the server MUST abort the abbreviated handshake".
        let e = HsMsg::SessionEmsDropped {};
        cx.common.event(
            StepKey::LookupSession,
            derived,
            checks,
            vec![e.clone().into()],
        );
        return Err(Error::HandshakeFailure(e.into()));
    } else if !ems_kept {
        Some(HsMsg::SessionEmsAdded {})
    } else {
        None
    };
    match why {
        Some(why) => {
            if !fresh && ticket.is_none() {
                if let Some(c) = &r.cache {
                    if let Ok(mut c) = c.lock() {
                        c.remove(&ch.session_id);
                    }
                }
            }
            let notes: Vec<Msg> = vec![why.into(), HsMsg::FullHandshakeInstead {}.into()];
            cx.common
                .event(StepKey::LookupSession, derived, checks, notes);
            Ok(Decision::Full)
        }
        None => {
            let note = if ticket.is_some() {
                HsMsg::ResumeByTicket {}
            } else {
                HsMsg::ResumeById {
                    id: Hex(ch.session_id.clone()),
                }
            };
            cx.common
                .event(StepKey::LookupSession, derived, checks, vec![note.into()]);
            Ok(Decision::Resume(state))
        }
    }
}
