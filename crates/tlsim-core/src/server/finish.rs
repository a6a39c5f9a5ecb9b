//! The client's ChangeCipherSpec and Finished in; ours out; then application data.

use super::{ServerContext, ServerState};
use crate::conn::{unexpected, Incoming};
use crate::error::{AlertDescription, Error};
use crate::keys::Secrets;
use crate::msg::{Hex, HsMsg};
use crate::msgs::{Finished, HandshakePayload, HandshakeType, NewSessionTicket};
use crate::resume::SessionState;
use crate::transcript::Check;
use crate::vocab::{CheckId, StepKey};
use rand_core::RngCore;

/// Waiting for the client's ChangeCipherSpec.
#[derive(Debug)]
pub struct ExpectCcs {
    pub(crate) secrets: Secrets,
}

impl ExpectCcs {
    pub(crate) fn handle(self, cx: &mut ServerContext, m: Incoming) -> Result<ServerState, Error> {
        match m {
            Incoming::ChangeCipherSpec => {
                cx.common.activate_read()?;
                Ok(ServerState::ExpectFinished(ExpectFinished {
                    secrets: self.secrets,
                }))
            }
            m => Err(m.unexpected("change_cipher_spec")),
        }
    }
}

/// Waiting for the client's Finished.
#[derive(Debug)]
pub struct ExpectFinished {
    secrets: Secrets,
}

impl ExpectFinished {
    pub(crate) fn handle(self, cx: &mut ServerContext, m: Incoming) -> Result<ServerState, Error> {
        let (p, raw) = m.handshake(&[HandshakeType::Finished])?;
        let HandshakePayload::Finished(f) = p else {
            return Err(unexpected("finished", &p.typ().name()));
        };
        // 1. Recompute the client's verify_data.
        let (expected, d) = self.secrets.verify_data(true, &cx.common.transcript);
        let ok = f.verify_data == expected;
        let received = Hex(f.verify_data.clone());
        let computed = Hex(expected.to_vec());
        let wrong = HsMsg::ClientFinishedWrong {
            received: received.clone(),
            computed: computed.clone(),
        };
        let note = if ok {
            HsMsg::ClientFinishedOk {}
        } else {
            wrong.clone()
        };
        cx.common.event(
            StepKey::VerifyFinishedServer,
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
        // Resumed: our Finished went first; the handshake is done.
        if cx.resumed {
            return Ok(ServerState::Traffic(Traffic));
        }
        // 2. The session, kept for later: in the cache under its ID, and (if the client asked)
        //    sealed into a ticket sent before our ChangeCipherSpec (RFC 5077 §3.3).
        let state = SessionState {
            suite: cx.suite.unwrap_or_default(),
            master: self.secrets.master,
            ems: cx.ems,
            host: cx.host.clone(),
            created: cx.now,
        };
        let mut notes = Vec::new();
        if let Some(cache) = &cx.config.resumption.cache {
            if !cx.session_id.is_empty() {
                if let Ok(mut c) = cache.lock() {
                    c.insert(&cx.session_id, state.clone());
                    notes.push(
                        HsMsg::SessionCached {
                            id: Hex(cx.session_id.clone()),
                        }
                        .into(),
                    );
                }
            }
        }
        if let Some(key) = cx.config.resumption.ticket_keys.first().cloned() {
            if cx.issue_ticket {
                let mut nonce = [0u8; 12];
                cx.rng.fill_bytes(&mut nonce);
                let (ticket, d) = key.seal(&state, nonce);
                let lifetime = cx.config.resumption.lifetime;
                let note = HsMsg::TicketIssued {
                    lifetime,
                    len: ticket.len(),
                };
                cx.common.send_handshake(
                    HandshakePayload::NewSessionTicket(NewSessionTicket {
                        ticket_lifetime_hint: lifetime,
                        ticket,
                    }),
                    StepKey::NewSessionTicket,
                    d,
                    vec![note.into()],
                )?;
            }
        }
        // 3. Our ChangeCipherSpec and Finished (over the handshake including the client's Finished).
        send_finished(cx, &self.secrets, notes)?;
        Ok(ServerState::Traffic(Traffic))
    }
}

/// Our ChangeCipherSpec, then Finished over the handshake so far; `notes` go on the Finished.
pub(crate) fn send_finished(
    cx: &mut ServerContext,
    secrets: &Secrets,
    mut notes: Vec<crate::msg::Msg>,
) -> Result<(), Error> {
    cx.common.send_ccs(
        StepKey::ChangeCipherSpecServer,
        secrets.server_cipher(),
        vec![HsMsg::ServerCcsSent {}.into()],
    )?;
    let (verify_data, d) = secrets.verify_data(false, &cx.common.transcript);
    notes.insert(
        0,
        HsMsg::ServerFinishedSent {
            verify_data: Hex(verify_data.to_vec()),
        }
        .into(),
    );
    cx.common.send_handshake(
        HandshakePayload::Finished(Finished {
            verify_data: verify_data.to_vec(),
        }),
        StepKey::FinishedServer,
        d,
        notes,
    )
}

/// Handshake done: application data flows.
#[derive(Debug)]
pub struct Traffic;

impl Traffic {
    pub(crate) fn handle(self, cx: &mut ServerContext, m: Incoming) -> Result<ServerState, Error> {
        match m {
            Incoming::AppData(d) => {
                cx.common.out.app_data.push(d);
                Ok(ServerState::Traffic(self))
            }
            // A ClientHello after the handshake asks to renegotiate. This server does not: it
            // says so with a warning no_renegotiation and keeps the connection (RFC 5246
            // §7.2.2, §7.4.1.2; RFC 5746 §4.4), as OpenSSL does with renegotiation off.
            m if m.is_handshake(HandshakeType::ClientHello) => {
                cx.common.send_warning(
                    StepKey::NoRenegotiation,
                    AlertDescription::NoRenegotiation,
                    vec![HsMsg::RenegotiationRefused {}.into()],
                )?;
                Ok(ServerState::Traffic(self))
            }
            m => Err(m.unexpected("application_data")),
        }
    }
}
