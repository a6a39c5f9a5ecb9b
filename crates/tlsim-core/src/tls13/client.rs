//! The TLS 1.3 client (RFC 8446), sans-IO: TLS_AES_128_GCM_SHA256, x25519 or secp256r1, a
//! server authenticated by its certificate and an rsa_pss_rsae_sha256 CertificateVerify.
//! One type per phase: a transition consumes the state and one message.

use super::certificate::{Certificate13, CertificateEntry};
use super::conn::{app_keys, finished, handshake_keys, same, Common13, In13};
use super::ext::{Extension13, Extensions, KeyShare, KeyShareEntry, SupportedVersions};
use super::ext::{RSA_PSS_RSAE_SHA256, TLS13};
use super::handshake::{Payload13, ENCRYPTED_EXTENSIONS};
use super::hello::{ClientHello13, ServerHello13, TLS_AES_128_GCM_SHA256};
use super::key_schedule::{transcript_hash, Context, HandshakeSecrets, MasterSecrets, Sender};
use crate::client::ClientIdentity;
use crate::codec::Reader;
use crate::conn::Output;
use crate::error::{AlertDescription, Error};
use crate::kx::ephemeral::{Ephemeral, Params, Side};
use crate::kx::Group;
use crate::msg::{Hex, HsMsg, Suite, Version};
use crate::msgs::{CipherSuite, Extension, Finished};
use crate::pki;
use crate::vocab::StepKey;
use rand_chacha::ChaCha20Rng;
use rand_core::RngCore;
use rsa::RsaPublicKey;

/// What the TLS 1.3 client is configured with.
#[derive(Clone, Debug)]
pub struct Client13Config {
    /// The host wanted: sent as SNI and checked against the certificate.
    pub host: String,
    /// Trusted roots, DER.
    pub trust_store: Vec<Vec<u8>>,
    /// Revocation lists and key minimum for the server's chain.
    pub cert_policy: pki::CertPolicy,
    /// supported_groups, in preference order (x25519 and secp256r1 only).
    pub groups: Vec<Group>,
    /// The groups the first ClientHello sends a key share for.
    pub key_shares: Vec<Group>,
    /// Certificate and key to answer a CertificateRequest (else an empty Certificate is sent).
    pub identity: Option<ClientIdentity>,
    /// Offer TLS 1.2 too, in the same ClientHello (set by [`crate::negotiate::DualClient`]).
    pub also_tls12: Option<Also12>,
}

/// What a ClientHello that offers TLS 1.2 beside TLS 1.3 adds (RFC 8446 §4.1.2): 0x0303 in
/// supported_versions, the TLS 1.2 suites after the TLS 1.3 one, the TLS 1.2 signature schemes
/// and groups, and the TLS 1.2 extensions (extended_master_secret, renegotiation_info, ...).
#[derive(Clone, Debug, Default)]
pub struct Also12 {
    /// TLS 1.2 suites, after TLS_AES_128_GCM_SHA256.
    pub suites: Vec<u16>,
    /// signature_algorithms TLS 1.2 accepts, after rsa_pss_rsae_sha256.
    pub signature_algorithms: Vec<u16>,
    /// supported_groups TLS 1.2 offers (ffdhe2048 say), after the TLS 1.3 groups.
    pub groups: Vec<u16>,
    /// The other TLS 1.2 extensions, in the order TLS 1.2 sends them.
    pub extensions: Vec<Extension>,
}

impl Client13Config {
    /// Defaults: groups x25519 then secp256r1, a key share for x25519.
    pub fn new(host: &str, trust_store: Vec<Vec<u8>>) -> Self {
        Self {
            host: host.into(),
            trust_store,
            cert_policy: pki::CertPolicy::default(),
            groups: vec![Group::X25519, Group::Secp256r1],
            key_shares: vec![Group::X25519],
            identity: None,
            also_tls12: None,
        }
    }
}

