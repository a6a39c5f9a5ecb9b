//! The TLS 1.3 key schedule for SHA-256 suites (RFC 8446 §7.1, §7.3, §4.4.4), one stage per type:
//! [`EarlySecret`] -> [`HandshakeSecrets`] -> [`MasterSecrets`]; each step returns its value and
//! the [`Derived`] entries the transcript shows.
//!
//! ```text
//!              0
//!              |
//!              v
//!    PSK ->  HKDF-Extract = Early Secret
//!              |
//!              v
//!        Derive-Secret(., "derived", "")
//!              |
//!              v
//!    (EC)DHE -> HKDF-Extract = Handshake Secret
//!              |
//!              +-----> Derive-Secret(., "c hs traffic", ClientHello...ServerHello)
//!              |                = client_handshake_traffic_secret
//!              +-----> Derive-Secret(., "s hs traffic", ClientHello...ServerHello)
//!              |                = server_handshake_traffic_secret
//!              v
//!        Derive-Secret(., "derived", "")
//!              |
//!              v
//!    0 -> HKDF-Extract = Master Secret
//!              |
//!              +-----> Derive-Secret(., "c ap traffic", ClientHello...server Finished)
//!              |                = client_application_traffic_secret_0
//!              +-----> Derive-Secret(., "s ap traffic", ClientHello...server Finished)
//!              |                = server_application_traffic_secret_0
//!              +-----> Derive-Secret(., "exp master", ClientHello...server Finished)
//!              |                = exporter_master_secret
//!              +-----> Derive-Secret(., "res master", ClientHello...client Finished)
//!                               = resumption_master_secret
//!
//! [sender]_write_key = HKDF-Expand-Label(Secret, "key", "", key_length)
//! [sender]_write_iv  = HKDF-Expand-Label(Secret, "iv", "", iv_length)
//! finished_key       = HKDF-Expand-Label(BaseKey, "finished", "", Hash.length)
//! verify_data        = HMAC(finished_key, Transcript-Hash(Handshake Context, Certificate*,
//!                                                         CertificateVerify*))
//! ```

use super::hkdf::{self, Secret, HASH_LEN};
use crate::conn::derived;
use crate::error::Error;
use crate::transcript::Derived;
use crate::vocab::ValueId;

/// The AES-128-GCM key length.
pub const KEY_LEN: usize = 16;
/// The AEAD nonce (and so IV) length.
pub const IV_LEN: usize = 12;

/// Which side writes with a key (RFC 8446 §7.3 `[sender]`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sender {
    /// The client.
    Client,
    /// The server.
    Server,
}

impl Sender {
    /// `[sender]_write_key`.
    pub fn write_key(self) -> ValueId {
        match self {
            Self::Client => ValueId::ClientWriteKey,
            Self::Server => ValueId::ServerWriteKey,
        }
    }

    /// `[sender]_write_iv`.
    pub fn write_iv(self) -> ValueId {
        match self {
            Self::Client => ValueId::ClientWriteIv,
            Self::Server => ValueId::ServerWriteIv,
        }
    }

    /// This side's finished_key.
    pub fn finished_key(self) -> ValueId {
        match self {
            Self::Client => ValueId::ClientFinishedKey,
            Self::Server => ValueId::ServerFinishedKey,
        }
    }

    /// This side's Finished.verify_data.
    pub fn verify_data(self) -> ValueId {
        match self {
            Self::Client => ValueId::ClientVerifyData,
            Self::Server => ValueId::ServerVerifyData,
        }
    }

    /// The transcript this side's Finished covers (1-RTT, no client certificate).
    pub fn finished_context(self) -> Context {
        match self {
            Self::Client => Context::ThroughServerFinished,
            Self::Server => Context::ThroughCertificateVerify,
        }
    }
}

