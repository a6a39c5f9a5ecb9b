//! The transcript: what the engine returns and the UI renders. The UI computes nothing itself.

use crate::error::AlertDescription;
use crate::msg::Msg;
use crate::vocab::{CheckId, FieldName, StepKey, ValueId};
use serde::{Deserialize, Serialize};

/// Who does something.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Actor {
    /// The certificate authority.
    Ca,
    /// The TLS client (browser).
    Client,
    /// The network between them (where faults and the man in the middle act).
    Network,
    /// The TLS server.
    Server,
}

/// What kind of step.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    /// The CA issues a certificate (server sends CSR-like request, CA signs).
    Issue,
    /// A TLS record sent on the wire from `from` to `to`.
    Message,
    /// A computation one side does locally (verify certificate, derive keys).
    Compute,
    /// The network (attacker) changes something in flight.
    Tamper,
    /// A fatal alert ends the handshake.
    Alert,
}

/// A named range of a step's `bytes`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Field {
    /// The field's name as in the RFC struct, e.g. `client_version`, `random`, `cipher_suites`.
    pub name: FieldName,
    /// Offset into `Step::bytes`.
    pub offset: usize,
    /// Length in bytes.
    pub len: usize,
    /// What the value means, e.g. "TLS 1.2 (0x0303)", as a message.
    pub meaning: Msg,
    /// Nesting depth (0 = record header level, 1 = handshake header, 2 = body fields, ...).
    pub depth: u8,
}

/// A value derived at this step, with the formula and the inputs that produced it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Derived {
    /// Which value, e.g. `master_secret`, `client_write_key`, `client_verify_data`.
    pub name: ValueId,
    /// The formula in the RFC's notation (names, operators and literal labels only, no prose), e.g.
    /// `PRF(pre_master_secret, "master secret", ClientHello.random + ServerHello.random)[0..47]`.
    pub formula: String,
    /// What the formula does not say, in words (e.g. "drawn from the client's RNG").
    pub aside: Option<Msg>,
    /// The inputs by name with their values (hex for bytes, the literal for a label).
    pub inputs: Vec<(ValueId, String)>,
    /// The value.
    #[serde(with = "hex_bytes")]
    pub value: Vec<u8>,
    /// How it was computed, with this run's numbers (issue 11), when there is more to show than
    /// the formula.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub math: Option<Box<crate::math::Math>>,
}

/// A check one side made (e.g. signature, validity, host name), with its result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    /// Which check.
    pub name: CheckId,
    /// Did it pass?
    pub ok: bool,
    /// What was compared, with the actual values.
    pub detail: Msg,
}

/// One step of the session.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    /// What the step is; the front ends look its title and explanation up by this key.
    pub key: StepKey,
    /// Kind of step.
    pub kind: StepKind,
    /// Who acts or sends.
    pub from: Actor,
    /// Who receives (same as `from` for local computations).
    pub to: Actor,
    /// The wire bytes (a whole TLS record for messages; DER for certificates; empty otherwise).
    #[serde(with = "hex_bytes")]
    pub bytes: Vec<u8>,
    /// Named fields of `bytes`.
    pub fields: Vec<Field>,
    /// Values derived at this step.
    pub derived: Vec<Derived>,
    /// Checks made at this step.
    pub checks: Vec<Check>,
    /// What happened in this run, with its values: one message per sentence.
    pub notes: Vec<Msg>,
    /// For an alert step: the alert sent.
    pub alert: Option<AlertDescription>,
}

crate::tag_first::tag_first_enum! {
tag = "result";
/// How the session ended.
///
/// JSON: `{"result":"failed","by":...}`, the tag first (read in one pass: see
/// `tag_first.rs`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Handshake completed, data exchanged, closed with close_notify.
    Success,
    /// Someone sent a fatal alert.
    Failed {
        /// who sent the alert
        by: Actor,
        /// the alert
        alert: AlertDescription,
        /// why: the typed reason of the error that ended it
        reason: Msg,
        /// index of the step that failed
        step: usize,
    },
    /// The CA refused to issue the server's certificate: no TLS session took place, and no
    /// alert was sent (the CA is not a TLS peer).
    Refused {
        /// who refused (the CA)
        by: Actor,
        /// why: the typed reason
        reason: Msg,
        /// index of the step that refused
        step: usize,
    },
}
}

