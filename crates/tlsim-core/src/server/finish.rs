//! The client's ChangeCipherSpec and Finished in; ours out; then application data.

use super::{ServerContext, ServerState};
use crate::conn::Incoming;
use crate::error::Error;
use crate::keys::Secrets;
use crate::msgs::{Finished, HandshakePayload};
use crate::transcript::Check;

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
        let (p, raw) = m.handshake("finished")?;
        let HandshakePayload::Finished(f) = p else {
            return Err(Error::UnexpectedMessage {
                expected: "finished".into(),
                got: p.typ().name(),
            });
        };
        // 1. Recompute the client's verify_data.
        let (expected, d) = self.secrets.verify_data(true, &cx.common.transcript);
        let ok = f.verify_data == expected;
        let detail = format!(
            "received {}, computed {}",
            hex::encode(&f.verify_data),
            hex::encode(expected)
        );
        let note = if ok {
            "The server recomputes the client's verify_data: it matches.".to_string()
        } else {
            format!("The client's verify_data does not match: {detail}.")
        };
        cx.common.event(
            "verify_finished_server",
            "Server checks client Finished",
            d,
            vec![Check {
                name: "finished".into(),
                ok,
                detail: detail.clone(),
            }],
            note,
        );
        if !ok {
            return Err(Error::DecryptError(format!("client Finished: {detail}")));
        }
        cx.common.transcript.extend_from_slice(&raw);
        // 2. Our ChangeCipherSpec and Finished (over the handshake including the client's Finished).
        cx.common.send_ccs(
            "change_cipher_spec_server",
            self.secrets.server_cipher(),
            "The server switches to the new keys for what it sends.".into(),
        )?;
        let (verify_data, d) = self.secrets.verify_data(false, &cx.common.transcript);
        cx.common.send_handshake(
            HandshakePayload::Finished(Finished {
                verify_data: verify_data.to_vec(),
            }),
            "finished_server",
            "Finished (server)",
            d,
            format!(
                "server verify_data = {}, encrypted under the server's write key.",
                hex::encode(verify_data)
            ),
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
            m => Err(m.unexpected("application_data")),
        }
    }
}