/// A span of the handshake whose Transcript-Hash a secret takes (RFC 8446 §4.4.1, §7.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Context {
    /// No messages: `Transcript-Hash("")`, the context of "derived".
    Empty,
    /// ClientHello..ServerHello: the handshake traffic secrets.
    ClientHelloServerHello,
    /// ClientHello..CertificateVerify: the server's Finished.
    ThroughCertificateVerify,
    /// ClientHello..server Finished: the application traffic secrets, the client's Finished.
    ThroughServerFinished,
    /// ClientHello..client Finished: the resumption master secret.
    ThroughClientFinished,
    /// ClientHello..Certificate: what the server's CertificateVerify signs.
    ThroughCertificate,
}

impl Context {
    /// RFC notation for the span.
    pub fn notation(self) -> &'static str {
        match self {
            Self::Empty => "\"\"",
            Self::ClientHelloServerHello => "ClientHello..ServerHello",
            Self::ThroughCertificateVerify => "ClientHello..CertificateVerify",
            Self::ThroughServerFinished => "ClientHello..server Finished",
            Self::ThroughClientFinished => "ClientHello..client Finished",
            Self::ThroughCertificate => "ClientHello..Certificate",
        }
    }
}

/// Transcript-Hash(`messages`), the handshake messages of `context` concatenated with their
/// headers, and its [`Derived`] entry.
pub fn transcript_hash(context: Context, messages: &[u8]) -> (Secret, Derived) {
    let h = hkdf::transcript_hash(messages);
    let formula = format!("Transcript-Hash({})", context.notation());
    (h, derived(ValueId::TranscriptHash, &formula, &[], &h))
}

/// HKDF-Expand-Label(secret, label, context, N) with its [`Derived`] entry named `name`.
fn expand<const N: usize>(
    name: ValueId,
    secret_id: ValueId,
    secret: &Secret,
    label: &str,
    context: Option<(Context, &Secret)>,
) -> Result<([u8; N], Derived), Error> {
    let ctx: &[u8] = context.map_or(&[], |(_, h)| h.as_slice());
    let value = hkdf::expand_label::<N>(secret, label, ctx)?;
    let info = hkdf::hkdf_label(label, ctx, N)?;
    let ctx_notation = match context {
        Some((c, _)) => format!("Transcript-Hash({})", c.notation()),
        None => "\"\"".to_string(),
    };
    let formula = format!("HKDF-Expand-Label({secret_id}, \"{label}\", {ctx_notation}, {N})");
    let mut inputs: Vec<(ValueId, &[u8])> = vec![(secret_id, secret), (ValueId::Label, &info)];
    if let Some((_, h)) = context {
        inputs.push((ValueId::TranscriptHash, h));
    }
    Ok((value, derived(name, &formula, &inputs, &value)))
}

/// Derive-Secret(secret, "derived", ""): the salt of the next HKDF-Extract.
fn derived_salt(secret_id: ValueId, secret: &Secret) -> Result<(Secret, Derived), Error> {
    let empty = hkdf::transcript_hash(&[]);
    expand::<HASH_LEN>(
        ValueId::DerivedSecret,
        secret_id,
        secret,
        "derived",
        Some((Context::Empty, &empty)),
    )
}

/// The early secret: with no PSK, HKDF-Extract(0, 0^Hash.length) (RFC 8446 §7.1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EarlySecret {
    /// The early secret.
    pub early_secret: Secret,
}

impl EarlySecret {
    /// The early secret of a handshake without a PSK.
    pub fn without_psk() -> (Self, Vec<Derived>) {
        let zeros = [0u8; HASH_LEN];
        let early_secret = hkdf::extract(&[0], &zeros);
        let d = derived(
            ValueId::EarlySecret,
            "HKDF-Extract(0, 0^32)",
            &[],
            &early_secret,
        );
        (Self { early_secret }, vec![d])
    }

