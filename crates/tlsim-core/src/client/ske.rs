//! ServerKeyExchange in (DHE_RSA, ECDHE_RSA): the client checks the server's signature over its
//! ephemeral parameters, then the parameters themselves, and draws its own key pair.

use super::hello::Randoms;
use super::kx::ExpectServerHelloDone;
use super::{ClientContext, ClientState};
use crate::conn::{unexpected, Incoming};
use crate::error::Error;
use crate::kx::ephemeral::{DhGroup, Params};
use crate::kx::{self, ffdhe, Ephemeral, Group, KxAlg};
use crate::msg::{HsMsg, SigAlg, Suite};
use crate::msgs::{HandshakePayload, HandshakeType, KxParams};
use crate::transcript::Check;
use crate::vocab::{CheckId, StepKey};
use rsa::RsaPublicKey;

/// Waiting for the server's ServerKeyExchange.
#[derive(Debug)]
pub struct ExpectServerKeyExchange {
    pub(crate) randoms: Randoms,
    pub(crate) server_key: RsaPublicKey,
    pub(crate) kx: KxAlg,
    pub(crate) suite: u16,
}

/// The client's key pair and the server's public value, once ServerKeyExchange is checked.
#[derive(Debug)]
pub struct Exchange {
    /// The client's ephemeral key pair (a, and its public value).
    pub(crate) ours: Ephemeral,
    /// The server's public value.
    pub(crate) theirs: Vec<u8>,
}

impl ExpectServerKeyExchange {
    pub(crate) fn handle(self, cx: &mut ClientContext, m: Incoming) -> Result<ClientState, Error> {
        let (p, raw) = m.handshake(&[HandshakeType::ServerKeyExchange])?;
        let HandshakePayload::ServerKeyExchange(ske) = p else {
            return Err(unexpected("server_key_exchange", &p.typ().name()));
        };
        // 1. The form must be the negotiated suite's.
        let wrong_form = || {
            Error::IllegalParameter(
                HsMsg::SkeWrongForm {
                    suite: Suite(self.suite),
                }
                .into(),
            )
        };
        let params = match (&ske.params, self.kx) {
            (KxParams::Ec { group, .. }, KxAlg::Ecdhe) => {
                // A curve we offered (RFC 8422 §5.4).
                match Group::from_id(*group) {
                    Some(g) if g.is_ec() && cx.config.groups.contains(group) => Params::of(g),
                    _ => {
                        return Err(Error::IllegalParameter(
                            HsMsg::GroupNotOffered {
                                group: kx::group_name(*group),
                            }
                            .into(),
                        ))
                    }
                }
            }
            (KxParams::Dh { p, g, .. }, KxAlg::Dhe) => Params::Dh(DhGroup {
                p: p.clone(),
                g: g.clone(),
            }),
            _ => return Err(wrong_form()),
        };
        // 2. The signature scheme must be one we offered.
        if !crate::sigalg::ACCEPTED.contains(&ske.algorithm)
            || !cx.config.signature_algorithms.contains(&ske.algorithm)
        {
            return Err(Error::IllegalParameter(
                HsMsg::SkeAlgorithmNotOffered {
                    got: SigAlg(ske.algorithm),
                }
                .into(),
            ));
        }
        // 3. The signature, with the certificate's key, over both randoms and the params: only
        //    the certificate's owner can have made these parameters for this session.
        let randoms = (&self.randoms.client, &self.randoms.server);
        let (ok, d, check) = kx::signed::verify(&self.server_key, randoms, &ske)
            .ok_or_else(|| Error::Internal(HsMsg::RsaSignFailed {}.into()))?;
        let mut checks = vec![check];
        // 4. The parameters: a prime of at least 2048 bits and a usable generator (DHE), a public
        //    value that gives nothing away (DHE: 1 < Ys < p-1; ECDHE: checked when agreeing).
        let public_ok = if !ok {
            Ok(())
        } else {
            match &ske.params {
                KxParams::Dh { p, g, ys } => {
                    ffdhe::check_group(p, g).and_then(|_| ffdhe::check_public(p, ys))
                }
                KxParams::Ec { .. } => Ok(()),
            }
        };
        if ok {
            checks.push(Check {
                name: CheckId::PeerPublic,
                ok: public_ok.is_ok(),
                detail: match &public_ok {
                    Ok(_) => HsMsg::PeerPublicOk {
                        group: params.name(),
                    }
                    .into(),
                    Err(e) => e.reason(),
                },
            });
        }
        let note = if ok {
            HsMsg::SkeSignatureOk {}
        } else {
            HsMsg::SkeSignatureBad {}
        };
        cx.common.event(
            StepKey::VerifyServerKeyExchange,
            d,
            checks,
            vec![note.into()],
        );
        if !ok {
            return Err(Error::DecryptError(HsMsg::SkeSignatureBad {}.into()));
        }
        public_ok?;
        cx.common.transcript.extend_from_slice(&raw);
        cx.group = params.group();
        // 5. Our own key pair in the server's group.
        let ours = Ephemeral::new(params, cx.config.ephemeral_secret.as_deref(), &mut cx.rng)?;
        Ok(ClientState::ExpectServerHelloDone(
            ExpectServerHelloDone::new(self.randoms, self.server_key).with_exchange(Exchange {
                ours,
                theirs: ske.params.public().to_vec(),
            }),
        ))
    }
}
