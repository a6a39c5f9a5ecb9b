//! The TLS 1.2 server (RSA, DHE_RSA and ECDHE_RSA key exchange), sans-IO: bytes in, records out.
//!
//! Phases as types: [`hello::ExpectClientHello`], [`kx::ExpectClientCertificate`],
//! [`kx::ExpectClientKeyExchange`], [`kx::ExpectCertificateVerify`], [`finish::ExpectCcs`],
//! [`finish::ExpectFinished`], [`finish::Traffic`].
//!
//! ```no_run
//! use tlsim_core::server::{Server, ServerConfig};
//! use rand_core::SeedableRng;
//! # fn io(_: &[Vec<u8>]) -> Vec<u8> { Vec::new() }
//! use tlsim_core::pki::{builtin_pem, key_from_pem};
//! // The built-in teaching key; a real server loads its own.
//! let pem = builtin_pem("server").unwrap_or_default();
//! let key = key_from_pem(pem, "server_key")?;
//! let config = ServerConfig::new(vec![/* server certificate DER */], key);
//! let rng = rand_chacha::ChaCha20Rng::from_seed([9; 32]);
//! let mut server = Server::new(config, rng, 1_795_424_400)?;
//! let mut to_send = Vec::new();
//! while !server.is_handshake_complete() {
//!     let received = io(&to_send);
//!     to_send = server.feed(&received)?.records;
//! }
//! # Ok::<(), tlsim_core::Error>(())
//! ```
//! On an error, [`Server::alert`] gives the fatal alert record to send.

pub mod finish;
pub mod hello;
pub mod kx;
pub mod responder;

use crate::conn::{Common, Incoming, Output};
use crate::error::{AlertDescription, Error};
use crate::msg::HsMsg;
use crate::scenario::TLS_RSA_WITH_AES_128_GCM_SHA256;
use crate::vocab::StepKey;
use der::{Decode, Encode};
use rand_chacha::ChaCha20Rng;
use rsa::RsaPrivateKey;

/// Client authentication settings: which roots the server trusts for client certificates.
#[derive(Clone, Debug)]
pub struct ClientAuth {
    /// Trusted roots for client certificates, DER.
    pub trust_store: Vec<Vec<u8>>,
    /// DER subject names sent in CertificateRequest.certificate_authorities.
    pub ca_names: Vec<Vec<u8>>,
}

impl ClientAuth {
    /// Trust these roots and name them in the CertificateRequest.
    pub fn from_roots(trust_store: Vec<Vec<u8>>) -> Result<Self, Error> {
        let mut ca_names = Vec::new();
        for (index, der) in trust_store.iter().enumerate() {
            let c = x509_cert::Certificate::from_der(der)
                .map_err(|_| Error::input(HsMsg::ClientAuthRootInvalid { index }))?;
            let name = c.tbs_certificate.subject.to_der().map_err(|_| {
                Error::Internal(
                    HsMsg::EncodeFailed {
                        what: "Certificate.tbsCertificate.subject".into(),
                    }
                    .into(),
                )
            })?;
            ca_names.push(name);
        }
        Ok(Self {
            trust_store,
            ca_names,
        })
    }
}

/// Everything the server is configured with.
#[derive(Clone, Debug)]
pub struct ServerConfig {
    /// Certificate chain, DER, the server's own first.
    pub chain: Vec<Vec<u8>>,
    /// The private key of the first certificate.
    pub key: RsaPrivateKey,
    /// Accepted suites (IANA), in the server's preference order.
    pub accepted_suites: Vec<u16>,
    /// Accept extended_master_secret when the client offers it?
    pub ems: bool,
    /// Fixed server random (else from the RNG).
    pub server_random: Option<[u8; 32]>,
    /// Fixed session ID, 0..=32 bytes (else 32 bytes from the RNG).
    pub session_id: Option<Vec<u8>>,
    /// Ask for a client certificate?
    pub client_auth: Option<ClientAuth>,
    /// Groups for DHE and ECDHE, in the server's preference order.
    pub groups: Vec<crate::kx::Group>,
    /// The server's ephemeral secret b, 32 bytes (else drawn from the RNG for each session).
    pub ephemeral_secret: Option<Vec<u8>>,
    /// The finite-field group DHE uses (RFC 7919 ffdhe2048; another only to teach a weak one).
    pub dh_group: crate::kx::DhGroup,
    /// Is `ephemeral_secret` the server's one key for every session (said as a warning)?
    pub ephemeral_reused: bool,
    /// Session cache and tickets (issue 14; default: neither).
    pub resumption: crate::resume::server::Resumption,
    /// This server speaks TLS 1.3 too: a TLS 1.2 ServerHello.random ends in the downgrade
    /// sentinel "DOWNGRD" 01 (RFC 8446 §4.1.3; set by [`crate::negotiate::DualServer`]).
    pub downgrade_sentinel: bool,
}

