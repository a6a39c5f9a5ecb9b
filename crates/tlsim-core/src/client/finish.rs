//! The server's ChangeCipherSpec and Finished in; then application data.

use super::{ClientContext, ClientState};
use crate::conn::Incoming;
use crate::error::Error;
use crate::keys::Secrets;
use crate::msgs::HandshakePayload;
use crate::transcript::Check;

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
        let (p, raw) = m.handshake("finished")?;
        let HandshakePayload::Finished(f) = p else {
            return Err(Error::UnexpectedMessage {
                expected: "finished".into(),
                got: p.typ().name(),
            });
        };
        // 1. Recompute the server's verify_data over the handshake (its Finished excluded).
        let (expected, d) = self.secrets.verify_data(false, &cx.common.transcript);
        let ok = f.verify_data == expected;
        let detail = format!(
            "received {}, computed {}",
            hex::encode(&f.verify_data),
            hex::encode(expected)
        );
        let note = if ok {
            "The client recomputes the server's verify_data: it matches, so the server saw the same \
             handshake and holds the same keys. The handshake is complete."
                .to_string()
        } else {
            format!("The server's verify_data does not match: {detail}.")
        };
        cx.common.event(
            "verify_finished_client",
            "Client checks server Finished",
            d,
            vec![Check {
                name: "finished".into(),
                ok,
                detail: detail.clone(),
            }],
            note,
        );
        if !ok {
            return Err(Error::DecryptError(format!("server Finished: {detail}")));
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
            // A renegotiation request or anything else is refused.
            m => Err(m.unexpected("application_data")),
        }
    }
}
