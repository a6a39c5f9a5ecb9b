//! ClientHello out; ServerHello and the server's Certificate in.

use super::kx::ExpectServerHelloDone;
use super::ske::ExpectServerKeyExchange;
use super::{ClientContext, ClientState};
use crate::conn::{derived, unexpected, Incoming};
use crate::error::Error;
use crate::keys::Secrets;
use crate::kx::KxAlg;
use crate::msg::{HsMsg, Msg, Suite, Version};
use crate::msgs::enums::TLS12;
use crate::msgs::{
    CipherSuite, ClientHello, Extension, ExtensionType, HandshakePayload, HandshakeType,
};
use crate::pki;
use crate::suites;
use crate::vocab::{StepKey, ValueId};
use rand_core::RngCore;
use rsa::RsaPublicKey;

/// Both hello randoms.
#[derive(Clone, Copy, Debug)]
pub struct Randoms {
    /// ClientHello.random
    pub client: [u8; 32],
    /// ServerHello.random
    pub server: [u8; 32],
}

/// Build and send the ClientHello.
pub(crate) fn start(cx: &mut ClientContext) -> Result<ExpectServerHello, Error> {
    // 1. The random: fixed by the user or drawn from the seeded RNG.
    let random = match cx.config.client_random {
        Some(r) => r,
        None => {
            let mut r = [0u8; 32];
            cx.rng.fill_bytes(&mut r);
            r
        }
    };
    cx.client_random = random;
    // 2. Extensions: SNI, EMS (if configured), signature_algorithms, and an empty
    //    renegotiation_info (RFC 5746 §3.4: "this is a first handshake").
    //    SNI carries a DNS name only, never an IP address (RFC 6066 §3).
    let host = &cx.config.host;
    let mut extensions = Vec::new();
    let sni_note: Msg = if host.is_empty() {
        HsMsg::SniOmittedEmpty {}.into()
    } else if host.parse::<std::net::IpAddr>().is_ok() {
        HsMsg::SniOmittedIp { host: host.clone() }.into()
    } else {
        extensions.push(Extension::sni(host));
        HsMsg::SniSent { host: host.clone() }.into()
    };
    if cx.config.ems {
        extensions.push(Extension::ExtendedMasterSecret);
    }
    extensions.push(Extension::SignatureAlgorithms(
        cx.config.signature_algorithms.clone(),
    ));
    // Resumption (issue 14): the session's ID, and its ticket (RFC 5077 §3.4: with a ticket
    // the client sends a session ID of its own if it has none, to see the server accept it).
    let mut session_id = Vec::new();
    let mut resume_notes: Vec<Msg> = Vec::new();
    let mut ticket_sent = false;
    if let Some(s) = cx.config.resume.clone() {
        session_id = s.id.clone();
        if let Some(t) = &s.ticket {
            if session_id.is_empty() {
                session_id = vec![0u8; 32];
                cx.rng.fill_bytes(&mut session_id);
            }
            extensions.push(Extension::SessionTicket(t.clone()));
            resume_notes.push(HsMsg::TicketOffered { len: t.len() }.into());
            ticket_sent = true;
        }
        resume_notes.insert(
            0,
            HsMsg::SessionOffered {
                id: crate::msg::Hex(session_id.clone()),
            }
            .into(),
        );
    }
    if !ticket_sent && cx.config.ask_ticket {
        extensions.push(Extension::SessionTicket(Vec::new()));
        resume_notes.push(HsMsg::TicketAsked {}.into());
    }
    cx.offered_id = session_id.clone();
    extensions.push(Extension::RenegotiationInfo(Vec::new()));
    let offered: Vec<CipherSuite> = cx
        .config
        .offered_suites
        .iter()
        .map(|v| CipherSuite::from_value(*v))
        .collect();
    // With (EC)DHE on offer: the groups we take (RFC 8422 §5.1.1, RFC 7919 §3), and for ECDHE
    // the point format, uncompressed only (RFC 8422 §5.1.2). An RSA-only hello stays as it was.
    let kxs: Vec<KxAlg> = offered.iter().filter_map(|s| KxAlg::of(*s)).collect();
    if kxs.iter().any(|k| k.is_ephemeral()) && !cx.config.groups.is_empty() {
        extensions.push(Extension::SupportedGroups(cx.config.groups.clone()));
    }
    if kxs.contains(&KxAlg::Ecdhe) {
        extensions.push(Extension::EcPointFormats(vec![0]));
    }
    let hello = ClientHello {
        client_version: TLS12,
        random,
        session_id,
        cipher_suites: offered.clone(),
        compression_methods: vec![0],
        extensions,
    };
    let mut notes: Vec<Msg> = vec![
        HsMsg::ClientHelloSent {
            version: Version(TLS12),
            suites: offered.iter().map(|s| Suite(s.get())).collect(),
        }
        .into(),
        sni_note,
    ];
    if cx.config.ems {
        notes.push(HsMsg::EmsOffered {}.into());
    }
    notes.extend(resume_notes);
    let aside: Msg = match cx.config.client_random {
        Some(_) => HsMsg::FixedByLearner {}.into(),
        None => HsMsg::ClientRandomAside {}.into(),
    };
    let d = vec![derived(ValueId::ClientRandom, "", &[], &random).aside(aside)];
    cx.common.send_handshake(
        HandshakePayload::ClientHello(hello),
        StepKey::ClientHello,
        d,
        notes,
    )?;
    Ok(ExpectServerHello {
        client_random: random,
        offered,
    })
}

