//! The server's ChangeCipherSpec and Finished in; then application data.

use super::{ClientContext, ClientState};
use crate::conn::{unexpected, Incoming};
use crate::error::{AlertDescription, Error};
use crate::keys::Secrets;
use crate::msg::{Hex, HsMsg};
use crate::msgs::{Finished, HandshakePayload, HandshakeType};
use crate::resume::Session;
use crate::transcript::Check;
use crate::vocab::{CheckId, StepKey, ValueId};

/// After our keys: the server's NewSessionTicket if it promised one, else its ChangeCipherSpec.
pub(crate) fn after_keys(cx: &ClientContext, secrets: Secrets) -> ClientState {
    if cx.ticket_expected {
        ClientState::ExpectNewSessionTicket(ExpectNewSessionTicket { secrets })
    } else {
        ClientState::ExpectCcs(ExpectCcs { secrets })
    }
}

/// Waiting for the NewSessionTicket the server promised (RFC 5077 §3.3).
#[derive(Debug)]
pub struct ExpectNewSessionTicket {
    secrets: Secrets,
}

impl ExpectNewSessionTicket {
    pub(crate) fn handle(self, cx: &mut ClientContext, m: Incoming) -> Result<ClientState, Error> {
        let (p, raw) = m.handshake(&[HandshakeType::NewSessionTicket])?;
        let HandshakePayload::NewSessionTicket(t) = p else {
            return Err(unexpected("new_session_ticket", &p.typ().name()));
        };
        cx.common.transcript.extend_from_slice(&raw);
        cx.ticket = Some((t.ticket_lifetime_hint, t.ticket));
        Ok(ClientState::ExpectCcs(ExpectCcs {
            secrets: self.secrets,
        }))
    }
}

/// Our ChangeCipherSpec (from now on everything we send is encrypted), then Finished over the
/// handshake so far.
pub(crate) fn send_finished(cx: &mut ClientContext, secrets: &Secrets) -> Result<(), Error> {
    cx.common.send_ccs(
        StepKey::ChangeCipherSpecClient,
        secrets.client_cipher(),
        vec![HsMsg::ClientCcsSent {}.into()],
    )?;
    let (verify_data, d) = secrets.verify_data(true, &cx.common.transcript);
    cx.common.send_handshake(
        HandshakePayload::Finished(Finished {
            verify_data: verify_data.to_vec(),
        }),
        StepKey::FinishedClient,
        d,
        vec![HsMsg::ClientFinishedSent {
            verify_data: Hex(verify_data.to_vec()),
        }
        .into()],
    )
}

/// The session as the client keeps it.
pub(crate) fn session_of(cx: &ClientContext) -> Option<Session> {
    let master = cx.master_secret?;
    let old = cx.config.resume.as_ref().filter(|_| cx.resumed);
    let (lifetime_hint, ticket) = match (&cx.ticket, old) {
        (Some((h, t)), _) => (*h, Some(t.clone())),
        (None, Some(o)) => (o.lifetime_hint, o.ticket.clone()),
        (None, None) => (0, None),
    };
    Some(Session {
        id: cx.session_id.clone(),
        ticket,
        lifetime_hint,
        suite: cx.suite?,
        master,
        ems: cx.ems,
        host: cx.config.host.clone(),
        created: old.map_or(cx.now, |o| o.created),
    })
}

/// Waiting for the server's ChangeCipherSpec.
#[derive(Debug)]
pub struct ExpectCcs {
    pub(crate) secrets: Secrets,
}

impl ExpectCcs {
    pub(crate) fn handle(self, cx: &mut ClientContext, m: Incoming) -> Result<ClientState, Error> {
        match m {
            Incoming::ChangeCipherSpec => {
                cx.common.activate_read()?;
                Ok(ClientState::ExpectFinished(ExpectFinished {
                    secrets: self.secrets,
                }))
            }
            m => Err(m.unexpected("change_cipher_spec")),
        }
    }
}

/// Waiting for the server's Finished.
#[derive(Debug)]
pub struct ExpectFinished {
    secrets: Secrets,
}

impl ExpectFinished {
    pub(crate) fn handle(self, cx: &mut ClientContext, m: Incoming) -> Result<ClientState, Error> {
        let (p, raw) = m.handshake(&[HandshakeType::Finished])?;
        let HandshakePayload::Finished(f) = p else {
            return Err(unexpected("finished", &p.typ().name()));
        };
        // 1. Recompute the server's verify_data over the handshake (its Finished excluded).
        let (expected, d) = self.secrets.verify_data(false, &cx.common.transcript);
        let ok = f.verify_data == expected;
        let received = Hex(f.verify_data.clone());
        let computed = Hex(expected.to_vec());
        let wrong = HsMsg::ServerFinishedWrong {
            received: received.clone(),
            computed: computed.clone(),
        };
        let note = if ok {
            HsMsg::ServerFinishedOk {}
        } else {
            wrong.clone()
        };
        cx.common.event(
            StepKey::VerifyFinishedClient,
            d,
            vec![Check {
                name: CheckId::Finished,
                ok,
                detail: HsMsg::FinishedDetail { received, computed }.into(),
            }],
            vec![note.into()],
        );
        if !ok {
            return Err(Error::DecryptError(wrong.into()));
        }
        cx.common.transcript.extend_from_slice(&raw);
        // Resumed: the server went first; our ChangeCipherSpec and Finished follow.
        if cx.resumed {
            send_finished(cx, &self.secrets)?;
        }
        if cx.config.keep_session {
            if let Some(s) = session_of(cx) {
                let mut d = vec![crate::conn::derived(ValueId::SessionId, "", &[], &s.id)];
                if let Some(t) = &s.ticket {
                    d.push(crate::conn::derived(ValueId::SessionTicket, "", &[], t));
                }
                d.push(crate::conn::derived(
                    ValueId::MasterSecret,
                    "",
                    &[],
                    &s.master,
                ));
                let note = HsMsg::SessionKept {
                    id_len: s.id.len(),
                    ticket_len: s.ticket.as_ref().map_or(0, |t| t.len()),
                };
                cx.common
                    .event(StepKey::StoreSession, d, Vec::new(), vec![note.into()]);
            }
        }
        Ok(ClientState::Traffic(Traffic))
    }
}

/// Handshake done: application data flows.
#[derive(Debug)]
pub struct Traffic;

impl Traffic {
    pub(crate) fn handle(self, cx: &mut ClientContext, m: Incoming) -> Result<ClientState, Error> {
        match m {
            Incoming::AppData(d) => {
                cx.common.out.app_data.push(d);
                Ok(ClientState::Traffic(self))
            }
            // A HelloRequest asks the client to renegotiate. This client does not: it answers
            // with a warning no_renegotiation and the connection goes on (RFC 5246 §7.4.1.1).
            m if m.is_handshake(HandshakeType::HelloRequest) => {
                cx.common.send_warning(
                    StepKey::NoRenegotiation,
                    AlertDescription::NoRenegotiation,
                    vec![HsMsg::RenegotiationRefused {}.into()],
                )?;
                Ok(ClientState::Traffic(self))
            }
            m => Err(m.unexpected("application_data")),
        }
    }
}