impl ServerConfig {
    /// Defaults: accept TLS_RSA_WITH_AES_128_GCM_SHA256 and extended master secret.
    pub fn new(chain: Vec<Vec<u8>>, key: RsaPrivateKey) -> Self {
        Self {
            chain,
            key,
            accepted_suites: vec![TLS_RSA_WITH_AES_128_GCM_SHA256],
            ems: true,
            server_random: None,
            session_id: None,
            client_auth: None,
            groups: crate::kx::Group::ALL.to_vec(),
            ephemeral_secret: None,
            dh_group: crate::kx::DhGroup::ffdhe2048(),
            ephemeral_reused: false,
            resumption: crate::resume::server::Resumption::default(),
            downgrade_sentinel: false,
        }
    }
}

/// What every server state can reach.
#[derive(Debug)]
pub struct ServerContext {
    pub(crate) config: ServerConfig,
    pub(crate) rng: ChaCha20Rng,
    pub(crate) now: i64,
    pub(crate) common: Common,
    pub(crate) master_secret: Option<[u8; 48]>,
    pub(crate) client_random: Option<[u8; 32]>,
    pub(crate) ems: bool,
    pub(crate) suite: Option<u16>,
    pub(crate) group: Option<crate::kx::Group>,
    /// Is this an abbreviated handshake (a resumed session)?
    pub(crate) resumed: bool,
    /// Will a NewSessionTicket follow the client's Finished?
    pub(crate) issue_ticket: bool,
    /// The host name the client asked for (its SNI, empty if none).
    pub(crate) host: String,
    /// The session ID of ServerHello.
    pub(crate) session_id: Vec<u8>,
}

/// The server's current phase.
#[derive(Debug)]
pub enum ServerState {
    /// Waiting for ClientHello.
    ExpectClientHello(hello::ExpectClientHello),
    /// Asked for a client certificate, waiting for it.
    ExpectClientCertificate(kx::ExpectClientCertificate),
    /// Waiting for ClientKeyExchange.
    ExpectClientKeyExchange(kx::ExpectClientKeyExchange),
    /// Waiting for the client's CertificateVerify.
    ExpectCertificateVerify(kx::ExpectCertificateVerify),
    /// Waiting for the client's ChangeCipherSpec.
    ExpectCcs(finish::ExpectCcs),
    /// Waiting for the client's Finished.
    ExpectFinished(finish::ExpectFinished),
    /// Handshake complete.
    Traffic(finish::Traffic),
}

impl ServerState {
    fn handle(self, cx: &mut ServerContext, m: Incoming) -> Result<Self, Error> {
        match self {
            Self::ExpectClientHello(s) => s.handle(cx, m),
            Self::ExpectClientCertificate(s) => s.handle(cx, m),
            Self::ExpectClientKeyExchange(s) => s.handle(cx, m),
            Self::ExpectCertificateVerify(s) => s.handle(cx, m),
            Self::ExpectCcs(s) => s.handle(cx, m),
            Self::ExpectFinished(s) => s.handle(cx, m),
            Self::Traffic(s) => s.handle(cx, m),
        }
    }
}

/// A server connection.
#[derive(Debug)]
pub struct Server {
    cx: ServerContext,
    state: Option<ServerState>,
}

