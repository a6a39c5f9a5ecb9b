//! The one error type of the core, each variant mapped to the TLS alert a real peer would send.

use crate::msg::{HsMsg, Msg};
use serde::{Deserialize, Serialize};
use std::fmt;

/// TLS alert descriptions (RFC 5246 §7.2), the subset this engine sends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum AlertDescription {
    /// close_notify(0)
    CloseNotify,
    /// unexpected_message(10)
    UnexpectedMessage,
    /// bad_record_mac(20)
    BadRecordMac,
    /// record_overflow(22)
    RecordOverflow,
    /// handshake_failure(40)
    HandshakeFailure,
    /// bad_certificate(42)
    BadCertificate,
    /// unsupported_certificate(43)
    UnsupportedCertificate,
    /// certificate_revoked(44)
    CertificateRevoked,
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
    /// insufficient_security(71)
    InsufficientSecurity,
    /// internal_error(80)
    InternalError,
    /// no_renegotiation(100), a warning (RFC 5246 §7.2.2)
    NoRenegotiation,
    /// certificate_required(116): a TLS 1.3 server asked for a client certificate and got none
    /// (RFC 8446 §6.2)
    CertificateRequired,
    /// An alert value this engine does not name.
    Unknown(u8),
}

impl AlertDescription {
    /// Every alert this engine names.
    pub const ALL: [AlertDescription; 19] = [
        Self::CloseNotify,
        Self::UnexpectedMessage,
        Self::BadRecordMac,
        Self::RecordOverflow,
        Self::HandshakeFailure,
        Self::BadCertificate,
        Self::UnsupportedCertificate,
        Self::CertificateRevoked,
        Self::CertificateExpired,
        Self::CertificateUnknown,
        Self::IllegalParameter,
        Self::UnknownCa,
        Self::DecodeError,
        Self::DecryptError,
        Self::ProtocolVersion,
        Self::InsufficientSecurity,
        Self::InternalError,
        Self::NoRenegotiation,
        Self::CertificateRequired,
    ];

    /// The wire value.
    pub fn code(self) -> u8 {
        match self {
            Self::CloseNotify => 0,
            Self::UnexpectedMessage => 10,
            Self::BadRecordMac => 20,
            Self::RecordOverflow => 22,
            Self::HandshakeFailure => 40,
            Self::BadCertificate => 42,
            Self::UnsupportedCertificate => 43,
            Self::CertificateRevoked => 44,
            Self::CertificateExpired => 45,
            Self::CertificateUnknown => 46,
            Self::IllegalParameter => 47,
            Self::UnknownCa => 48,
            Self::DecodeError => 50,
            Self::DecryptError => 51,
            Self::ProtocolVersion => 70,
            Self::InsufficientSecurity => 71,
            Self::InternalError => 80,
            Self::NoRenegotiation => 100,
            Self::CertificateRequired => 116,
            Self::Unknown(v) => v,
        }
    }

    /// From the wire value; unknown values are kept.
    pub fn from_code(v: u8) -> Self {
        match v {
            0 => Self::CloseNotify,
            10 => Self::UnexpectedMessage,
            20 => Self::BadRecordMac,
            22 => Self::RecordOverflow,
            40 => Self::HandshakeFailure,
            42 => Self::BadCertificate,
            43 => Self::UnsupportedCertificate,
            44 => Self::CertificateRevoked,
            45 => Self::CertificateExpired,
            46 => Self::CertificateUnknown,
            47 => Self::IllegalParameter,
            48 => Self::UnknownCa,
            50 => Self::DecodeError,
            51 => Self::DecryptError,
            70 => Self::ProtocolVersion,
            71 => Self::InsufficientSecurity,
            80 => Self::InternalError,
            100 => Self::NoRenegotiation,
            116 => Self::CertificateRequired,
            v => Self::Unknown(v),
        }
    }

    /// The RFC name, e.g. `bad_record_mac`.
    pub fn name(self) -> &'static str {
        match self {
            Self::CloseNotify => "close_notify",
            Self::UnexpectedMessage => "unexpected_message",
            Self::BadRecordMac => "bad_record_mac",
            Self::RecordOverflow => "record_overflow",
            Self::HandshakeFailure => "handshake_failure",
            Self::BadCertificate => "bad_certificate",
            Self::UnsupportedCertificate => "unsupported_certificate",
            Self::CertificateRevoked => "certificate_revoked",
            Self::CertificateExpired => "certificate_expired",
            Self::CertificateUnknown => "certificate_unknown",
            Self::IllegalParameter => "illegal_parameter",
            Self::UnknownCa => "unknown_ca",
            Self::DecodeError => "decode_error",
            Self::DecryptError => "decrypt_error",
            Self::ProtocolVersion => "protocol_version",
            Self::InsufficientSecurity => "insufficient_security",
            Self::InternalError => "internal_error",
            Self::NoRenegotiation => "no_renegotiation",
            Self::CertificateRequired => "certificate_required",
            Self::Unknown(_) => "unknown",
        }
    }
}

