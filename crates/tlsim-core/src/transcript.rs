//! The transcript: what the engine returns and the UI renders. The UI computes nothing itself.

use crate::error::AlertDescription;
use serde::Serialize;

/// Who does something.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
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
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Field {
    /// The field's name as in the RFC struct, e.g. `client_version`, `random`, `cipher_suites`.
    pub name: String,
    /// Offset into `Step::bytes`.
    pub offset: usize,
    /// Length in bytes.
    pub len: usize,
    /// What the value means, e.g. "TLS 1.2 (0x0303)".
    pub meaning: String,
    /// Nesting depth (0 = record header level, 1 = handshake header, 2 = body fields, ...).
    pub depth: u8,
}

/// A value derived at this step, with the formula and the inputs that produced it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Derived {
    /// Stable machine name, e.g. `master_secret`, `client_write_key`, `client_verify_data`.
    pub name: String,
    /// Human formula, e.g. `PRF(pre_master_secret, "master secret", client_random + server_random)[0..48]`.
    pub formula: String,
    /// The inputs by name with their values (hex for bytes, text otherwise).
    pub inputs: Vec<(String, String)>,
    /// The value.
    #[serde(with = "hex_bytes")]
    pub value: Vec<u8>,
}

/// A check one side made (e.g. "signature", "validity", "host name"), with its result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Check {
    /// Stable machine name: `chain`, `signature`, `validity`, `host_name`, `finished`, `record_mac`...
    pub name: String,
    /// Did it pass?
    pub ok: bool,
    /// What was compared, in words with the actual values.
    pub detail: String,
}

/// One step of the session.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Step {
    /// Stable machine name for i18n and explanations, e.g. `issue_server_cert`, `client_hello`,
    /// `server_hello`, `certificate`, `certificate_request`, `server_hello_done`,
    /// `verify_server_cert`, `client_certificate`, `client_key_exchange`, `decrypt_pre_master`,
    /// `derive_keys_client`, `derive_keys_server`, `certificate_verify`, `change_cipher_spec_client`,
    /// `finished_client`, `change_cipher_spec_server`, `finished_server`, `app_data_client`,
    /// `app_data_server`, `close_notify_client`, `close_notify_server`, `tamper`, `mitm`, `alert`.
    /// Also emitted by `simulate`: `issue_ca_cert`, `issue_client_cert`, `verify_client_cert`
    /// (server checks the client's chain), `verify_certificate_verify` (server checks the client's
    /// signature), `verify_finished_server` (server checks the client's Finished),
    /// `verify_finished_client` (client checks the server's Finished).
    pub key: String,
    /// Display title, e.g. "ClientHello".
    pub title: String,
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
    /// One-paragraph English note specific to this run (what happened, with values).
    pub note: String,
    /// For an alert step: the alert sent.
    pub alert: Option<AlertDescription>,
}

/// How the session ended.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "result")]
pub enum Outcome {
    /// Handshake completed, data exchanged, closed with close_notify.
    Success,
    /// Someone sent a fatal alert.
    Failed {
        /// who sent the alert
        by: Actor,
        /// the alert
        alert: AlertDescription,
        /// why, in words
        reason: String,
        /// index of the step that failed
        step: usize,
    },
}

/// The whole session, plus the artifacts a user can download.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
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
    /// Every record as it crossed the wire, in order: (sent by the client?, record bytes).
    pub wire: Vec<(bool, Vec<u8>)>,
}

/// serde helper: bytes as lowercase hex.
pub mod hex_bytes {
    use serde::Serializer;

    /// Serialize bytes as lowercase hex.
    pub fn serialize<S: Serializer>(v: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&hex::encode(v))
    }
}