#[derive(Debug)]
struct Cx {
    config: Client13Config,
    rng: ChaCha20Rng,
    now: i64,
    common: Common13,
    random: [u8; 32],
    session_id: Vec<u8>,
    /// A ChangeCipherSpec from the server was ignored already.
    ccs_seen: bool,
    /// The group of the key exchange, once ServerHello came.
    group: Option<Group>,
    /// Did the server send a HelloRetryRequest?
    retried: bool,
    /// The handshake traffic secrets, once derived (for a key log).
    hs_secrets: Option<HandshakeSecrets>,
    /// The master secret and application traffic secrets, once derived.
    app_secrets: Option<MasterSecrets>,
    /// certificate_request_context of the server's CertificateRequest, if it sent one.
    cert_request: Option<Vec<u8>>,
}

/// Sent ClientHello, waiting for ServerHello or HelloRetryRequest.
#[derive(Debug)]
pub struct ExpectServerHello {
    shares: Vec<Ephemeral>,
    retried: bool,
}

/// Waiting for EncryptedExtensions.
#[derive(Debug)]
pub struct ExpectEncryptedExtensions {
    hs: HandshakeSecrets,
}

/// Waiting for the server's Certificate.
#[derive(Debug)]
pub struct ExpectCertificate {
    hs: HandshakeSecrets,
}

/// Waiting for CertificateVerify.
#[derive(Debug)]
pub struct ExpectCertificateVerify {
    hs: HandshakeSecrets,
    server_key: RsaPublicKey,
}

/// Waiting for the server's Finished.
#[derive(Debug)]
pub struct ExpectFinished {
    hs: HandshakeSecrets,
}

/// Handshake complete.
#[derive(Debug)]
pub struct Traffic;

/// The client's current phase.
#[derive(Debug)]
pub enum Client13State {
    /// Waiting for ServerHello (or HelloRetryRequest).
    ExpectServerHello(ExpectServerHello),
    /// Waiting for EncryptedExtensions.
    ExpectEncryptedExtensions(ExpectEncryptedExtensions),
    /// Waiting for Certificate.
    ExpectCertificate(ExpectCertificate),
    /// Waiting for CertificateVerify.
    ExpectCertificateVerify(ExpectCertificateVerify),
    /// Waiting for Finished.
    ExpectFinished(ExpectFinished),
    /// Application data.
    Traffic(Traffic),
}

fn params(g: Group) -> Result<Params, Error> {
    match g {
        Group::X25519 => Ok(Params::X25519),
        Group::Secp256r1 => Ok(Params::Secp256r1),
        Group::Ffdhe2048 => Err(Error::input(HsMsg::GroupNotOffered {
            group: g.name().into(),
        })),
    }
}

fn client_hello(cx: &mut Cx, shares: &[Ephemeral]) -> ClientHello13 {
    let mut extensions = Vec::new();
    if !cx.config.host.is_empty() && cx.config.host.parse::<std::net::IpAddr>().is_err() {
        extensions.push(Extension13::Tls12(Extension::sni(&cx.config.host)));
    }
    // TLS 1.2 beside TLS 1.3: its version, groups, schemes, suites and extensions too
    let also = cx.config.also_tls12.clone().unwrap_or_default();
    let mut versions = vec![TLS13];
    if cx.config.also_tls12.is_some() {
        versions.push(crate::msgs::enums::TLS12);
    }
    extensions.push(Extension13::SupportedVersions(SupportedVersions::Offered(
        versions,
    )));
    let mut groups: Vec<u16> = cx.config.groups.iter().map(|g| g.id()).collect();
    for g in also.groups {
        if !groups.contains(&g) {
            groups.push(g);
        }
    }
    extensions.push(Extension13::Tls12(Extension::SupportedGroups(groups)));
    // with TLS 1.2 beside, its schemes come first: a TLS 1.2 server signing its
    // ServerKeyExchange takes the first it supports, and this engine's TLS 1.2 verifies PKCS#1
    // only; a TLS 1.3 server takes rsa_pss_rsae_sha256, the one a CertificateVerify may use
    let mut schemes = also.signature_algorithms;
    if !schemes.contains(&RSA_PSS_RSAE_SHA256) {
        schemes.push(RSA_PSS_RSAE_SHA256);
    }
    extensions.push(Extension13::Tls12(Extension::SignatureAlgorithms(schemes)));
    extensions.extend(also.extensions.into_iter().map(Extension13::Tls12));
    extensions.push(Extension13::KeyShare(KeyShare::Offered(
        shares
            .iter()
            .filter_map(|e| {
                Some(KeyShareEntry {
                    group: e.params.group()?.id(),
                    key_exchange: e.public.clone(),
                })
            })
            .collect(),
    )));
    ClientHello13 {
        legacy_version: 0x0303,
        random: cx.random,
        legacy_session_id: cx.session_id.clone(),
        cipher_suites: std::iter::once(TLS_AES_128_GCM_SHA256)
            .chain(also.suites)
            .map(CipherSuite::from_value)
            .collect(),
        legacy_compression_methods: vec![0],
        extensions,
    }
}

