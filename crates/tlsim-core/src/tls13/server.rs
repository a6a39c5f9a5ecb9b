//! The TLS 1.3 server (RFC 8446), sans-IO: TLS_AES_128_GCM_SHA256, x25519 or secp256r1 (a
//! HelloRetryRequest when the client's share is for a group it does not take), its RSA key
//! signing CertificateVerify with rsa_pss_rsae_sha256.

use super::certificate::{Certificate13, CertificateEntry};
use super::conn::{app_keys, finished, handshake_keys, same, Common13, In13, Keys};
use super::encrypted_extensions::EncryptedExtensions;
use super::ext::{Extension13, Extensions, KeyShare, KeyShareEntry, SupportedVersions};
use super::ext::{RSA_PSS_RSAE_SHA256, TLS13};
use super::handshake::Payload13;
use super::hello::TLS_AES_128_GCM_SHA256;
use super::hello::{ClientHello13, ServerHello13, HELLO_RETRY_REQUEST_RANDOM};
use super::key_schedule::{transcript_hash, Context, HandshakeSecrets, Sender};
use crate::conn::Output;
use crate::error::{AlertDescription, Error};
use crate::kx::ephemeral::{Ephemeral, Params, Side};
use crate::kx::Group;
use crate::msg::{Hex, HsMsg, SigAlg, Suite};
use crate::msgs::{CipherSuite, Extension, ExtensionType, Finished};
use crate::vocab::StepKey;
use rand_chacha::ChaCha20Rng;
use rand_core::RngCore;
use rsa::RsaPrivateKey;

/// What the TLS 1.3 server is configured with.
#[derive(Clone, Debug)]
pub struct Server13Config {
    /// DER certificates, the server's own first.
    pub chain: Vec<Vec<u8>>,
    /// The private key of the first certificate.
    pub key: RsaPrivateKey,
    /// The groups taken, in preference order (x25519 and secp256r1 only).
    pub groups: Vec<Group>,
    /// Teaching fault: sign the wrong content in CertificateVerify (the client's context
    /// string), so the client's check fails with decrypt_error.
    pub forge_certificate_verify: bool,
}

impl Server13Config {
    /// Defaults: x25519 then secp256r1.
    pub fn new(chain: Vec<Vec<u8>>, key: RsaPrivateKey) -> Self {
        Self {
            chain,
            key,
            groups: vec![Group::X25519, Group::Secp256r1],
            forge_certificate_verify: false,
        }
    }
}

#[derive(Debug)]
struct Cx {
    config: Server13Config,
    rng: ChaCha20Rng,
    common: Common13,
    ccs_sent: bool,
    ccs_seen: bool,
    hello_seen: bool,
    /// The group of the key exchange, once chosen.
    group: Option<Group>,
    /// Did this server send a HelloRetryRequest?
    retried: bool,
}

/// Waiting for a ClientHello (a second one after a HelloRetryRequest: `retry` is its group).
#[derive(Debug)]
pub struct ExpectClientHello {
    retry: Option<Group>,
}

/// Sent the whole flight, waiting for the client's Finished.
#[derive(Debug)]
pub struct ExpectFinished {
    hs: HandshakeSecrets,
    app: Keys,
}

/// Handshake complete.
#[derive(Debug)]
pub struct Traffic;

/// The server's current phase.
#[derive(Debug)]
pub enum Server13State {
    /// Waiting for ClientHello.
    ExpectClientHello(ExpectClientHello),
    /// Waiting for the client's Finished.
    ExpectFinished(Box<ExpectFinished>),
    /// Application data.
    Traffic(Traffic),
}

fn params(g: Group) -> Params {
    match g {
        Group::Secp256r1 => Params::Secp256r1,
        _ => Params::X25519,
    }
}

fn failure(m: HsMsg) -> Error {
    Error::HandshakeFailure(m.into())
}