/// Everything that can go wrong, in the core. The variant is the class of failure (and so the
/// alert a real peer sends, [`Error::alert`]); each carries its typed reason, a [`Msg`] naming
/// what was expected and what came (an issuer, two dates, a host and its SANs, a sequence
/// number), never English.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// A message or record could not be decoded.
    Decode(Msg),
    /// A message arrived that the current state does not expect.
    UnexpectedMessage(Msg),
    /// No cipher suite or version in common, or the session cannot go on.
    HandshakeFailure(Msg),
    /// The certificate's signature does not verify, or the certificate is malformed.
    BadCertificate(Msg),
    /// The certificate is outside its validity period at `now`.
    CertificateExpired(Msg),
    /// The certificate is valid but does not name the host the client wanted.
    CertificateUnknown(Msg),
    /// The issuer is not in the trust store.
    UnknownCa(Msg),
    /// A signature or Finished check failed.
    DecryptError(Msg),
    /// A record failed AEAD authentication.
    BadRecordMac(Msg),
    /// A record longer than the protocol allows (RFC 5246 §6.2.1, §6.2.3).
    RecordOverflow(Msg),
    /// A field had a value the peer must reject.
    IllegalParameter(Msg),
    /// The version is not TLS 1.2.
    ProtocolVersion(Msg),
    /// The peer's parameters are too weak (a DH prime below 2048 bits).
    InsufficientSecurity(Msg),
    /// The peer sent an alert.
    PeerAlert(AlertDescription),
    /// Bad input from the user (scenario, hex, PEM, key size); not a protocol event.
    InvalidInput(Msg),
    /// Something inside the engine failed (a crypto library error).
    Internal(Msg),
    /// The certificate is not usable for this purpose (extendedKeyUsage, keyUsage).
    UnsupportedCertificate(Msg),
    /// The certificate's issuer revoked it (it is on the issuer's CRL).
    CertificateRevoked(Msg),
}

impl Error {
    /// The alert a real peer sends for this error.
    pub fn alert(&self) -> AlertDescription {
        match self {
            Self::Decode(_) => AlertDescription::DecodeError,
            Self::UnexpectedMessage(_) => AlertDescription::UnexpectedMessage,
            Self::HandshakeFailure(_) => AlertDescription::HandshakeFailure,
            Self::BadCertificate(_) => AlertDescription::BadCertificate,
            Self::CertificateExpired(_) => AlertDescription::CertificateExpired,
            Self::CertificateUnknown(_) => AlertDescription::CertificateUnknown,
            Self::UnknownCa(_) => AlertDescription::UnknownCa,
            Self::DecryptError(_) => AlertDescription::DecryptError,
            Self::BadRecordMac(_) => AlertDescription::BadRecordMac,
            Self::RecordOverflow(_) => AlertDescription::RecordOverflow,
            Self::IllegalParameter(_) => AlertDescription::IllegalParameter,
            Self::ProtocolVersion(_) => AlertDescription::ProtocolVersion,
            Self::InsufficientSecurity(_) => AlertDescription::InsufficientSecurity,
            Self::PeerAlert(a) => *a,
            Self::InvalidInput(_) | Self::Internal(_) => AlertDescription::InternalError,
            Self::UnsupportedCertificate(_) => AlertDescription::UnsupportedCertificate,
            Self::CertificateRevoked(_) => AlertDescription::CertificateRevoked,
        }
    }

    /// The typed reason (for [`Error::PeerAlert`], a message naming the alert received).
    pub fn reason(&self) -> Msg {
        match self {
            Self::Decode(m)
            | Self::UnexpectedMessage(m)
            | Self::HandshakeFailure(m)
            | Self::BadCertificate(m)
            | Self::CertificateExpired(m)
            | Self::CertificateUnknown(m)
            | Self::UnknownCa(m)
            | Self::DecryptError(m)
            | Self::BadRecordMac(m)
            | Self::RecordOverflow(m)
            | Self::IllegalParameter(m)
            | Self::ProtocolVersion(m)
            | Self::InsufficientSecurity(m)
            | Self::InvalidInput(m)
            | Self::Internal(m)
            | Self::UnsupportedCertificate(m)
            | Self::CertificateRevoked(m) => m.clone(),
            Self::PeerAlert(a) => HsMsg::PeerAlert { alert: *a }.into(),
        }
    }

    /// Is this bad input from the user rather than a protocol event?
    pub fn is_input(&self) -> bool {
        matches!(self, Self::InvalidInput(_))
    }

    /// A decode error: `what` (a wire struct or field name, e.g. `ClientHello.cipher_suites`)
    /// needed `needed` bytes and `left` were left.
    pub fn truncated(what: &str, needed: usize, left: usize) -> Self {
        Self::Decode(
            HsMsg::Truncated {
                what: what.into(),
                needed,
                left,
            }
            .into(),
        )
    }

    /// Shorthand for an input error with a typed reason.
    pub fn input(m: impl Into<Msg>) -> Self {
        Self::InvalidInput(m.into())
    }
}

/// `alert: key{args}`, for logs and test failures; front ends render [`Error::reason`] with
/// `tlsim-text`.
impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.alert().name(), self.reason())
    }
}

impl std::error::Error for Error {}