/// The whole session, plus the artifacts a user can download.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transcript {
    /// The steps in order.
    pub steps: Vec<Step>,
    /// How it ended.
    pub outcome: Outcome,
    /// The negotiated suite, if any.
    pub cipher_suite: Option<u16>,
    /// Was the extended master secret used?
    pub extended_master_secret: bool,
    /// CA certificate, PEM.
    pub ca_pem: String,
    /// Server certificate as the server sent it (before any network tampering), PEM.
    pub server_cert_pem: String,
    /// Server private key, PKCS#8 PEM (a teaching key).
    pub server_key_pem: String,
    /// Client certificate PEM when client authentication is on.
    pub client_cert_pem: Option<String>,
    /// NSS key log line(s) (`CLIENT_RANDOM <client_random> <master_secret>`), if a master secret was derived.
    pub keylog: String,
    /// Every record as it crossed the wire, in order: (sent by the client side of its
    /// connection?, record bytes). With a man in the middle there are two connections, the
    /// client's to him and his to the server, both here in the order their records went.
    pub wire: Vec<(bool, Vec<u8>)>,
    /// The indexes in `wire` of the records on the second TCP connection: with a man in the
    /// middle, his connection to the real server (the others are on the client's connection to
    /// him); with resumption, the client's second connection. Empty otherwise, and then not
    /// serialized.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub server_leg: Vec<usize>,
    // ---- issue 12 ----
    /// The server's certificate signing request (PKCS#10), PEM.
    pub server_csr_pem: String,
    /// The intermediate CA certificates, PEM, the one that issued the leaf first (empty for a
    /// chain of depth 1).
    pub intermediate_pems: Vec<String>,
    /// The chain the server sends after its own certificate, PEM (empty when it sends none).
    pub chain_pem: String,
    /// The CAs' CRLs, PEM, when revocation is on.
    pub crl_pem: Option<String>,
    // ---- issue 14 ----
    /// With a second connection: the index of its first step (`reconnect`). Its records are
    /// on a TCP connection of their own: they are listed in `server_leg`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reconnect_at: Option<usize>,
    /// Did the second connection resume the session (the abbreviated handshake)?
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub resumed: bool,
    // ---- issue 15 ----
    /// The protocol version of the session (not serialized for TLS 1.2, so the JSON of a TLS
    /// 1.2 session is as it always was).
    #[serde(default, skip_serializing_if = "is_tls12")]
    pub version: crate::version::TlsVersion,
    /// The scenario's inputs this session ignored (TLS 1.3 has no use for TLS 1.2's suites,
    /// pre-master, EMS, ...); empty for TLS 1.2, and then not serialized.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unused: Vec<crate::vocab::ScenarioField>,
}

fn is_tls12(v: &crate::version::TlsVersion) -> bool {
    *v == crate::version::TlsVersion::Tls12
}

/// serde helper: bytes as lowercase hex.
pub mod hex_bytes {
    use serde::{Deserialize, Deserializer, Serializer};

    /// Serialize bytes as lowercase hex.
    pub fn serialize<S: Serializer>(v: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&hex::encode(v))
    }

    /// Read bytes back from hex.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let s = std::borrow::Cow::<'de, str>::deserialize(d)?;
        hex::decode(s.as_bytes()).map_err(serde::de::Error::custom)
    }
}

impl Derived {
    /// Add the words the formula does not say.
    pub fn aside(mut self, m: impl Into<Msg>) -> Self {
        self.aside = Some(m.into());
        self
    }

    /// Attach how the value was computed.
    pub fn math(mut self, m: crate::math::Math) -> Self {
        self.math = Some(Box::new(m));
        self
    }
}