impl ExpectClientHello {
    fn handle(self, cx: &mut Cx, m: In13) -> Result<Server13State, Error> {
        let (p, raw) = m.expect(1)?;
        let Payload13::ClientHello(ch) = p else {
            return Err(crate::conn::unexpected("client_hello", "?"));
        };
        cx.hello_seen = true;
        // 1. TLS 1.3 offered in supported_versions (RFC 8446 §4.2.1: without it, TLS 1.2,
        //    which this server does not speak: protocol_version)
        let offered13 = matches!(ch.supported_versions(),
            Some(SupportedVersions::Offered(v)) if v.contains(&TLS13));
        if !offered13 {
            return Err(Error::ProtocolVersion(HsMsg::Tls13NotOffered {}.into()));
        }
        // 2. the suite, 3. the signature scheme
        if !ch
            .cipher_suites
            .iter()
            .any(|s| s.get() == TLS_AES_128_GCM_SHA256)
        {
            return Err(failure(HsMsg::NoCommonSuite {
                offered: ch.cipher_suites.iter().map(|s| Suite(s.get())).collect(),
                accepted: vec![Suite(TLS_AES_128_GCM_SHA256)],
            }));
        }
        let sig_algs = match ch.tls12(ExtensionType::SignatureAlgorithms) {
            Some(Extension::SignatureAlgorithms(v)) => v.clone(),
            _ => Vec::new(),
        };
        if !sig_algs.contains(&RSA_PSS_RSAE_SHA256) {
            return Err(failure(HsMsg::NoCommonSigAlg {
                offered: sig_algs.into_iter().map(SigAlg).collect(),
            }));
        }
        // 4. a key share in a group we take, else a HelloRetryRequest for one the client lists
        let shares = match ch.key_share() {
            Some(KeyShare::Offered(l)) => l.clone(),
            _ => Vec::new(),
        };
        let chosen = cx.config.groups.iter().find_map(|g| {
            shares
                .iter()
                .find(|e| e.group == g.id())
                .map(|e| (*g, e.clone()))
        });
        if let Some(g) = self.retry {
            if chosen.as_ref().map(|c| c.0) != Some(g) || shares.len() != 1 {
                return Err(Error::IllegalParameter(
                    HsMsg::HrrBadGroup {
                        group: g.name().into(),
                    }
                    .into(),
                ));
            }
        }
        let Some((group, entry)) = chosen else {
            let listed = match ch.tls12(ExtensionType::SupportedGroups) {
                Some(Extension::SupportedGroups(v)) => v.clone(),
                _ => Vec::new(),
            };
            let Some(g) = cx
                .config
                .groups
                .iter()
                .copied()
                .find(|g| listed.contains(&g.id()))
            else {
                return Err(failure(HsMsg::NoCommonGroup13 {}));
            };
            if self.retry.is_some() {
                return Err(failure(HsMsg::NoCommonGroup13 {}));
            }
            return hello_retry(cx, &ch, raw, g);
        };
        cx.common.transcript.extend_from_slice(&raw);
        server_flight(cx, &ch, group, &entry)
    }
}

/// Send a HelloRetryRequest for `group`; the transcript restarts as message_hash(ClientHello1).
fn hello_retry(
    cx: &mut Cx,
    ch: &ClientHello13,
    raw: Vec<u8>,
    group: Group,
) -> Result<Server13State, Error> {
    cx.common.transcript.extend_from_slice(&raw);
    cx.retried = true;
    let d = cx.common.restart_transcript();
    let hrr = ServerHello13 {
        legacy_version: 0x0303,
        random: HELLO_RETRY_REQUEST_RANDOM,
        legacy_session_id_echo: ch.legacy_session_id.clone(),
        cipher_suite: CipherSuite::from_value(TLS_AES_128_GCM_SHA256),
        legacy_compression_method: 0,
        extensions: vec![
            Extension13::SupportedVersions(SupportedVersions::Selected(TLS13)),
            Extension13::KeyShare(KeyShare::Retry(group.id())),
        ],
    };
    cx.common.send_handshake(
        Payload13::ServerHello(hrr),
        StepKey::HelloRetryRequest,
        vec![d],
        vec![HsMsg::HrrSent {
            group: group.name().into(),
        }
        .into()],
    )?;
    send_ccs_once(cx)?;
    Ok(Server13State::ExpectClientHello(ExpectClientHello {
        retry: Some(group),
    }))
}

fn send_ccs_once(cx: &mut Cx) -> Result<(), Error> {
    if !cx.ccs_sent {
        cx.ccs_sent = true;
        cx.common.send_compat_ccs(StepKey::CompatCcsServer)?;
    }
    Ok(())
}