impl Server {
    /// A server waiting for a ClientHello. Errors only for a bad configuration.
    pub fn new(config: ServerConfig, rng: ChaCha20Rng, now: i64) -> Result<Self, Error> {
        if let Some(id) = &config.session_id {
            if id.len() > 32 {
                return Err(Error::input(HsMsg::TooLong {
                    what: "session_id".into(),
                    len: id.len(),
                    max: 32,
                }));
            }
        }
        if config.chain.is_empty() {
            return Err(Error::input(HsMsg::Empty {
                what: "ServerConfig.chain".into(),
            }));
        }
        let mut common = Common::new();
        common.lenient_version = true;
        let cx = ServerContext {
            config,
            rng,
            now,
            common,
            master_secret: None,
            client_random: None,
            ems: false,
            suite: None,
            group: None,
            resumed: false,
            issue_ticket: false,
            host: String::new(),
            session_id: Vec::new(),
        };
        Ok(Self {
            cx,
            state: Some(ServerState::ExpectClientHello(hello::ExpectClientHello)),
        })
    }

    /// Feed bytes received from the client (any split).
    pub fn feed(&mut self, bytes: &[u8]) -> Result<Output, Error> {
        self.cx.common.push_bytes(bytes);
        // A fatal alert from the peer ends the connection (the state is dropped).
        while let Some(m) = self.cx.common.next_message().inspect_err(|e| {
            if matches!(e, Error::PeerAlert(_)) {
                self.state = None;
            }
        })? {
            let state = self
                .state
                .take()
                .ok_or_else(|| Error::Internal(HsMsg::ConnectionFailed {}.into()))?;
            self.state = Some(state.handle(&mut self.cx, m)?);
        }
        Ok(self.cx.common.take_output())
    }

    /// Encrypt application data (after the handshake).
    pub fn send_app_data(&mut self, data: &[u8]) -> Result<Output, Error> {
        if !self.is_handshake_complete() {
            return Err(Error::input(HsMsg::HandshakeNotComplete {}));
        }
        self.cx.common.send_app_data(StepKey::AppDataServer, data)?;
        Ok(self.cx.common.take_output())
    }

    /// Send close_notify.
    pub fn close(&mut self) -> Result<Output, Error> {
        let note = if self.cx.common.write_protected() {
            HsMsg::ServerCloseNotify {}
        } else {
            HsMsg::CloseNotifyUnprotected {}
        };
        self.cx.common.send_alert(
            StepKey::CloseNotifyServer,
            AlertDescription::CloseNotify,
            vec![note.into()],
        )?;
        Ok(self.cx.common.take_output())
    }

    /// The fatal alert record to send after `err`; empty when the peer sent the alert itself.
    pub fn alert(&mut self, err: &Error) -> Vec<u8> {
        if matches!(err, Error::PeerAlert(_)) {
            return Vec::new();
        }
        self.state = None;
        let note = HsMsg::FatalAlert {
            alert: err.alert(),
            reason: Box::new(err.reason()),
        };
        self.cx
            .common
            .send_alert(StepKey::Alert, err.alert(), vec![note.into()])
            .unwrap_or_default()
    }

    /// Whatever was produced and not yet returned (e.g. events before a failure).
    pub fn take_output(&mut self) -> Output {
        self.cx.common.take_output()
    }

    /// Has the client's Finished been verified and ours sent?
    pub fn is_handshake_complete(&self) -> bool {
        matches!(self.state, Some(ServerState::Traffic(_)))
    }

    /// Bytes received but not yet a whole record / message.
    pub fn pending_bytes(&self) -> usize {
        self.cx.common.pending_bytes()
    }

    /// The master secret, once derived.
    pub fn master_secret(&self) -> Option<[u8; 48]> {
        self.cx.master_secret
    }

    /// The client random, once the ClientHello arrived.
    pub fn client_random(&self) -> Option<[u8; 32]> {
        self.cx.client_random
    }

    /// Was the extended master secret negotiated?
    pub fn extended_master_secret(&self) -> bool {
        self.cx.ems
    }

    /// The cipher suite this server chose, once it read the ClientHello.
    pub fn negotiated_suite(&self) -> Option<u16> {
        self.cx.suite
    }

    /// The group of a DHE or ECDHE exchange, once chosen.
    pub fn negotiated_group(&self) -> Option<crate::kx::Group> {
        self.cx.group
    }

    /// Is this side's write protection on (would its next record, an alert say, be encrypted)?
    pub fn is_write_protected(&self) -> bool {
        self.cx.common.write_protected()
    }

    /// Did this connection resume a session (the abbreviated handshake)?
    pub fn resumed(&self) -> bool {
        self.cx.resumed
    }

    /// The session ID this server gave in ServerHello.
    pub fn session_id(&self) -> &[u8] {
        &self.cx.session_id
    }
}
