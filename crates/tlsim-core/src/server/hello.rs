//! ClientHello in; ServerHello, Certificate, [ServerKeyExchange], [CertificateRequest],
//! ServerHelloDone out.

use super::finish::ExpectCcs;
use super::kx::{ExpectClientCertificate, ExpectClientKeyExchange};
use super::{ServerContext, ServerState};
use crate::client::hello::Randoms;
use crate::conn::{derived, unexpected, Incoming};
use crate::error::Error;
use crate::keys::Secrets;
use crate::kx::ephemeral::{Params, Side};
use crate::kx::{self, Ephemeral, Group, KxAlg};
use crate::msg::Hex;
use crate::msg::{HsMsg, Msg, SigAlg, Suite, Version};
use crate::msgs::enums::TLS12;
use crate::msgs::ClientHello;
use crate::msgs::{
    Certificate, CertificateRequest, CipherSuite, Extension, ExtensionType, HandshakePayload,
    HandshakeType, ServerHello, ServerHelloDone,
};
use crate::msgs::{KxParams, ServerKeyExchange};
use crate::resume::server::Decision;
use crate::resume::SessionState;
use crate::vocab::{StepKey, ValueId};
use crate::{sigalg, suites};
use rand_core::RngCore;

/// Waiting for the ClientHello.
#[derive(Debug)]
pub struct ExpectClientHello;

