//! The one error type of the core, each variant mapped to the TLS alert a real peer would send.

use serde::Serialize;
use std::fmt;

/// TLS alert descriptions (RFC 5246 §7.2), the subset this engine sends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum AlertDescription {
    /// close_notify(0)
    CloseNotify,
    /// unexpected_message(10)
    UnexpectedMessage,
    /// bad_record_mac(20)
    BadRecordMac,
    /// handshake_failure(40)
    HandshakeFailure,
    /// bad_certificate(42)
    BadCertificate,
    /// certificate_expired(45)
    CertificateExpired,
    /// certificate_unknown(46)
    CertificateUnknown,
    /// illegal_parameter(47)
    IllegalParameter,
    /// unknown_ca(48)
    UnknownCa,
    /// decode_error(50)
    DecodeError,
    /// decrypt_error(51)
    DecryptError,
    /// protocol_version(70)
    ProtocolVersion,
    /// internal_error(80)
    InternalError,
    /// An alert value this engine does not name.
    Unknown(u8),
}

impl AlertDescription {
    /// The wire value.
    pub fn code(self) -> u8 {
        match self {
            Self::CloseNotify => 0,
            Self::UnexpectedMessage => 10,
            Self::BadRecordMac => 20,
            Self::HandshakeFailure => 40,
            Self::BadCertificate => 42,
            Self::CertificateExpired => 45,
            Self::CertificateUnknown => 46,
            Self::IllegalParameter => 47,
            Self::UnknownCa => 48,
            Self::DecodeError => 50,
            Self::DecryptError => 51,
            Self::ProtocolVersion => 70,
            Self::InternalError => 80,
            Self::Unknown(v) => v,
        }
    }

    /// From the wire value; unknown values are kept.
    pub fn from_code(v: u8) -> Self {
        match v {
            0 => Self::CloseNotify,
            10 => Self::UnexpectedMessage,
            20 => Self::BadRecordMac,
            40 => Self::HandshakeFailure,
            42 => Self::BadCertificate,
            45 => Self::CertificateExpired,
            46 => Self::CertificateUnknown,
            47 => Self::IllegalParameter,
            48 => Self::UnknownCa,
            50 => Self::DecodeError,
            51 => Self::DecryptError,
            70 => Self::ProtocolVersion,
            80 => Self::InternalError,
            v => Self::Unknown(v),
        }
    }

    /// The RFC name, e.g. `bad_record_mac`.
    pub fn name(self) -> &'static str {
        match self {
            Self::CloseNotify => "close_notify",
            Self::UnexpectedMessage => "unexpected_message",
            Self::BadRecordMac => "bad_record_mac",
            Self::HandshakeFailure => "handshake_failure",
            Self::BadCertificate => "bad_certificate",
            Self::CertificateExpired => "certificate_expired",
            Self::CertificateUnknown => "certificate_unknown",
            Self::IllegalParameter => "illegal_parameter",
            Self::UnknownCa => "unknown_ca",
            Self::DecodeError => "decode_error",
            Self::DecryptError => "decrypt_error",
            Self::ProtocolVersion => "protocol_version",
            Self::InternalError => "internal_error",
            Self::Unknown(_) => "unknown",
        }
    }
}

/// Everything that can go wrong, in the core. Each variant says what was expected and what came,
/// and [`Error::alert`] gives the alert a real peer sends for it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// A message or record could not be decoded.
    Decode {
        /// what was being read, e.g. "ClientHello.cipher_suites"
        what: String,
        /// what went wrong, e.g. "needed 2 bytes, 1 left"
        detail: String,
    },
    /// A message arrived that the current state does not expect.
    UnexpectedMessage {
        /// what the state expected
        expected: String,
        /// what came
        got: String,
    },
    /// No cipher suite or version in common.
    HandshakeFailure(String),
    /// The certificate's signature does not verify, or the certificate is malformed.
    BadCertificate(String),
    /// The certificate is outside its validity period at `now`.
    CertificateExpired(String),
    /// The certificate is valid but does not name the host the client wanted.
    CertificateUnknown(String),
    /// The issuer is not in the trust store.
    UnknownCa(String),
    /// A signature or Finished check failed.
    DecryptError(String),
    /// A record failed AEAD authentication.
    BadRecordMac(String),
    /// A field had a value the peer must reject.
    IllegalParameter(String),
    /// The version is not TLS 1.2.
    ProtocolVersion(String),
    /// The peer sent an alert.
    PeerAlert(AlertDescription),
    /// Bad input from the user (scenario, hex, PEM, key size); not a protocol event.
    InvalidInput {
        /// which input, e.g. "client_random"
        field: String,
        /// what is wrong with it
        detail: String,
    },
    /// Something inside the engine failed (a crypto library error).
    Internal(String),
}

impl Error {
    /// The alert a real peer sends for this error.
    pub fn alert(&self) -> AlertDescription {
        match self {
            Self::Decode { .. } => AlertDescription::DecodeError,
            Self::UnexpectedMessage { .. } => AlertDescription::UnexpectedMessage,
            Self::HandshakeFailure(_) => AlertDescription::HandshakeFailure,
            Self::BadCertificate(_) => AlertDescription::BadCertificate,
            Self::CertificateExpired(_) => AlertDescription::CertificateExpired,
            Self::CertificateUnknown(_) => AlertDescription::CertificateUnknown,
            Self::UnknownCa(_) => AlertDescription::UnknownCa,
            Self::DecryptError(_) => AlertDescription::DecryptError,
            Self::BadRecordMac(_) => AlertDescription::BadRecordMac,
            Self::IllegalParameter(_) => AlertDescription::IllegalParameter,
            Self::ProtocolVersion(_) => AlertDescription::ProtocolVersion,
            Self::PeerAlert(a) => *a,
            Self::InvalidInput { .. } | Self::Internal(_) => AlertDescription::InternalError,
        }
    }

    /// Shorthand for a decode error.
    pub fn decode(what: impl Into<String>, detail: impl Into<String>) -> Self {
        Self::Decode {
            what: what.into(),
            detail: detail.into(),
        }
    }

    /// Shorthand for an input error.
    pub fn input(field: impl Into<String>, detail: impl Into<String>) -> Self {
        Self::InvalidInput {
            field: field.into(),
            detail: detail.into(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Decode { what, detail } => write!(f, "cannot decode {what}: {detail}"),
            Self::UnexpectedMessage { expected, got } => {
                write!(f, "unexpected message: expected {expected}, got {got}")
            }
            Self::HandshakeFailure(s) => write!(f, "handshake failure: {s}"),
            Self::BadCertificate(s) => write!(f, "bad certificate: {s}"),
            Self::CertificateExpired(s) => write!(f, "certificate expired or not yet valid: {s}"),
            Self::CertificateUnknown(s) => write!(f, "certificate not valid for this host: {s}"),
            Self::UnknownCa(s) => write!(f, "unknown CA: {s}"),
            Self::DecryptError(s) => write!(f, "decrypt error: {s}"),
            Self::BadRecordMac(s) => write!(f, "bad record MAC: {s}"),
            Self::IllegalParameter(s) => write!(f, "illegal parameter: {s}"),
            Self::ProtocolVersion(s) => write!(f, "protocol version: {s}"),
            Self::PeerAlert(a) => write!(f, "peer sent alert {}", a.name()),
            Self::InvalidInput { field, detail } => write!(f, "invalid {field}: {detail}"),
            Self::Internal(s) => write!(f, "internal error: {s}"),
        }
    }
}

impl std::error::Error for Error {}
