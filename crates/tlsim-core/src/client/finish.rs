//! The server's ChangeCipherSpec and Finished in; then application data.

use super::{ClientContext, ClientState};
use crate::conn::{unexpected, Incoming};
use crate::error::{AlertDescription, Error};
use crate::keys::Secrets;
use crate::msg::{Hex, HsMsg};
use crate::msgs::{HandshakePayload, HandshakeType};
use crate::transcript::Check;
use crate::vocab::{CheckId, StepKey};

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