    /// The handshake secret from the (EC)DHE `shared_secret`, and both handshake traffic
    /// secrets from `hello_hash` = Transcript-Hash(ClientHello..ServerHello).
    pub fn handshake(
        &self,
        shared_secret: &[u8],
        hello_hash: &Secret,
    ) -> Result<(HandshakeSecrets, Vec<Derived>), Error> {
        // 1. Derive-Secret(early_secret, "derived", "")
        let (salt, d_salt) = derived_salt(ValueId::EarlySecret, &self.early_secret)?;
        // 2. handshake_secret = HKDF-Extract(derived, (EC)DHE)
        let handshake_secret = hkdf::extract(&salt, shared_secret);
        let d_hs = derived(
            ValueId::HandshakeSecret,
            "HKDF-Extract(derived_secret, shared_secret)",
            &[
                (ValueId::DerivedSecret, &salt),
                (ValueId::SharedSecret, shared_secret),
            ],
            &handshake_secret,
        );
        // 3. the two handshake traffic secrets over ClientHello..ServerHello
        let ctx = Some((Context::ClientHelloServerHello, hello_hash));
        let (client, d_c) = expand::<HASH_LEN>(
            ValueId::ClientHandshakeTrafficSecret,
            ValueId::HandshakeSecret,
            &handshake_secret,
            "c hs traffic",
            ctx,
        )?;
        let (server, d_s) = expand::<HASH_LEN>(
            ValueId::ServerHandshakeTrafficSecret,
            ValueId::HandshakeSecret,
            &handshake_secret,
            "s hs traffic",
            ctx,
        )?;
        Ok((
            HandshakeSecrets {
                handshake_secret,
                client_handshake_traffic_secret: client,
                server_handshake_traffic_secret: server,
            },
            vec![d_salt, d_hs, d_c, d_s],
        ))
    }
}

/// The handshake secret and the traffic secrets that protect EncryptedExtensions..Finished.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HandshakeSecrets {
    /// The handshake secret.
    pub handshake_secret: Secret,
    /// client_handshake_traffic_secret
    pub client_handshake_traffic_secret: Secret,
    /// server_handshake_traffic_secret
    pub server_handshake_traffic_secret: Secret,
}

impl HandshakeSecrets {
    /// `sender`'s handshake traffic secret and its id.
    pub fn traffic_secret(&self, sender: Sender) -> (ValueId, &Secret) {
        match sender {
            Sender::Client => (
                ValueId::ClientHandshakeTrafficSecret,
                &self.client_handshake_traffic_secret,
            ),
            Sender::Server => (
                ValueId::ServerHandshakeTrafficSecret,
                &self.server_handshake_traffic_secret,
            ),
        }
    }

    /// The master secret, and the application traffic secrets and the exporter master secret
    /// from `finished_hash` = Transcript-Hash(ClientHello..server Finished).
    pub fn master(&self, finished_hash: &Secret) -> Result<(MasterSecrets, Vec<Derived>), Error> {
        // 1. Derive-Secret(handshake_secret, "derived", "")
        let (salt, d_salt) = derived_salt(ValueId::HandshakeSecret, &self.handshake_secret)?;
        // 2. master_secret = HKDF-Extract(derived, 0)
        let master_secret = hkdf::extract(&salt, &[0u8; HASH_LEN]);
        let d_ms = derived(
            ValueId::Tls13MasterSecret,
            "HKDF-Extract(derived_secret, 0^32)",
            &[(ValueId::DerivedSecret, &salt)],
            &master_secret,
        );
        // 3. the application traffic secrets and the exporter over ClientHello..server Finished
        let ctx = Some((Context::ThroughServerFinished, finished_hash));
        let ms = ValueId::Tls13MasterSecret;
        let (client, d_c) = expand::<HASH_LEN>(
            ValueId::ClientApplicationTrafficSecret,
            ms,
            &master_secret,
            "c ap traffic",
            ctx,
        )?;
        let (server, d_s) = expand::<HASH_LEN>(
            ValueId::ServerApplicationTrafficSecret,
            ms,
            &master_secret,
            "s ap traffic",
            ctx,
        )?;
        let (exporter, d_e) = expand::<HASH_LEN>(
            ValueId::ExporterMasterSecret,
            ms,
            &master_secret,
            "exp master",
            ctx,
        )?;
        Ok((
            MasterSecrets {
                master_secret,
                client_application_traffic_secret: client,
                server_application_traffic_secret: server,
                exporter_master_secret: exporter,
            },
            vec![d_salt, d_ms, d_c, d_s, d_e],
        ))
    }
}