fn start(cx: &mut Cx) -> Result<ExpectServerHello, Error> {
    // 1. the random and a 32-byte legacy_session_id (middlebox compatibility, RFC 8446 D.4)
    cx.rng.fill_bytes(&mut cx.random);
    let mut sid = [0u8; 32];
    cx.rng.fill_bytes(&mut sid);
    cx.session_id = sid.to_vec();
    // 2. an ephemeral key pair per key share
    let mut shares = Vec::new();
    let mut derived = Vec::new();
    for g in cx.config.key_shares.clone() {
        let e = Ephemeral::new(params(g)?, None, &mut cx.rng)?;
        derived.extend(e.derived(Side::Client, HsMsg::EphemeralSecretAside {}.into()));
        shares.push(e);
    }
    let group = cx
        .config
        .key_shares
        .first()
        .map_or(String::new(), |g| g.name().into());
    // 3. the ClientHello
    let ch = client_hello(cx, &shares);
    cx.common.send_handshake(
        Payload13::ClientHello(ch),
        StepKey::ClientHello13,
        derived,
        vec![HsMsg::Tls13Offered { group }.into()],
    )?;
    Ok(ExpectServerHello {
        shares,
        retried: false,
    })
}

fn illegal(m: HsMsg) -> Error {
    Error::IllegalParameter(m.into())
}

impl ExpectServerHello {
    fn handle(self, cx: &mut Cx, m: In13) -> Result<Client13State, Error> {
        let (p, raw) = m.expect(2)?;
        let Payload13::ServerHello(sh) = p else {
            return Err(crate::conn::unexpected("server_hello", "?"));
        };
        // 1. the version: supported_versions must select TLS 1.3
        let version = match sh.supported_versions() {
            Some(SupportedVersions::Selected(v)) => *v,
            _ => sh.legacy_version,
        };
        if version != TLS13 {
            // RFC 8446 §4.1.3: a TLS 1.3 client that gets a TLS 1.2 (or older) ServerHello checks
            // the last 8 bytes of its random; a downgrade sentinel there is illegal_parameter.
            let sentinel = sh.downgrade_sentinel();
            let got = Hex(sh.random[24..].to_vec());
            let check = crate::transcript::Check {
                name: crate::vocab::CheckId::DowngradeSentinel,
                ok: sentinel.is_none(),
                detail: match sentinel {
                    Some(v) => HsMsg::DowngradeSentinelFound {
                        got: got.clone(),
                        version: Version(v),
                    },
                    None => HsMsg::NoDowngradeSentinel { got: got.clone() },
                }
                .into(),
            };
            cx.common.event(
                StepKey::CheckDowngrade13,
                Vec::new(),
                vec![check],
                vec![HsMsg::ServerHelloVersion {
                    got: Version(version),
                }
                .into()],
            );
            if let Some(v) = sentinel {
                return Err(illegal(HsMsg::DowngradeSentinelFound {
                    got,
                    version: Version(v),
                }));
            }
            return Err(Error::ProtocolVersion(
                HsMsg::Tls13NotSelected {
                    got: Version(version),
                }
                .into(),
            ));
        }
        // 2. the suite offered, the session ID echoed
        if sh.cipher_suite.get() != TLS_AES_128_GCM_SHA256 {
            return Err(illegal(HsMsg::SuiteNotOffered {
                suite: Suite(sh.cipher_suite.get()),
            }));
        }
        if sh.legacy_session_id_echo != cx.session_id {
            return Err(illegal(HsMsg::SessionIdEchoMismatch {}));
        }
        if sh.is_hello_retry_request() {
            return self.retry(cx, sh, raw);
        }
        // 3. the server's share, in the group of one of ours
        let Some(KeyShare::Server(entry)) = sh.key_share() else {
            return Err(Error::HandshakeFailure(
                HsMsg::MissingExtension13 {
                    what: "ServerHello.key_share".into(),
                }
                .into(),
            ));
        };
        let Some(mine) = self
            .shares
            .iter()
            .find(|e| e.params.group().map(|g| g.id()) == Some(entry.group))
        else {
            return Err(illegal(HsMsg::KeyShareGroupMismatch {
                got: crate::kx::group_name(entry.group),
                offered: self
                    .shares
                    .iter()
                    .filter_map(|e| e.params.group())
                    .map(|g| g.name())
                    .collect::<Vec<_>>()
                    .join(", "),
            }));
        };
        cx.common.transcript.extend_from_slice(&raw);
        // 4. the shared secret, then the handshake keys
        let shared = mine.agree(&entry.key_exchange)?;
        let mut d = vec![{
            let mut s = mine.shared_derived(Side::Client, &entry.key_exchange, &shared);
            s.name = crate::vocab::ValueId::SharedSecret;
            s
        }];
        let (hs, keys, mut dk) = handshake_keys(&shared, &cx.common.transcript)?;
        d.append(&mut dk);
        cx.common.set_read(Sender::Server, &keys.server)?;
        // From here on whatever the client sends (an alert too) is under its handshake key;
        // only the compatibility ChangeCipherSpec goes in the clear (RFC 8446 §5).
        cx.common.set_write(Sender::Client, &keys.client);
        cx.group = Group::from_id(entry.group);
        cx.hs_secrets = Some(hs.clone());
        cx.common.event(
            StepKey::DeriveHandshakeKeys13Client,
            d,
            Vec::new(),
            vec![
                HsMsg::PeerPublicOk {
                    group: crate::kx::group_name(entry.group),
                }
                .into(),
                HsMsg::HandshakeKeys13 {}.into(),
            ],
        );
        Ok(Client13State::ExpectEncryptedExtensions(
            ExpectEncryptedExtensions { hs },
        ))
    }

