//! The TLS 1.2 client (RSA, DHE_RSA and ECDHE_RSA key exchange), sans-IO: bytes in, records out.
//!
//! Each phase is its own type ([`hello::ExpectServerHello`], [`hello::ExpectCertificate`],
//! [`ske::ExpectServerKeyExchange`], [`kx::ExpectServerHelloDone`], [`finish::ExpectCcs`], [`finish::ExpectFinished`],
//! [`finish::Traffic`]); a transition consumes the state and one message and returns the next state,
//! so a message out of order is an [`Error::UnexpectedMessage`] by construction.
//!
//! ```no_run
//! use tlsim_core::client::{Client, ClientConfig};
//! use rand_core::SeedableRng;
//! # fn io(_: &[Vec<u8>]) -> Vec<u8> { Vec::new() }
//! let trust = vec![/* DER of a trusted root */];
//! let config = ClientConfig::new("www.example.com", trust);
//! let rng = rand_chacha::ChaCha20Rng::from_seed([7; 32]);
//! let (mut client, out) = Client::new(config, rng, 1_795_424_400)?;
//! let mut to_send = out.records; // the ClientHello
//! while !client.is_handshake_complete() {
//!     let received = io(&to_send); // write records, read whatever bytes came back
//!     to_send = client.feed(&received)?.records; // may be empty: then just read more
//! }
//! let out = client.send_app_data(b"GET / HTTP/1.1\r\n\r\n")?; // records to write
//! # let _ = out;
//! # Ok::<(), tlsim_core::Error>(())
//! ```
//! On an error, [`Client::alert`] gives the fatal alert record to send, and
//! [`Client::take_output`] whatever was produced before the failure (e.g. the failed checks).

pub mod finish;
pub mod hello;
pub mod kx;
pub mod ske;

use crate::conn::{Common, Incoming, Output};
use crate::error::{AlertDescription, Error};
use crate::msg::HsMsg;
use crate::msgs::HandshakeType;
use crate::scenario::TLS_RSA_WITH_AES_128_GCM_SHA256;
use crate::vocab::StepKey;
use rand_chacha::ChaCha20Rng;
use rsa::RsaPrivateKey;

/// The client's certificate chain and key, for client authentication.
#[derive(Clone, Debug)]
pub struct ClientIdentity {
    /// DER certificates, the client's own first.
    pub chain: Vec<Vec<u8>>,
    /// The private key of the first certificate.
    pub key: RsaPrivateKey,
}

/// Everything the client is configured with.
#[derive(Clone, Debug)]
pub struct ClientConfig {
    /// The host wanted: sent as SNI (unless empty) and checked against the certificate's SANs.
    pub host: String,
    /// Trusted roots, DER.
    pub trust_store: Vec<Vec<u8>>,
    /// Offered suites (IANA values), in preference order.
    pub offered_suites: Vec<u16>,
    /// Offer extended_master_secret (RFC 7627)?
    pub ems: bool,
    /// Fixed client random (else drawn from the RNG).
    pub client_random: Option<[u8; 32]>,
    /// Fixed 48-byte pre-master secret (else 03 03 || 46 bytes from the RNG).
    pub pre_master: Option<Vec<u8>>,
    /// Overwrite the pre-master's first two bytes with this version (the wrong-version fault).
    pub pre_master_version: Option<u16>,
    /// Certificate and key to answer a CertificateRequest (else an empty Certificate is sent).
    pub identity: Option<ClientIdentity>,
    /// Revocation lists and key minimum for the server's chain (issue 12; default: neither).
    pub cert_policy: crate::pki::CertPolicy,
    /// supported_groups, in preference order (sent when a DHE or ECDHE suite is offered).
    pub groups: Vec<u16>,
    /// signature_algorithms: the schemes the client accepts from the server.
    pub signature_algorithms: Vec<u16>,
    /// The client's ephemeral secret a, 32 bytes (else drawn from the RNG).
    pub ephemeral_secret: Option<Vec<u8>>,
    /// Send this as the client's ephemeral public value instead of its own (the bad-value
    /// faults: 0, 1, p-1, a point off the curve, a low-order x25519 point).
    pub public_override: Option<Vec<u8>>,
    /// A session to offer (issue 14): by its ID, and by its ticket if it has one.
    pub resume: Option<crate::resume::Session>,
    /// Ask for a session ticket (an empty session_ticket) when not resuming with one.
    pub ask_ticket: bool,
    /// Keep the session at the end of the handshake (the `store_session` step).
    pub keep_session: bool,
}