/// ServerHello, then EncryptedExtensions, Certificate, CertificateVerify and Finished under the
/// server's handshake key.
fn server_flight(
    cx: &mut Cx,
    ch: &ClientHello13,
    group: Group,
    entry: &KeyShareEntry,
) -> Result<Server13State, Error> {
    // 1. our ephemeral key pair, the shared secret with the client's share
    cx.group = Some(group);
    let e = Ephemeral::new(params(group), None, &mut cx.rng)?;
    let shared = e.agree(&entry.key_exchange)?;
    let mut d = e.derived(Side::Server, HsMsg::EphemeralSecretAside {}.into());
    let mut s = e.shared_derived(Side::Server, &entry.key_exchange, &shared);
    s.name = crate::vocab::ValueId::SharedSecret;
    // 2. ServerHello
    let mut random = [0u8; 32];
    cx.rng.fill_bytes(&mut random);
    let sh = ServerHello13 {
        legacy_version: 0x0303,
        random,
        legacy_session_id_echo: ch.legacy_session_id.clone(),
        cipher_suite: CipherSuite::from_value(TLS_AES_128_GCM_SHA256),
        legacy_compression_method: 0,
        extensions: vec![
            Extension13::SupportedVersions(SupportedVersions::Selected(TLS13)),
            Extension13::KeyShare(KeyShare::Server(KeyShareEntry {
                group: group.id(),
                key_exchange: e.public.clone(),
            })),
        ],
    };
    cx.common.send_handshake(
        Payload13::ServerHello(sh),
        StepKey::ServerHello13,
        std::mem::take(&mut d),
        vec![HsMsg::Tls13ServerHelloSent {
            group: group.name().into(),
        }
        .into()],
    )?;
    send_ccs_once(cx)?;
    // 3. the handshake keys
    let (hs, keys, mut dk) = handshake_keys(&shared, &cx.common.transcript)?;
    let mut dall = vec![s];
    dall.append(&mut dk);
    cx.common.event(
        StepKey::DeriveHandshakeKeys13Server,
        dall,
        Vec::new(),
        vec![HsMsg::HandshakeKeys13 {}.into()],
    );
    cx.common.set_write(Sender::Server, &keys.server);
    cx.common.set_read(Sender::Client, &keys.client)?;
    // 4. EncryptedExtensions
    cx.common.send_handshake(
        Payload13::EncryptedExtensions(EncryptedExtensions {
            extensions: Vec::new(),
        }),
        StepKey::EncryptedExtensions,
        Vec::new(),
        vec![HsMsg::EncryptedExtensionsSent { count: 0 }.into()],
    )?;
    // 5. Certificate
    let chain = cx.config.chain.clone();
    cx.common.send_handshake(
        Payload13::Certificate(Certificate13 {
            certificate_request_context: Vec::new(),
            certificate_list: chain
                .iter()
                .map(|c| CertificateEntry {
                    cert_data: c.clone(),
                    extensions: Vec::new(),
                })
                .collect(),
        }),
        StepKey::Certificate13,
        Vec::new(),
        vec![HsMsg::CertificateSent {
            count: chain.len(),
            leaf_len: chain.first().map_or(0, |c| c.len()),
        }
        .into()],
    )?;
    // 6. CertificateVerify over Transcript-Hash(ClientHello..Certificate)
    let (hash, dh) = transcript_hash(Context::ThroughCertificate, &cx.common.transcript);
    //    (the forging fault signs with the client's context string: the wrong content)
    let (context, mut notes) = if cx.config.forge_certificate_verify {
        (Sender::Client, vec![HsMsg::CertVerifyForged13 {}.into()])
    } else {
        (Sender::Server, Vec::new())
    };
    let cv = super::certificate_verify::sign(&cx.config.key, context, &hash, &mut cx.rng)?;
    notes.insert(0, HsMsg::CertificateVerifySent {}.into());
    cx.common.send_handshake(
        Payload13::CertificateVerify(cv),
        StepKey::CertificateVerify13,
        vec![dh],
        notes,
    )?;
    // 7. Finished
    let (vd, d) = finished(Sender::Server, &hs, &cx.common.transcript)?;
    cx.common.send_handshake(
        Payload13::Finished(Finished {
            verify_data: vd.to_vec(),
        }),
        StepKey::Finished13Server,
        d,
        vec![HsMsg::ServerFinishedSent {
            verify_data: Hex(vd.to_vec()),
        }
        .into()],
    )?;
    // 8. the application keys; the server writes with its own from now on
    let (_ms, app, d) = app_keys(&hs, &cx.common.transcript)?;
    cx.common.event(
        StepKey::DeriveAppKeys13Server,
        d,
        Vec::new(),
        vec![HsMsg::AppKeys13 {}.into()],
    );
    cx.common.set_write(Sender::Server, &app.server);
    Ok(Server13State::ExpectFinished(Box::new(ExpectFinished {
        hs,
        app,
    })))
}