/// The master secret and what comes from it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MasterSecrets {
    /// The master secret.
    pub master_secret: Secret,
    /// client_application_traffic_secret_0
    pub client_application_traffic_secret: Secret,
    /// server_application_traffic_secret_0
    pub server_application_traffic_secret: Secret,
    /// exporter_master_secret
    pub exporter_master_secret: Secret,
}

impl MasterSecrets {
    /// `sender`'s application traffic secret _0 and its id.
    pub fn traffic_secret(&self, sender: Sender) -> (ValueId, &Secret) {
        match sender {
            Sender::Client => (
                ValueId::ClientApplicationTrafficSecret,
                &self.client_application_traffic_secret,
            ),
            Sender::Server => (
                ValueId::ServerApplicationTrafficSecret,
                &self.server_application_traffic_secret,
            ),
        }
    }

    /// resumption_master_secret from `client_finished_hash` =
    /// Transcript-Hash(ClientHello..client Finished).
    pub fn resumption_master_secret(
        &self,
        client_finished_hash: &Secret,
    ) -> Result<(Secret, Derived), Error> {
        expand::<HASH_LEN>(
            ValueId::ResumptionMasterSecret,
            ValueId::Tls13MasterSecret,
            &self.master_secret,
            "res master",
            Some((Context::ThroughClientFinished, client_finished_hash)),
        )
    }
}

/// One direction's record key and IV (RFC 8446 §7.3).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrafficKeys {
    /// `[sender]_write_key`
    pub key: [u8; KEY_LEN],
    /// `[sender]_write_iv`
    pub iv: [u8; IV_LEN],
}

/// `sender`'s write key and IV from the traffic secret `secret` (named `secret_id`).
pub fn traffic_keys(
    sender: Sender,
    secret_id: ValueId,
    secret: &Secret,
) -> Result<(TrafficKeys, Vec<Derived>), Error> {
    let (key, d_key) = expand::<KEY_LEN>(sender.write_key(), secret_id, secret, "key", None)?;
    let (iv, d_iv) = expand::<IV_LEN>(sender.write_iv(), secret_id, secret, "iv", None)?;
    Ok((TrafficKeys { key, iv }, vec![d_key, d_iv]))
}

/// `sender`'s finished_key from its handshake traffic secret (the BaseKey, named `base_id`).
pub fn finished_key(
    sender: Sender,
    base_id: ValueId,
    base_key: &Secret,
) -> Result<(Secret, Derived), Error> {
    expand::<HASH_LEN>(sender.finished_key(), base_id, base_key, "finished", None)
}

/// `sender`'s Finished.verify_data: HMAC(finished_key, `hash`), `hash` being the Transcript-Hash
/// of [`Sender::finished_context`].
pub fn verify_data(sender: Sender, finished_key: &Secret, hash: &Secret) -> (Secret, Derived) {
    let value = hkdf::hmac(finished_key, hash);
    let formula = format!(
        "HMAC-SHA256({}, Transcript-Hash({}))",
        sender.finished_key(),
        sender.finished_context().notation()
    );
    let d = derived(
        sender.verify_data(),
        &formula,
        &[
            (sender.finished_key(), finished_key),
            (ValueId::TranscriptHash, hash),
        ],
        &value,
    );
    (value, d)
}