    /// A HelloRetryRequest: a share for the group it names, in a second ClientHello.
    fn retry(self, cx: &mut Cx, hrr: ServerHello13, raw: Vec<u8>) -> Result<Client13State, Error> {
        // 1. only one HelloRetryRequest (RFC 8446 §4.1.4)
        if self.retried {
            return Err(crate::conn::unexpected(
                "server_hello",
                "hello_retry_request",
            ));
        }
        // 2. a group we support and did not send a share for
        let Some(KeyShare::Retry(g)) = hrr.key_share() else {
            return Err(illegal(HsMsg::MissingExtension13 {
                what: "HelloRetryRequest.key_share".into(),
            }));
        };
        let group = Group::from_id(*g)
            .filter(|g| cx.config.groups.contains(g))
            .filter(|g| !self.shares.iter().any(|e| e.params.group() == Some(*g)));
        let Some(group) = group else {
            return Err(illegal(HsMsg::HrrBadGroup {
                group: crate::kx::group_name(*g),
            }));
        };
        // 3. the transcript: message_hash(ClientHello1) || HelloRetryRequest
        cx.retried = true;
        let d_mh = cx.common.restart_transcript();
        cx.common.transcript.extend_from_slice(&raw);
        cx.common.event(
            StepKey::HelloRetryRequest,
            vec![d_mh],
            Vec::new(),
            vec![HsMsg::HrrSent {
                group: group.name().into(),
            }
            .into()],
        );
        // 4. the second ClientHello, the same but for the new share
        let e = Ephemeral::new(params(group)?, None, &mut cx.rng)?;
        let d = e.derived(Side::Client, HsMsg::EphemeralSecretAside {}.into());
        let shares = vec![e];
        let ch = client_hello(cx, &shares);
        cx.common.send_handshake(
            Payload13::ClientHello(ch),
            StepKey::ClientHello13Retry,
            d,
            vec![HsMsg::HrrAnswered {
                group: group.name().into(),
            }
            .into()],
        )?;
        Ok(Client13State::ExpectServerHello(ExpectServerHello {
            shares,
            retried: true,
        }))
    }
}