impl ClientConfig {
    /// Defaults: offer TLS_RSA_WITH_AES_128_GCM_SHA256 and extended master secret.
    pub fn new(host: &str, trust_store: Vec<Vec<u8>>) -> Self {
        Self {
            host: host.into(),
            trust_store,
            offered_suites: vec![TLS_RSA_WITH_AES_128_GCM_SHA256],
            ems: true,
            client_random: None,
            pre_master: None,
            pre_master_version: None,
            identity: None,
            cert_policy: crate::pki::CertPolicy::default(),
            groups: crate::kx::Group::ALL.iter().map(|g| g.id()).collect(),
            signature_algorithms: vec![crate::msgs::enums::RSA_PKCS1_SHA256],
            ephemeral_secret: None,
            public_override: None,
            resume: None,
            ask_ticket: false,
            keep_session: false,
        }
    }
}

/// What every client state can reach: configuration, RNG, clock, record layer.
#[derive(Debug)]
pub struct ClientContext {
    pub(crate) config: ClientConfig,
    pub(crate) rng: ChaCha20Rng,
    pub(crate) now: i64,
    pub(crate) common: Common,
    pub(crate) master_secret: Option<[u8; 48]>,
    pub(crate) client_random: [u8; 32],
    pub(crate) ems: bool,
    pub(crate) suite: Option<u16>,
    pub(crate) group: Option<crate::kx::Group>,
    /// The session ID our ClientHello offered (empty: none).
    pub(crate) offered_id: Vec<u8>,
    /// The session ID of ServerHello.
    pub(crate) session_id: Vec<u8>,
    /// Did the server resume the offered session?
    pub(crate) resumed: bool,
    /// Did the server promise a NewSessionTicket?
    pub(crate) ticket_expected: bool,
    /// The ticket received: (lifetime hint, ticket).
    pub(crate) ticket: Option<(u32, Vec<u8>)>,
}

/// The client's current phase.
#[derive(Debug)]
pub enum ClientState {
    /// Sent ClientHello, waiting for ServerHello.
    ExpectServerHello(hello::ExpectServerHello),
    /// Waiting for the server's Certificate.
    ExpectCertificate(hello::ExpectCertificate),
    /// Waiting for ServerKeyExchange (DHE, ECDHE).
    ExpectServerKeyExchange(ske::ExpectServerKeyExchange),
    /// Waiting for CertificateRequest or ServerHelloDone.
    ExpectServerHelloDone(kx::ExpectServerHelloDone),
    /// Waiting for the server's NewSessionTicket (it promised one in ServerHello).
    ExpectNewSessionTicket(finish::ExpectNewSessionTicket),
    /// Sent our Finished, waiting for the server's ChangeCipherSpec.
    ExpectCcs(finish::ExpectCcs),
    /// Waiting for the server's Finished.
    ExpectFinished(finish::ExpectFinished),
    /// Handshake complete: application data.
    Traffic(finish::Traffic),
}

impl ClientState {
    fn handle(self, cx: &mut ClientContext, m: Incoming) -> Result<Self, Error> {
        match self {
            Self::ExpectServerHello(s) => s.handle(cx, m),
            Self::ExpectCertificate(s) => s.handle(cx, m),
            Self::ExpectServerKeyExchange(s) => s.handle(cx, m),
            Self::ExpectServerHelloDone(s) => s.handle(cx, m),
            Self::ExpectNewSessionTicket(s) => s.handle(cx, m),
            Self::ExpectCcs(s) => s.handle(cx, m),
            Self::ExpectFinished(s) => s.handle(cx, m),
            Self::Traffic(s) => s.handle(cx, m),
        }
    }
}

/// A client connection.
#[derive(Debug)]
pub struct Client {
    cx: ClientContext,
    state: Option<ClientState>,
}

impl Client {
    /// Start a handshake: the returned output holds the ClientHello record.
    /// Errors only for a bad configuration (e.g. a pre-master that is not 48 bytes).
    pub fn new(config: ClientConfig, rng: ChaCha20Rng, now: i64) -> Result<(Self, Output), Error> {
        if let Some(p) = &config.pre_master {
            if p.len() != 48 {
                return Err(Error::input(HsMsg::WrongLength {
                    what: "pre_master".into(),
                    len: p.len(),
                    expected: 48,
                }));
            }
        }
        let mut cx = ClientContext {
            config,
            rng,
            now,
            common: Common::new(),
            master_secret: None,
            client_random: [0; 32],
            ems: false,
            suite: None,
            group: None,
            offered_id: Vec::new(),
            session_id: Vec::new(),
            resumed: false,
            ticket_expected: false,
            ticket: None,
        };
        let state = hello::start(&mut cx)?;
        let out = cx.common.take_output();
        Ok((
            Self {
                cx,
                state: Some(ClientState::ExpectServerHello(state)),
            },
            out,
        ))
    }