impl ExpectFinished {
    fn handle(self, cx: &mut Cx, m: In13) -> Result<Server13State, Error> {
        let (p, raw) = m.expect(20)?;
        let Payload13::Finished(f) = p else {
            return Err(crate::conn::unexpected("finished", "?"));
        };
        // 1. the client's verify_data over ClientHello..server Finished
        let (expected, d) = finished(Sender::Client, &self.hs, &cx.common.transcript)?;
        let ok = same(&expected, &f.verify_data);
        let note = if ok {
            HsMsg::ClientFinishedOk {}
        } else {
            HsMsg::ClientFinishedWrong {
                received: Hex(f.verify_data.clone()),
                computed: Hex(expected.to_vec()),
            }
        };
        let check = crate::transcript::Check {
            name: crate::vocab::CheckId::Finished,
            ok,
            detail: note.clone().into(),
        };
        cx.common.event(
            StepKey::VerifyFinished13Server,
            d,
            vec![check],
            vec![note.clone().into()],
        );
        if !ok {
            return Err(Error::DecryptError(note.into()));
        }
        cx.common.transcript.extend_from_slice(&raw);
        // 2. read with the client's application key
        cx.common.set_read(Sender::Client, &self.app.client)?;
        Ok(Server13State::Traffic(Traffic))
    }
}

impl Server13State {
    fn handle(self, cx: &mut Cx, m: In13) -> Result<Self, Error> {
        match self {
            Self::ExpectClientHello(s) => s.handle(cx, m),
            Self::ExpectFinished(s) => s.handle(cx, m),
            Self::Traffic(s) => match m {
                In13::AppData(d) => {
                    cx.common.out.app_data.push(d);
                    Ok(Self::Traffic(s))
                }
                other => Err(other.unexpected("application_data")),
            },
        }
    }
}

/// A TLS 1.3 server connection.
#[derive(Debug)]
pub struct Server13 {
    cx: Cx,
    state: Option<Server13State>,
}

impl Server13 {
    /// A server waiting for a ClientHello; the output is empty.
    pub fn new(config: Server13Config, rng: ChaCha20Rng, _now: i64) -> Result<Self, Error> {
        Ok(Self {
            cx: Cx {
                config,
                rng,
                common: Common13::default(),
                ccs_sent: false,
                ccs_seen: false,
                hello_seen: false,
                group: None,
                retried: false,
            },
            state: Some(Server13State::ExpectClientHello(ExpectClientHello {
                retry: None,
            })),
        })
    }

    /// Feed bytes from the client (any split). After an error the connection is dead.
    pub fn feed(&mut self, bytes: &[u8]) -> Result<Output, Error> {
        self.cx.common.push_bytes(bytes);
        while let Some(m) = self.cx.common.next_message().inspect_err(|_| {
            self.state = None;
        })? {
            // RFC 8446 D.4: one ChangeCipherSpec after the first ClientHello is ignored
            if matches!(m, In13::ChangeCipherSpec) {
                if self.cx.ccs_seen || !self.cx.hello_seen || self.is_handshake_complete() {
                    self.state = None;
                    return Err(m.unexpected("handshake"));
                }
                self.cx.ccs_seen = true;
                self.cx.common.event(
                    StepKey::CompatCcsClient,
                    Vec::new(),
                    Vec::new(),
                    vec![HsMsg::CompatCcsIgnored {}.into()],
                );
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

    /// The fatal alert record to send after `err`; empty when the peer sent an alert.
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

    /// Whatever was produced and not yet returned.
    pub fn take_output(&mut self) -> Output {
        self.cx.common.take_output()
    }

    /// Does what this side sends now go out protected (so its alert would be encrypted)?
    pub fn is_write_protected(&self) -> bool {
        self.cx.common.write_protected()
    }

    /// Has the client's Finished been verified?
    pub fn is_handshake_complete(&self) -> bool {
        matches!(self.state, Some(Server13State::Traffic(_)))
    }

    /// The key-exchange group, once chosen.
    pub fn negotiated_group(&self) -> Option<Group> {
        self.cx.group
    }

    /// The cipher suite, once ServerHello went out.
    pub fn negotiated_suite(&self) -> Option<u16> {
        self.cx.group.map(|_| TLS_AES_128_GCM_SHA256)
    }

    /// Did this server send a HelloRetryRequest?
    pub fn retried(&self) -> bool {
        self.cx.retried
    }
}