impl ExpectEncryptedExtensions {
    fn handle(self, cx: &mut Cx, m: In13) -> Result<Client13State, Error> {
        let (_, raw) = m.expect(ENCRYPTED_EXTENSIONS)?;
        cx.common.transcript.extend_from_slice(&raw);
        Ok(Client13State::ExpectCertificate(ExpectCertificate {
            hs: self.hs,
        }))
    }
}

impl ExpectCertificate {
    fn handle(self, cx: &mut Cx, m: In13) -> Result<Client13State, Error> {
        if matches!(
            m,
            In13::Handshake {
                typ: CERTIFICATE_REQUEST,
                ..
            }
        ) && cx.cert_request.is_none()
        {
            return self.certificate_request(cx, m);
        }
        let (p, raw) = m.expect(11)?;
        let Payload13::Certificate(cert) = p else {
            return Err(crate::conn::unexpected("certificate", "?"));
        };
        cx.common.transcript.extend_from_slice(&raw);
        // 1. the path to a trusted root, 2. link by link, 3. the host name; the leaf signs
        let chain: Vec<Vec<u8>> = cert.chain().iter().map(|c| c.to_vec()).collect();
        let policy = pki::CertPolicy {
            leaf_signs: true,
            ..cx.config.cert_policy.clone()
        };
        let v = pki::verify_path(
            &chain,
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
        let d = pki::leaf_signature(&chain, &cx.config.trust_store);
        cx.common
            .event(StepKey::VerifyServerCert, d, v.checks, vec![note.into()]);
        let server_key = v.result?;
        Ok(Client13State::ExpectCertificateVerify(
            ExpectCertificateVerify {
                hs: self.hs,
                server_key,
            },
        ))
    }
}

/// certificate_request(13)
const CERTIFICATE_REQUEST: u8 = 13;

impl ExpectCertificate {
    /// A CertificateRequest (RFC 8446 §4.3.2): keep its context to echo in our Certificate.
    ///
    /// ```text
    /// struct {
    ///     opaque certificate_request_context<0..2^8-1>;
    ///     Extension extensions<2..2^16-1>;
    /// } CertificateRequest;
    /// ```
    fn certificate_request(self, cx: &mut Cx, m: In13) -> Result<Client13State, Error> {
        let (p, raw) = m.expect(CERTIFICATE_REQUEST)?;
        let Payload13::Unknown(_, body) = p else {
            return Err(crate::conn::unexpected("certificate_request", "?"));
        };
        // 1. the context, 2. the extensions (signature_algorithms among them), kept raw
        let mut r = Reader::new(&body);
        let context = r.vec_u8("CertificateRequest.certificate_request_context")?;
        let _extensions = r.vec_u16("CertificateRequest.extensions")?;
        r.expect_empty("CertificateRequest")?;
        cx.common.transcript.extend_from_slice(&raw);
        let note = match &cx.config.identity {
            Some(id) => HsMsg::CertRequest13WillSend {
                count: id.chain.len(),
            },
            None => HsMsg::CertRequest13NoIdentity {},
        };
        cx.common.event(
            StepKey::CertificateRequest13,
            Vec::new(),
            Vec::new(),
            vec![note.into()],
        );
        cx.cert_request = Some(context);
        Ok(Client13State::ExpectCertificate(self))
    }
}

impl ExpectCertificateVerify {
    fn handle(self, cx: &mut Cx, m: In13) -> Result<Client13State, Error> {
        let (p, raw) = m.expect(15)?;
        let Payload13::CertificateVerify(cv) = p else {
            return Err(crate::conn::unexpected("certificate_verify", "?"));
        };
        // 1. Transcript-Hash(ClientHello..Certificate), 2. the PSS signature over it
        let (hash, d) = transcript_hash(Context::ThroughCertificate, &cx.common.transcript);
        let r = super::certificate_verify::verify(&self.server_key, Sender::Server, &hash, &cv);
        let note = match &r {
            Ok(()) => HsMsg::ServerCertVerifyOk13 {},
            Err(_) => HsMsg::ServerCertVerifyBad13 {},
        };
        let check = crate::transcript::Check {
            name: crate::vocab::CheckId::ServerCertificateVerify,
            ok: r.is_ok(),
            detail: note.clone().into(),
        };
        cx.common.event(
            StepKey::VerifyCertificateVerify13,
            vec![d],
            vec![check],
            vec![
                HsMsg::CertVerifyDetail {
                    hash: Hex(hash.to_vec()),
                    alg: crate::msg::SigAlg(cv.algorithm),
                }
                .into(),
                note.into(),
            ],
        );
        r?;
        cx.common.transcript.extend_from_slice(&raw);
        Ok(Client13State::ExpectFinished(ExpectFinished {
            hs: self.hs,
        }))
    }
}

impl ExpectFinished {
    fn handle(self, cx: &mut Cx, m: In13) -> Result<Client13State, Error> {
        let (p, raw) = m.expect(20)?;
        let Payload13::Finished(f) = p else {
            return Err(crate::conn::unexpected("finished", "?"));
        };
        // 1. the server's verify_data over ClientHello..CertificateVerify
        let (expected, d) = finished(Sender::Server, &self.hs, &cx.common.transcript)?;
        let ok = same(&expected, &f.verify_data);
        let note = if ok {
            HsMsg::ServerFinishedOk {}
        } else {
            HsMsg::ServerFinishedWrong {
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
            StepKey::VerifyFinished13Client,
            d,
            vec![check],
            vec![note.clone().into()],
        );
        if !ok {
            return Err(Error::DecryptError(note.into()));
        }
        cx.common.transcript.extend_from_slice(&raw);
        // 2. the master secret and application keys over ClientHello..server Finished
        let (ms, app, d) = app_keys(&self.hs, &cx.common.transcript)?;
        cx.common.event(
            StepKey::DeriveAppKeys13Client,
            d,
            Vec::new(),
            vec![HsMsg::AppKeys13 {}.into()],
        );
        cx.app_secrets = Some(ms);
        // 3. the compatibility ChangeCipherSpec (in the clear), then, under the handshake key,
        //    our Certificate and CertificateVerify if the server asked, and Finished
        cx.common.send_compat_ccs(StepKey::CompatCcsClient)?;
        if let Some(context) = cx.cert_request.clone() {
            send_client_certificate(cx, context)?;
        }
        let (vd, d) = finished(Sender::Client, &self.hs, &cx.common.transcript)?;
        cx.common.send_handshake(
            Payload13::Finished(Finished {
                verify_data: vd.to_vec(),
            }),
            StepKey::Finished13Client,
            d,
            vec![HsMsg::ClientFinishedSent {
                verify_data: Hex(vd.to_vec()),
            }
            .into()],
        )?;
        // 4. application keys both ways
        cx.common.set_write(Sender::Client, &app.client);
        cx.common.set_read(Sender::Server, &app.server)?;
        Ok(Client13State::Traffic(Traffic))
    }
}

/// The client's Certificate (its chain, or none), then, with a chain, its CertificateVerify
/// over Transcript-Hash(ClientHello..client Certificate) (RFC 8446 §4.4.2, §4.4.3).
fn send_client_certificate(cx: &mut Cx, context: Vec<u8>) -> Result<(), Error> {
    let identity = cx.config.identity.clone();
    let chain = identity
        .as_ref()
        .map(|i| i.chain.clone())
        .unwrap_or_default();
    cx.common.send_handshake(
        Payload13::Certificate(Certificate13 {
            certificate_request_context: context,
            certificate_list: chain
                .iter()
                .map(|c| CertificateEntry {
                    cert_data: c.clone(),
                    extensions: Vec::new(),
                })
                .collect(),
        }),
        StepKey::Certificate13Client,
        Vec::new(),
        vec![if chain.is_empty() {
            HsMsg::ClientCert13Empty {}
        } else {
            HsMsg::CertificateSent {
                count: chain.len(),
                leaf_len: chain.first().map_or(0, |c| c.len()),
            }
        }
        .into()],
    )?;
    let Some(id) = identity.filter(|i| !i.chain.is_empty()) else {
        return Ok(());
    };
    let (hash, dh) = transcript_hash(Context::ThroughCertificate, &cx.common.transcript);
    let cv = super::certificate_verify::sign(&id.key, Sender::Client, &hash, &mut cx.rng)?;
    cx.common.send_handshake(
        Payload13::CertificateVerify(cv),
        StepKey::CertificateVerify13Client,
        vec![dh],
        vec![HsMsg::CertificateVerifySent {}.into()],
    )
}

impl Traffic {
    fn handle(self, cx: &mut Cx, m: In13) -> Result<Client13State, Error> {
        match m {
            In13::AppData(d) => cx.common.out.app_data.push(d),
            In13::Handshake { typ: 4, raw } => cx.common.event(
                StepKey::NewSessionTicket,
                Vec::new(),
                Vec::new(),
                vec![HsMsg::Ticket13Ignored { len: raw.len() }.into()],
            ),
            other => return Err(other.unexpected("application_data")),
        }
        Ok(Client13State::Traffic(self))
    }
}

impl Client13State {
    fn handle(self, cx: &mut Cx, m: In13) -> Result<Self, Error> {
        match self {
            Self::ExpectServerHello(s) => s.handle(cx, m),
            Self::ExpectEncryptedExtensions(s) => s.handle(cx, m),
            Self::ExpectCertificate(s) => s.handle(cx, m),
            Self::ExpectCertificateVerify(s) => s.handle(cx, m),
            Self::ExpectFinished(s) => s.handle(cx, m),
            Self::Traffic(s) => s.handle(cx, m),
        }
    }
}

/// A TLS 1.3 client connection.
#[derive(Debug)]
pub struct Client13 {
    cx: Cx,
    state: Option<Client13State>,
    sent_hello: bool,
}

impl Client13 {
    /// Start a handshake: the output holds the ClientHello record.
    pub fn new(
        config: Client13Config,
        rng: ChaCha20Rng,
        now: i64,
    ) -> Result<(Self, Output), Error> {
        let mut cx = Cx {
            config,
            rng,
            now,
            common: Common13::default(),
            random: [0; 32],
            session_id: Vec::new(),
            ccs_seen: false,
            group: None,
            retried: false,
            hs_secrets: None,
            app_secrets: None,
            cert_request: None,
        };
        let s = start(&mut cx)?;
        let out = cx.common.take_output();
        Ok((
            Self {
                cx,
                state: Some(Client13State::ExpectServerHello(s)),
                sent_hello: true,
            },
            out,
        ))
    }

