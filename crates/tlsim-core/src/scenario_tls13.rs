//! The scenario's TLS 1.3 inputs (issue 15): the failures one click away in a TLS 1.3 session,
//! each ending in the alert RFC 8446 names, and the key-share choice that forces a
//! HelloRetryRequest.

use crate::kx::Group;
use crate::version::TlsVersion;
use serde::{Deserialize, Serialize};

/// The TLS 1.3 failures (`--fault tls13-...`). Each makes the version TLS 1.3.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tls13Fault {
    /// The client's trust store lacks the CA that issued the server's certificate: unknown_ca
    /// (RFC 8446 §6.2: "a valid certificate chain ... was received, but the certificate was not
    /// accepted because the CA certificate could not be located or could not be matched with a
    /// known trust anchor").
    UntrustedCa,
    /// The client asks for a host the certificate does not name: certificate_unknown (RFC 8446
    /// §6.2: "some other (unspecified) issue arose in processing the certificate, rendering it
    /// unacceptable"; RFC 8446 names no alert of its own for a name mismatch, and OpenSSL and
    /// this engine's TLS 1.2 send this one).
    WrongHost,
    /// The server's certificate expired before `now`: certificate_expired.
    Expired,
    /// The server signs the wrong content in CertificateVerify (the client's context string
    /// instead of the server's): decrypt_error (RFC 8446 §4.4.3).
    ForgedCertificateVerify,
    /// The network flips one byte of an encrypted handshake record (EncryptedExtensions'):
    /// its AEAD tag fails, bad_record_mac (RFC 8446 §5.2).
    FlippedRecord,
    /// A man in the middle removes TLS 1.3 from the ClientHello, so the server (which speaks
    /// both) answers TLS 1.2, putting "DOWNGRD" 01 at the end of ServerHello.random; the client
    /// sees it: illegal_parameter (RFC 8446 §4.1.3).
    Downgrade,
}

impl Tls13Fault {
    /// Every failure, in the order of the buttons.
    pub const ALL: [Tls13Fault; 6] = [
        Tls13Fault::UntrustedCa,
        Tls13Fault::WrongHost,
        Tls13Fault::Expired,
        Tls13Fault::ForgedCertificateVerify,
        Tls13Fault::FlippedRecord,
        Tls13Fault::Downgrade,
    ];

    /// The snake_case name (JSON, links, text keys), e.g. `untrusted_ca`.
    pub fn name(self) -> &'static str {
        match self {
            Tls13Fault::UntrustedCa => "untrusted_ca",
            Tls13Fault::WrongHost => "wrong_host",
            Tls13Fault::Expired => "expired",
            Tls13Fault::ForgedCertificateVerify => "forged_certificate_verify",
            Tls13Fault::FlippedRecord => "flipped_record",
            Tls13Fault::Downgrade => "downgrade",
        }
    }

    /// The command-line name, e.g. `tls13-untrusted-ca`.
    pub fn cli_name(self) -> String {
        format!("tls13-{}", self.name().replace('_', "-"))
    }

    /// The failure of a command-line (`tls13-wrong-host`) or snake_case name.
    pub fn from_name(s: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|f| f.name() == s || f.cli_name() == s)
    }

    /// Apply it to a scenario: TLS 1.3, the settings the failure needs, the fault itself.
    /// `now` is the client's clock.
    pub fn apply(self, s: &mut crate::Scenario, now: i64) {
        s.version = TlsVersion::Tls13;
        match self {
            Tls13Fault::UntrustedCa => s.trust_issuing_ca = false,
            Tls13Fault::WrongHost => s.client_host = "wrong.example.net".into(),
            Tls13Fault::Expired => {
                s.not_before = now.saturating_sub(400 * 86_400);
                s.not_after = now.saturating_sub(30 * 86_400);
            }
            _ => {}
        }
        s.faults.push(crate::Fault::Tls13 { tls13: self });
    }
}

/// Force a HelloRetryRequest: the client sends its key share for x25519 (its first group) and
/// the server takes only secp256r1, which the client lists too.
pub fn force_hello_retry(s: &mut crate::Scenario) {
    s.version = TlsVersion::Tls13;
    s.client_groups = vec![Group::X25519.id(), Group::Secp256r1.id()];
    s.server_groups = vec![Group::Secp256r1.id()];
}