impl ExpectClientHello {
    pub(crate) fn handle(self, cx: &mut ServerContext, m: Incoming) -> Result<ServerState, Error> {
        let (p, raw) = m.handshake(&[HandshakeType::ClientHello])?;
        // From now on the record version must be exactly 0x0303.
        cx.common.lenient_version = false;
        let HandshakePayload::ClientHello(ch) = p else {
            return Err(unexpected("client_hello", &p.typ().name()));
        };
        // 1. Version: the client must support TLS 1.2 (a higher offer is answered with 1.2).
        if ch.client_version < TLS12 {
            return Err(Error::ProtocolVersion(
                HsMsg::ClientVersionTooLow {
                    got: Version(ch.client_version),
                }
                .into(),
            ));
        }
        // 2. Suite: the server's first preference that the client offered (and this engine
        //    implements).
        let client_groups = ch.supported_groups();
        let usable = |kx: KxAlg| {
            !kx.is_ephemeral() || kx::choose_group(kx, client_groups, &cx.config.groups).is_some()
        };
        let suite = suites::choose(&ch.cipher_suites, &cx.config.accepted_suites, usable)
            .ok_or_else(|| {
                Error::HandshakeFailure(
                    HsMsg::NoCommonSuite {
                        offered: ch.cipher_suites.iter().map(|s| Suite(s.get())).collect(),
                        accepted: cx
                            .config
                            .accepted_suites
                            .iter()
                            .map(|v| Suite(*v))
                            .collect(),
                    }
                    .into(),
                )
            })?;
        let kx_alg = KxAlg::of(suite).unwrap_or(KxAlg::Rsa);
        cx.group = kx::choose_group(kx_alg, client_groups, &cx.config.groups);
        // The scheme for ServerKeyExchange: ours that the client listed (RFC 5246 §7.4.1.4.1;
        // a client that sends no list gets SHA-256, not the RFC's SHA-1 default).
        let ske_alg = match ch.signature_algorithms() {
            None => sigalg::RSA_PKCS1_SHA256,
            Some(list) => match sigalg::choose(list) {
                Some(a) => a,
                None if kx_alg.is_ephemeral() => {
                    return Err(Error::HandshakeFailure(
                        HsMsg::NoCommonSigAlg {
                            offered: list.iter().copied().map(SigAlg).collect(),
                        }
                        .into(),
                    ))
                }
                None => sigalg::RSA_PKCS1_SHA256,
            },
        };
        cx.suite = Some(suite.get());
        // 3. server_name (RFC 6066 §3): malformed lists were refused by the decoder; here at most
        //    one host_name, in printable ASCII. A name this server has no certificate for is not
        //    refused (the RFC lets a server go on): it sends its one certificate, and the client's
        //    host-name check decides.
        ch.checked_host_name()?;
        // 4. Compression: null must be offered.
        if !ch.compression_methods.contains(&0) {
            return Err(Error::IllegalParameter(HsMsg::NoNullCompression {}.into()));
        }
        // 5. Secure renegotiation (RFC 5746 §3.6): an empty renegotiation_info or the SCSV means
        //    the client supports it; we must then answer with an empty renegotiation_info.
        let mut secure_reneg = ch
            .cipher_suites
            .contains(&CipherSuite::TlsEmptyRenegotiationInfoScsv);
        for e in &ch.extensions {
            if let Extension::RenegotiationInfo(v) = e {
                if !v.is_empty() {
                    return Err(Error::HandshakeFailure(
                        HsMsg::RenegotiationInfoNotEmpty {}.into(),
                    ));
                }
                secure_reneg = true;
            }
        }
        // 6. Extended master secret iff both want it (RFC 7627 §5.2).
        let client_ems = ch.has(ExtensionType::ExtendedMasterSecret);
        cx.ems = cx.config.ems && client_ems;
        cx.client_random = Some(ch.random);
        cx.common.transcript.extend_from_slice(&raw);
        cx.host = ch.sni().unwrap_or_default();

        // 7. Resumption (issue 14): the session the client offers, by ID or ticket, if any.
        if let Decision::Resume(state) = crate::resume::server::consider(cx, &ch)? {
            return resume(cx, &ch, state, secure_reneg);
        }
        cx.issue_ticket =
            ch.session_ticket().is_some() && !cx.config.resumption.ticket_keys.is_empty();

        // 8. ServerHello.
        let random = server_random(cx);
        let session_id = match &cx.config.session_id {
            Some(id) => id.clone(),
            None => {
                let mut id = vec![0u8; 32];
                cx.rng.fill_bytes(&mut id);
                id
            }
        };
        let mut extensions = Vec::new();
        if secure_reneg {
            extensions.push(Extension::RenegotiationInfo(Vec::new()));
        }
        if cx.ems {
            extensions.push(Extension::ExtendedMasterSecret);
        }
        if cx.issue_ticket {
            extensions.push(Extension::SessionTicket(Vec::new()));
        }
        cx.session_id = session_id.clone();
        let mut notes: Vec<Msg> = vec![
            HsMsg::ServerHelloSent {
                version: Version(TLS12),
                suite: Suite(suite.get()),
                session_id_len: session_id.len(),
            }
            .into(),
            match (client_ems, cx.config.ems) {
                (true, true) => HsMsg::EmsOn {},
                (false, _) => HsMsg::EmsOffByClient {},
                (true, false) => HsMsg::EmsOffByServer {},
            }
            .into(),
        ];
        if cx.issue_ticket {
            notes.push(HsMsg::TicketPromised {}.into());
        }
        if cx.config.downgrade_sentinel {
            notes.push(HsMsg::DowngradeSentinelSet {}.into());
        }
        let sh = ServerHello {
            server_version: TLS12,
            random,
            session_id,
            cipher_suite: suite,
            compression_method: 0,
            extensions,
        };
        let aside: Msg = match cx.config.server_random {
            Some(_) => HsMsg::FixedByLearner {}.into(),
            None => HsMsg::ServerRandomAside {}.into(),
        };
        let d = vec![derived(ValueId::ServerRandom, "", &[], &random).aside(aside)];
        cx.common.send_handshake(
            HandshakePayload::ServerHello(sh),
            StepKey::ServerHello,
            d,
            notes,
        )?;

        // 9. Certificate: the chain the CA issued.
        let chain = cx.config.chain.clone();
        let note = HsMsg::CertificateSent {
            count: chain.len(),
            leaf_len: chain.first().map(|c| c.len()).unwrap_or(0),
        };
        cx.common.send_handshake(
            HandshakePayload::Certificate(Certificate { chain }),
            StepKey::Certificate,
            Vec::new(),
            vec![note.into()],
        )?;

        // 10. ServerKeyExchange for DHE and ECDHE: a fresh key pair for this session, its public
        //    value signed over both randoms.
        let ephemeral = match cx.group {
            Some(group) => Some(send_key_exchange(
                cx,
                group,
                ske_alg,
                (&ch.random, &random),
            )?),
            None => None,
        };

        // 11. CertificateRequest when client authentication is on.
        let auth = cx.config.client_auth.clone();
        if let Some(a) = &auth {
            // What the server accepts in CertificateVerify, no more (SHA-1 is not listed).
            let req = CertificateRequest {
                certificate_types: vec![1],
                supported_signature_algorithms: sigalg::ACCEPTED.to_vec(),
                certificate_authorities: a.ca_names.clone(),
            };
            cx.common.send_handshake(
                HandshakePayload::CertificateRequest(req),
                StepKey::CertificateRequest,
                Vec::new(),
                vec![HsMsg::CertificateRequestSent {
                    sig_algs: sigalg::ACCEPTED.iter().copied().map(SigAlg).collect(),
                }
                .into()],
            )?;
        }

        // 12. ServerHelloDone.
        cx.common.send_handshake(
            HandshakePayload::ServerHelloDone(ServerHelloDone),
            StepKey::ServerHelloDone,
            Vec::new(),
            vec![HsMsg::ServerHelloDoneSent {}.into()],
        )?;
        let randoms = Randoms {
            client: ch.random,
            server: random,
        };
        Ok(match auth {
            Some(a) => ServerState::ExpectClientCertificate(ExpectClientCertificate {
                randoms,
                client_version: ch.client_version,
                auth: a,
                ephemeral,
            }),
            None => ServerState::ExpectClientKeyExchange(ExpectClientKeyExchange {
                randoms,
                client_version: ch.client_version,
                client_key: None,
                ephemeral,
            }),
        })
    }
}