    /// Feed bytes from the server (any split). After an error the connection is dead.
    pub fn feed(&mut self, bytes: &[u8]) -> Result<Output, Error> {
        self.cx.common.push_bytes(bytes);
        while let Some(m) = self.cx.common.next_message().inspect_err(|_| {
            self.state = None;
        })? {
            // RFC 8446 D.4: one ChangeCipherSpec during the handshake is ignored
            if matches!(m, In13::ChangeCipherSpec) {
                if self.cx.ccs_seen || self.is_handshake_complete() || !self.sent_hello {
                    self.state = None;
                    return Err(m.unexpected("handshake"));
                }
                self.cx.ccs_seen = true;
                self.cx.common.event(
                    StepKey::CompatCcsServer,
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

    /// Has the server's Finished been verified (and ours sent)?
    pub fn is_handshake_complete(&self) -> bool {
        matches!(self.state, Some(Client13State::Traffic(_)))
    }

    /// The handshake messages so far (just the ClientHello right after [`Client13::new`]).
    pub(crate) fn transcript(&self) -> &[u8] {
        &self.cx.common.transcript
    }

    /// ClientHello.random.
    pub fn client_random(&self) -> [u8; 32] {
        self.cx.random
    }

    /// The key-exchange group, once ServerHello came.
    pub fn negotiated_group(&self) -> Option<Group> {
        self.cx.group
    }

    /// The cipher suite, once ServerHello came (the one this engine implements).
    pub fn negotiated_suite(&self) -> Option<u16> {
        self.cx.group.map(|_| TLS_AES_128_GCM_SHA256)
    }

    /// Did the server send a HelloRetryRequest?
    pub fn retried(&self) -> bool {
        self.cx.retried
    }

    /// Did the server ask for a client certificate?
    pub fn certificate_requested(&self) -> bool {
        self.cx.cert_request.is_some()
    }

    /// The NSS key log lines known so far (the handshake traffic secrets after ServerHello,
    /// the application traffic secrets after the server's Finished); empty before.
    pub fn keylog(&self) -> String {
        match &self.cx.hs_secrets {
            Some(hs) => super::keylog::lines(&self.cx.random, hs, self.cx.app_secrets.as_ref()),
            None => String::new(),
        }
    }
}
