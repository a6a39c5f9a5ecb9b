//! The client's ChangeCipherSpec and Finished in; ours out; then application data.

use super::{ServerContext, ServerState};
use crate::conn::{unexpected, Incoming};
use crate::error::{AlertDescription, Error};
use crate::keys::Secrets;
use crate::msg::{Hex, HsMsg};
use crate::msgs::{Finished, HandshakePayload, HandshakeType};
use crate::transcript::Check;
use crate::vocab::{CheckId, StepKey};

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
        // 2. Our ChangeCipherSpec and Finished (over the handshake including the client's Finished).
        cx.common.send_ccs(
            StepKey::ChangeCipherSpecServer,
            self.secrets.server_cipher(),
            vec![HsMsg::ServerCcsSent {}.into()],
        )?;
        let (verify_data, d) = self.secrets.verify_data(false, &cx.common.transcript);
        cx.common.send_handshake(
            HandshakePayload::Finished(Finished {
                verify_data: verify_data.to_vec(),
            }),
            StepKey::FinishedServer,
            d,
            vec![HsMsg::ServerFinishedSent {
                verify_data: Hex(verify_data.to_vec()),
            }
            .into()],
        )?;
        Ok(ServerState::Traffic(Traffic))
    }
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