/// Waiting for ServerHello.
#[derive(Debug)]
pub struct ExpectServerHello {
    client_random: [u8; 32],
    offered: Vec<CipherSuite>,
}

impl ExpectServerHello {
    /// Waiting for ServerHello after a ClientHello with `client_random` offering `offered`.
    pub(crate) fn sent(client_random: [u8; 32], offered: Vec<CipherSuite>) -> Self {
        Self {
            client_random,
            offered,
        }
    }

    pub(crate) fn handle(self, cx: &mut ClientContext, m: Incoming) -> Result<ClientState, Error> {
        let (p, raw) = m.handshake(&[HandshakeType::ServerHello])?;
        let HandshakePayload::ServerHello(sh) = p else {
            return Err(unexpected("server_hello", &p.typ().name()));
        };
        // 1. TLS 1.2 only.
        if sh.server_version != TLS12 {
            return Err(Error::ProtocolVersion(
                HsMsg::ServerVersionUnsupported {
                    got: Version(sh.server_version),
                }
                .into(),
            ));
        }
        // 2. A suite we offered and implement, null compression.
        let suite = Suite(sh.cipher_suite.get());
        if !self.offered.contains(&sh.cipher_suite) {
            return Err(Error::IllegalParameter(
                HsMsg::SuiteNotOffered { suite }.into(),
            ));
        }
        if !suites::is_implemented(sh.cipher_suite) {
            return Err(Error::HandshakeFailure(
                HsMsg::SuiteNotImplemented { suite }.into(),
            ));
        }
        if sh.compression_method != 0 {
            return Err(Error::IllegalParameter(
                HsMsg::CompressionNotNull {
                    method: sh.compression_method,
                }
                .into(),
            ));
        }
        // 3. Extensions: EMS only if we offered it; renegotiation_info must be empty (RFC 5746 §3.4).
        if sh.has(ExtensionType::ExtendedMasterSecret) && !cx.config.ems {
            return Err(Error::IllegalParameter(HsMsg::EmsNotOffered {}.into()));
        }
        for e in &sh.extensions {
            if let Extension::RenegotiationInfo(v) = e {
                if !v.is_empty() {
                    return Err(Error::HandshakeFailure(
                        HsMsg::RenegotiationInfoNotEmpty {}.into(),
                    ));
                }
            }
        }
        cx.ems = cx.config.ems && sh.has(ExtensionType::ExtendedMasterSecret);
        cx.suite = Some(sh.cipher_suite.get());
        cx.common.transcript.extend_from_slice(&raw);
        cx.session_id = sh.session_id.clone();
        // 4. Resumed? The server echoes the session ID we offered (RFC 5246 §7.4.1.3).
        let ticket_ext = sh.has(ExtensionType::SessionTicket);
        if let Some(s) = cx.config.resume.clone() {
            if !cx.offered_id.is_empty() && sh.session_id == cx.offered_id {
                return resumed(cx, &s, &sh, self.client_random, ticket_ext);
            }
        }
        cx.ticket_expected = ticket_ext;
        Ok(ClientState::ExpectCertificate(ExpectCertificate {
            randoms: Randoms {
                client: self.client_random,
                server: sh.random,
            },
            kx: KxAlg::of(sh.cipher_suite).unwrap_or(KxAlg::Rsa),
            suite: sh.cipher_suite.get(),
        }))
    }
}