/// ServerHello.random: fixed by the learner or drawn from the RNG.
/// A server that speaks TLS 1.3 too ends it in the downgrade sentinel (RFC 8446 §4.1.3).
fn server_random(cx: &mut ServerContext) -> [u8; 32] {
    let mut r = match cx.config.server_random {
        Some(r) => r,
        None => {
            let mut r = [0u8; 32];
            cx.rng.fill_bytes(&mut r);
            r
        }
    };
    if cx.config.downgrade_sentinel {
        r[24..].copy_from_slice(&crate::tls13::hello::DOWNGRADE_TLS12);
    }
    r
}

/// The abbreviated handshake (RFC 5246 §7.3): ServerHello echoing the client's session ID, keys
/// from the session's master secret, then at once our ChangeCipherSpec and Finished; the
/// client's follow. No certificate, no key exchange, no public-key operation.
fn resume(
    cx: &mut ServerContext,
    ch: &ClientHello,
    state: SessionState,
    secure_reneg: bool,
) -> Result<ServerState, Error> {
    cx.resumed = true;
    cx.suite = Some(state.suite);
    cx.ems = state.ems;
    cx.group = None;
    cx.session_id = ch.session_id.clone();
    let random = server_random(cx);
    let mut extensions = Vec::new();
    if secure_reneg {
        extensions.push(Extension::RenegotiationInfo(Vec::new()));
    }
    if state.ems {
        extensions.push(Extension::ExtendedMasterSecret);
    }
    let notes: Vec<Msg> = vec![
        HsMsg::ServerHelloSent {
            version: Version(TLS12),
            suite: Suite(state.suite),
            session_id_len: ch.session_id.len(),
        }
        .into(),
        HsMsg::ServerResumes {
            id: Hex(ch.session_id.clone()),
        }
        .into(),
    ];
    let aside: Msg = match cx.config.server_random {
        Some(_) => HsMsg::FixedByLearner {}.into(),
        None => HsMsg::ServerRandomAside {}.into(),
    };
    let d = vec![derived(ValueId::ServerRandom, "", &[], &random).aside(aside)];
    cx.common.send_handshake(
        HandshakePayload::ServerHello(ServerHello {
            server_version: TLS12,
            random,
            session_id: ch.session_id.clone(),
            cipher_suite: CipherSuite::from_value(state.suite),
            compression_method: 0,
            extensions,
        }),
        StepKey::ServerHello,
        d,
        notes,
    )?;
    let (secrets, d) = Secrets::resume(state.master, &ch.random, &random, state.ems);
    cx.master_secret = Some(secrets.master);
    cx.common.pending_read = Some(secrets.client_cipher());
    cx.common.event(
        StepKey::DeriveKeysResumedServer,
        d,
        Vec::new(),
        vec![HsMsg::KeysDerivedResumed {}.into()],
    );
    super::finish::send_finished(cx, &secrets, Vec::new())?;
    Ok(ServerState::ExpectCcs(ExpectCcs { secrets }))
}

/// Draw the server's ephemeral key pair for `group`, sign its public value, send
/// ServerKeyExchange.
fn send_key_exchange(
    cx: &mut ServerContext,
    group: Group,
    alg: u16,
    randoms: (&[u8; 32], &[u8; 32]),
) -> Result<Ephemeral, Error> {
    let p = match group {
        Group::Ffdhe2048 => Params::Dh(cx.config.dh_group.clone()),
        g => Params::of(g),
    };
    let fixed = cx.config.ephemeral_secret.clone();
    let e = Ephemeral::new(p, fixed.as_deref(), &mut cx.rng)?;
    let params = match &e.params {
        Params::Dh(g) => KxParams::Dh {
            p: g.p.clone(),
            g: g.g.clone(),
            ys: e.public.clone(),
        },
        _ => KxParams::Ec {
            group: group.id(),
            point: e.public.clone(),
        },
    };
    let aside: Msg = match fixed {
        Some(_) => HsMsg::EphemeralSecretFixed {}.into(),
        None => HsMsg::EphemeralSecretAside {}.into(),
    };
    let mut d = e.derived(Side::Server, aside);
    let (signature, sd) = kx::signed::sign(&cx.config.key, alg, randoms, &params)
        .ok_or_else(|| Error::Internal(HsMsg::RsaSignFailed {}.into()))?;
    d.extend(sd);
    let mut notes: Vec<Msg> = vec![HsMsg::ServerKeyExchangeSent {
        group: e.params.name(),
        alg: SigAlg(alg),
    }
    .into()];
    if cx.config.ephemeral_reused {
        notes.push(HsMsg::EphemeralReused {}.into());
    }
    cx.common.send_handshake(
        HandshakePayload::ServerKeyExchange(ServerKeyExchange {
            params,
            algorithm: alg,
            signature,
        }),
        StepKey::ServerKeyExchange,
        d,
        notes,
    )?;
    Ok(e)
}