    /// A client that already sent `hello` (a whole ClientHello message, header included, with
    /// ClientHello.random `random`), waiting for a TLS 1.2 ServerHello: what
    /// [`crate::negotiate::DualClient`] becomes when the server answers its TLS 1.3 and TLS 1.2
    /// ClientHello with TLS 1.2. The transcript starts with that ClientHello.
    pub(crate) fn after_hello(
        config: ClientConfig,
        rng: ChaCha20Rng,
        now: i64,
        hello: &[u8],
        random: [u8; 32],
    ) -> Self {
        let offered = config
            .offered_suites
            .iter()
            .map(|v| crate::msgs::CipherSuite::from_value(*v))
            .collect();
        let mut common = Common::new();
        common.transcript = hello.to_vec();
        let cx = ClientContext {
            config,
            rng,
            now,
            common,
            master_secret: None,
            client_random: random,
            ems: false,
            suite: None,
            group: None,
            offered_id: Vec::new(),
            session_id: Vec::new(),
            resumed: false,
            ticket_expected: false,
            ticket: None,
        };
        Self {
            cx,
            state: Some(ClientState::ExpectServerHello(
                hello::ExpectServerHello::sent(random, offered),
            )),
        }
    }

    /// Feed bytes received from the server (any split). Returns records to send, application
    /// data received and events. After an error the connection is dead.
    pub fn feed(&mut self, bytes: &[u8]) -> Result<Output, Error> {
        self.cx.common.push_bytes(bytes);
        // A fatal alert from the peer ends the connection (the state is dropped).
        while let Some(m) = self.cx.common.next_message().inspect_err(|e| {
            if matches!(e, Error::PeerAlert(_)) {
                self.state = None;
            }
        })? {
            // RFC 5246 §7.4.1.1: a HelloRequest while a handshake is under way is ignored (and
            // is never part of the handshake hash).
            let negotiating = !matches!(self.state, Some(ClientState::Traffic(_)));
            if negotiating && m.is_handshake(HandshakeType::HelloRequest) {
                continue;
            }
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
        self.cx.common.send_app_data(StepKey::AppDataClient, data)?;
        Ok(self.cx.common.take_output())
    }

    /// Send close_notify.
    pub fn close(&mut self) -> Result<Output, Error> {
        let note = if self.cx.common.write_protected() {
            HsMsg::ClientCloseNotify {}
        } else {
            HsMsg::CloseNotifyUnprotected {}
        };
        self.cx.common.send_alert(
            StepKey::CloseNotifyClient,
            AlertDescription::CloseNotify,
            vec![note.into()],
        )?;
        Ok(self.cx.common.take_output())
    }

    /// The fatal alert record to send after `err` (protected if keys are on); empty when the peer
    /// sent the alert itself.
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

    /// Has the server's Finished been verified?
    pub fn is_handshake_complete(&self) -> bool {
        matches!(self.state, Some(ClientState::Traffic(_)))
    }

    /// Bytes received but not yet a whole record / message.
    pub fn pending_bytes(&self) -> usize {
        self.cx.common.pending_bytes()
    }

    /// The client random.
    pub fn client_random(&self) -> [u8; 32] {
        self.cx.client_random
    }

    /// The master secret, once derived (for an NSS key log).
    pub fn master_secret(&self) -> Option<[u8; 48]> {
        self.cx.master_secret
    }

    /// Was the extended master secret negotiated?
    pub fn extended_master_secret(&self) -> bool {
        self.cx.ems
    }

    /// The cipher suite the server chose, once ServerHello arrived.
    pub fn negotiated_suite(&self) -> Option<u16> {
        self.cx.suite
    }

    /// The group of a DHE or ECDHE exchange (`None` for RSA, or a DH group that is not
    /// ffdhe2048), once ServerKeyExchange arrived.
    pub fn negotiated_group(&self) -> Option<crate::kx::Group> {
        self.cx.group
    }

    /// Is this side's write protection on (would its next record, an alert say, be encrypted)?
    pub fn is_write_protected(&self) -> bool {
        self.cx.common.write_protected()
    }

    /// Did the server resume the offered session (the abbreviated handshake)?
    pub fn resumed(&self) -> bool {
        self.cx.resumed
    }

    /// The session to keep once the handshake is complete: its ID, the ticket if one came
    /// (a resumed session keeps its old ticket unless a new one came), master secret, suite.
    pub fn session(&self) -> Option<crate::resume::Session> {
        if !self.is_handshake_complete() {
            return None;
        }
        finish::session_of(&self.cx)
    }
}