/// The server resumed our session: it keeps its suite and its extended master secret (RFC 7627
/// §5.3), and the keys come from its master secret and the new randoms. The server's
/// ChangeCipherSpec and Finished come next (after a NewSessionTicket if it promised one).
fn resumed(
    cx: &mut ClientContext,
    s: &crate::resume::Session,
    sh: &crate::msgs::ServerHello,
    client_random: [u8; 32],
    ticket_ext: bool,
) -> Result<ClientState, Error> {
    if sh.cipher_suite.get() != s.suite {
        return Err(Error::IllegalParameter(
            HsMsg::ResumedSuiteChanged {
                offered: Suite(s.suite),
                got: Suite(sh.cipher_suite.get()),
            }
            .into(),
        ));
    }
    let ems_now = sh.has(ExtensionType::ExtendedMasterSecret);
    if ems_now != s.ems {
        return Err(Error::HandshakeFailure(
            HsMsg::ResumedEmsMismatch {
                session: s.ems,
                now: ems_now,
            }
            .into(),
        ));
    }
    cx.resumed = true;
    cx.ems = s.ems;
    cx.ticket_expected = ticket_ext;
    let (secrets, d) = Secrets::resume(s.master, &client_random, &sh.random, s.ems);
    cx.master_secret = Some(secrets.master);
    cx.common.pending_read = Some(secrets.server_cipher());
    cx.common.event(
        StepKey::DeriveKeysResumedClient,
        d,
        Vec::new(),
        vec![
            HsMsg::ClientSeesResumed {}.into(),
            HsMsg::KeysDerivedResumed {}.into(),
        ],
    );
    Ok(super::finish::after_keys(cx, secrets))
}

/// Waiting for the server's Certificate.
#[derive(Debug)]
pub struct ExpectCertificate {
    randoms: Randoms,
    kx: KxAlg,
    suite: u16,
}

impl ExpectCertificate {
    pub(crate) fn handle(self, cx: &mut ClientContext, m: Incoming) -> Result<ClientState, Error> {
        let (p, raw) = m.handshake(&[HandshakeType::Certificate])?;
        let HandshakePayload::Certificate(cert) = p else {
            return Err(unexpected("certificate", &p.typ().name()));
        };
        cx.common.transcript.extend_from_slice(&raw);
        // 1. build the path to a trusted root, 2. check it link by link, 3. the host name.
        let policy = pki::CertPolicy {
            leaf_signs: self.kx.is_ephemeral(),
            ..cx.config.cert_policy.clone()
        };
        let v = pki::verify_path(
            &cert.chain,
            &cx.config.trust_store,
            &policy,
            cx.now,
            Some(&cx.config.host),
        );
        let note = match &v.result {
            Ok(_) => HsMsg::ServerCertAccepted {
                host: cx.config.host.clone(),
            },
            Err(e) => HsMsg::ServerCertRejected {
                reason: Box::new(e.reason()),
            },
        };
        // The signature's math (issue 11): s^e mod n next to the block the client's hash makes.
        let d = pki::leaf_signature(&cert.chain, &cx.config.trust_store);
        cx.common
            .event(StepKey::VerifyServerCert, d, v.checks, vec![note.into()]);
        let server_key: RsaPublicKey = v.result?;
        // DHE and ECDHE: the server's signed ephemeral value comes next.
        Ok(if self.kx.is_ephemeral() {
            ClientState::ExpectServerKeyExchange(ExpectServerKeyExchange {
                randoms: self.randoms,
                server_key,
                kx: self.kx,
                suite: self.suite,
            })
        } else {
            ClientState::ExpectServerHelloDone(ExpectServerHelloDone::new(self.randoms, server_key))
        })
    }
}
