//! The scenario: every value a learner can edit, as plain data (serde, so a URL can carry it).

use crate::kx::{Group, KxAlg};
use serde::{Deserialize, Serialize};

pub use crate::scenario_resume::{Resume, ResumeFault};
pub use crate::scenario_tls13::{force_hello_retry, Tls13Fault};

/// Where an RSA key comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "value")]
pub enum KeySource {
    /// One of the teaching keys shipped inside the core (no key generation on load).
    /// Names: "ca", "server", "client", "mitm" (2048-bit), see `pki::builtin`.
    Builtin(String),
    /// Generate a fresh key of this many bits from the session's seeded RNG (512, 1024, 2048...).
    Generate(usize),
    /// A PKCS#8 or PKCS#1 PEM private key given by the user.
    Pem(String),
}

/// A fault injected for teaching.
///
/// JSON: `{"kind":"flip_byte","record":3,"offset":9}`. Read in one pass whatever the order of
/// the keys (see [`Fault`]'s `Deserialize`): a share link's scenario goes through a
/// `serde_json::Value` map, which sorts them (`{"cert":"self_signed","kind":"cert"}`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Fault {
    /// The CA's signature on the server certificate is corrupted (one byte flipped) after signing.
    ForgedSignature,
    /// A man in the middle intercepts and replaces the server's Certificate with one carrying
    /// his own key, signed by his own CA (not in the client's trust store), and relays the rest.
    ManInTheMiddle,
    /// Flip one byte (XOR 0x01) of the `record`-th record put on the wire (0-based, counting every
    /// record either side sends), at `offset` inside that record (including its 5-byte header).
    FlipByte {
        /// index of the record on the wire
        record: usize,
        /// byte offset within the record
        offset: usize,
    },
    /// Flip one byte (XOR 0x01) of the record that step `step` puts on the wire (its first
    /// occurrence), at `offset` inside that record: e.g. the client's Finished record, whatever
    /// its index in this run.
    FlipInStep {
        /// the step whose record is hit, e.g. `finished_client`
        step: crate::vocab::StepKey,
        /// byte offset within the record
        offset: usize,
    },
    /// The client puts the wrong version (03 01) in the first two bytes of the pre-master secret.
    WrongPremasterVersion,
    /// A certificate failure of the kind browsers teach (badssl.com): the CA, the server or the
    /// client gets one thing wrong, and the client's chain check (or the CA) refuses.
    Cert {
        /// which failure
        cert: CertFault,
    },
    /// A key-exchange failure (DHE, ECDHE): see [`KxFault`].
    Kx {
        /// which failure
        kx: KxFault,
    },
    /// A resumption failure (issue 14): see [`ResumeFault`].
    Resume {
        /// which failure
        resume: ResumeFault,
    },
    /// A TLS 1.3 failure (issue 15): see [`Tls13Fault`].
    Tls13 {
        /// which failure
        tls13: Tls13Fault,
    },
}

/// `Deserialize` for [`Fault`]: every field any variant has, in one flat struct read in one
/// pass, then the variant its `kind` names, with the fields it needs (issue 11: serde's
/// `tag = "kind"` would buffer the object and compile every variant's field code twice).
/// Missing and unknown kinds get serde's usual words; keys of the other variants must have their
/// type but are not used, unknown keys are ignored (as serde does).
impl<'de> Deserialize<'de> for Fault {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(rename_all = "snake_case")]
        enum Kind {
            ForgedSignature,
            ManInTheMiddle,
            FlipByte,
            FlipInStep,
            WrongPremasterVersion,
            Cert,
            Kx,
            Resume,
            Tls13,
        }
        #[derive(Deserialize)]
        struct Fields {
            kind: Kind,
            record: Option<usize>,
            offset: Option<usize>,
            step: Option<crate::vocab::StepKey>,
            cert: Option<CertFault>,
            kx: Option<KxFault>,
            resume: Option<ResumeFault>,
            tls13: Option<Tls13Fault>,
        }
        fn need<T, E: serde::de::Error>(v: Option<T>, field: &'static str) -> Result<T, E> {
            v.ok_or_else(|| E::missing_field(field))
        }
        let f = Fields::deserialize(d)?;
        Ok(match f.kind {
            Kind::ForgedSignature => Fault::ForgedSignature,
            Kind::ManInTheMiddle => Fault::ManInTheMiddle,
            Kind::FlipByte => Fault::FlipByte {
                record: need(f.record, "record")?,
                offset: need(f.offset, "offset")?,
            },
            Kind::FlipInStep => Fault::FlipInStep {
                step: need(f.step, "step")?,
                offset: need(f.offset, "offset")?,
            },
            Kind::WrongPremasterVersion => Fault::WrongPremasterVersion,
            Kind::Cert => Fault::Cert {
                cert: need(f.cert, "cert")?,
            },
            Kind::Kx => Fault::Kx {
                kx: need(f.kx, "kx")?,
            },
            Kind::Resume => Fault::Resume {
                resume: need(f.resume, "resume")?,
            },
            Kind::Tls13 => Fault::Tls13 {
                tls13: need(f.tls13, "tls13")?,
            },
        })
    }
}

/// The (EC)DHE failures one click away (`--kx-fault`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KxFault {
    /// A man in the middle changes the server's parameters in flight (one byte of
    /// ServerKeyExchange): the signature no longer verifies (decrypt_error).
    ForgedParams,
    /// The client sends the DH public value 0.
    DhZero,
    /// The client sends the DH public value 1 (the shared secret would be 1).
    DhOne,
    /// The client sends p-1 (the shared secret would be 1 or p-1).
    DhPMinusOne,
    /// The server uses RFC 2409's 1024-bit prime: below 2048 bits (insufficient_security).
    WeakPrime,
    /// The client sends a P-256 point that is not on the curve.
    OffCurve,
    /// The client sends the x25519 value 0: the shared secret is all zeros.
    LowOrder,
    /// The server keeps one "ephemeral" key for every session (a warning: forward secrecy lost).
    ReusedKey,
}

impl KxFault {
    /// Every failure, in the order of the buttons.
    pub const ALL: [KxFault; 8] = [
        KxFault::ForgedParams,
        KxFault::DhZero,
        KxFault::DhOne,
        KxFault::DhPMinusOne,
        KxFault::WeakPrime,
        KxFault::OffCurve,
        KxFault::LowOrder,
        KxFault::ReusedKey,
    ];

    /// The snake_case name (JSON, links, text keys), e.g. `forged_params`.
    pub fn name(self) -> &'static str {
        match self {
            KxFault::ForgedParams => "forged_params",
            KxFault::DhZero => "dh_zero",
            KxFault::DhOne => "dh_one",
            KxFault::DhPMinusOne => "dh_p_minus_one",
            KxFault::WeakPrime => "weak_prime",
            KxFault::OffCurve => "off_curve",
            KxFault::LowOrder => "low_order",
            KxFault::ReusedKey => "reused_key",
        }
    }

    /// The command-line name, e.g. `forged-params`.
    pub fn cli_name(self) -> String {
        self.name().replace('_', "-")
    }

    /// The failure of a command-line or snake_case name.
    pub fn from_name(s: &str) -> Option<KxFault> {
        KxFault::ALL
            .into_iter()
            .find(|f| f.name() == s || f.cli_name() == s)
    }

    /// The key exchange and group this failure needs.
    pub fn needs(self) -> (KxAlg, Option<Group>) {
        match self {
            KxFault::ForgedParams | KxFault::ReusedKey => (KxAlg::Ecdhe, None),
            KxFault::DhZero | KxFault::DhOne | KxFault::DhPMinusOne | KxFault::WeakPrime => {
                (KxAlg::Dhe, Some(Group::Ffdhe2048))
            }
            KxFault::OffCurve => (KxAlg::Ecdhe, Some(Group::Secp256r1)),
            KxFault::LowOrder => (KxAlg::Ecdhe, Some(Group::X25519)),
        }
    }

    /// Apply the failure to a scenario: its key exchange (an RSA scenario becomes the failure's
    /// kind; a DHE or ECDHE one keeps its own where it can), its group, the fault itself.
    pub fn apply(self, s: &mut Scenario) {
        let (kx, group) = self.needs();
        let current = s.kx();
        let keep =
            current.is_ephemeral() && (self == KxFault::ForgedParams || self == KxFault::ReusedKey);
        if !keep {
            s.set_kx(kx);
        }
        if let Some(g) = group {
            s.set_group(g);
        }
        if self == KxFault::ForgedParams {
            // Record header (5) + handshake header (4) + 6: inside the point or the prime, which
            // the signature covers.
            s.faults.push(Fault::FlipInStep {
                step: crate::vocab::StepKey::ServerKeyExchange,
                offset: 15,
            });
        }
        s.faults.push(Fault::Kx { kx: self });
    }
}

/// The certificate failures one click away (each named as on the command line, `--cert-fault`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CertFault {
    /// The server sends its leaf without the intermediate that issued it (forces a chain).
    IncompleteChain,
    /// The intermediate was issued with basicConstraints CA:FALSE (forces a chain).
    IntermediateNotCa,
    /// The intermediate (pathLen 0) issued a second CA, which issued the leaf.
    PathLen,
    /// The leaf is self-signed: it names itself as its issuer.
    SelfSigned,
    /// The leaf is signed with SHA-1 (sha1WithRSAEncryption).
    Sha1Leaf,
    /// The intermediate is signed with SHA-1 (forces a chain).
    Sha1Intermediate,
    /// The server's key is RSA-1024 (the builtin `weak-server`) and the client's minimum is 2048.
    WeakKey,
    /// The server asks for no subjectAltName: its name is only in the subject's CN.
    NoSan,
    /// The leaf's extendedKeyUsage lacks serverAuth (it says clientAuth only).
    NoServerAuth,
    /// The leaf's keyUsage lacks keyEncipherment (digitalSignature only).
    NoKeyEncipherment,
    /// The leaf's notBefore is after `now`.
    NotYetValid,
    /// The CA revoked the leaf and lists it in its CRL; the client checks revocation.
    Revoked,
    /// The CSR's signature does not verify (one byte flipped): the CA refuses to issue.
    BadCsr,
}

impl CertFault {
    /// Every failure, in the order of the issue and the buttons.
    pub const ALL: [CertFault; 13] = [
        CertFault::IncompleteChain,
        CertFault::IntermediateNotCa,
        CertFault::PathLen,
        CertFault::SelfSigned,
        CertFault::Sha1Leaf,
        CertFault::Sha1Intermediate,
        CertFault::WeakKey,
        CertFault::NoSan,
        CertFault::NoServerAuth,
        CertFault::NoKeyEncipherment,
        CertFault::NotYetValid,
        CertFault::Revoked,
        CertFault::BadCsr,
    ];

    /// The command-line name (`--cert-fault NAME`), e.g. `incomplete-chain`.
    pub fn cli_name(self) -> &'static str {
        match self {
            CertFault::IncompleteChain => "incomplete-chain",
            CertFault::IntermediateNotCa => "intermediate-not-ca",
            CertFault::PathLen => "path-len",
            CertFault::SelfSigned => "self-signed",
            CertFault::Sha1Leaf => "sha1-leaf",
            CertFault::Sha1Intermediate => "sha1-intermediate",
            CertFault::WeakKey => "weak-key",
            CertFault::NoSan => "no-san",
            CertFault::NoServerAuth => "no-server-auth",
            CertFault::NoKeyEncipherment => "no-key-encipherment",
            CertFault::NotYetValid => "not-yet-valid",
            CertFault::Revoked => "revoked",
            CertFault::BadCsr => "bad-csr",
        }
    }

    /// The snake_case name (JSON, links, text keys), e.g. `incomplete_chain`.
    pub fn name(self) -> &'static str {
        match self {
            CertFault::IncompleteChain => "incomplete_chain",
            CertFault::IntermediateNotCa => "intermediate_not_ca",
            CertFault::PathLen => "path_len",
            CertFault::SelfSigned => "self_signed",
            CertFault::Sha1Leaf => "sha1_leaf",
            CertFault::Sha1Intermediate => "sha1_intermediate",
            CertFault::WeakKey => "weak_key",
            CertFault::NoSan => "no_san",
            CertFault::NoServerAuth => "no_server_auth",
            CertFault::NoKeyEncipherment => "no_key_encipherment",
            CertFault::NotYetValid => "not_yet_valid",
            CertFault::Revoked => "revoked",
            CertFault::BadCsr => "bad_csr",
        }
    }

    /// The failure of a command-line or snake_case name.
    pub fn from_name(s: &str) -> Option<CertFault> {
        CertFault::ALL
            .into_iter()
            .find(|f| f.cli_name() == s || f.name() == s)
    }

    /// Does this failure need a chain root -> intermediate -> leaf?
    pub fn needs_chain(self) -> bool {
        matches!(
            self,
            CertFault::IncompleteChain
                | CertFault::IntermediateNotCa
                | CertFault::PathLen
                | CertFault::Sha1Intermediate
        )
    }

    /// Apply the failure's settings to a scenario (the CLI's `--cert-fault` and the page's
    /// buttons both call this): the fault itself, plus the chain, the client's key minimum,
    /// revocation checking or the dates it needs. `now` is the client's clock.
    pub fn apply(self, s: &mut Scenario, now: i64) {
        if self.needs_chain() {
            s.chain_depth = s.chain_depth.max(2);
        }
        match self {
            CertFault::WeakKey => {
                s.server_key = KeySource::Builtin("weak-server".into());
                s.min_key_bits = 2048;
            }
            CertFault::NoSan => s.server_sans.clear(),
            CertFault::NotYetValid => {
                s.not_before = now.saturating_add(30 * 86_400);
                s.not_after = now.saturating_add(400 * 86_400);
            }
            CertFault::Revoked => s.check_revocation = true,
            _ => {}
        }
        s.faults.push(Fault::Cert { cert: self });
    }
}

/// Every editable input of a session.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Scenario {
    /// The protocol version (issue 15): TLS 1.2 (the default, so older scenarios and links keep
    /// their meaning) or TLS 1.3.
    pub version: crate::version::TlsVersion,
    /// The CA's common name (subject and issuer of the root certificate).
    pub ca_name: String,
    /// The server certificate's subject common name.
    pub server_name: String,
    /// DNS names in the server certificate's subjectAltName.
    pub server_sans: Vec<String>,
    /// The host the client wants (sent as SNI, checked against the SANs).
    pub client_host: String,
    /// Server certificate notBefore, Unix seconds.
    pub not_before: i64,
    /// Server certificate notAfter, Unix seconds.
    pub not_after: i64,
    /// The CA's key.
    pub ca_key: KeySource,
    /// The server's key.
    pub server_key: KeySource,
    /// The client's key (used when client authentication is on).
    pub client_key: KeySource,
    /// Does the client's trust store hold the CA that issued the server certificate?
    pub trust_issuing_ca: bool,
    /// Further trusted roots (PEM certificates) in the client's trust store.
    pub extra_trusted_pems: Vec<String>,
    /// Cipher suites the client offers, in order of preference (IANA values).
    pub offered_suites: Vec<u16>,
    /// Cipher suites the server accepts, in order of preference (IANA values).
    pub accepted_suites: Vec<u16>,
    /// The client random, if the user fixed it (else drawn from the seed).
    pub client_random: Option<[u8; 32]>,
    /// The server random, if the user fixed it (else drawn from the seed).
    pub server_random: Option<[u8; 32]>,
    /// The 48-byte pre-master secret, if the user fixed it (else 03 03 + 46 seeded bytes).
    pub pre_master: Option<Vec<u8>>,
    /// The session ID the server assigns (0..=32 bytes); `None`: 32 seeded bytes.
    pub session_id: Option<Vec<u8>>,
    /// Does the client offer extended_master_secret (RFC 7627)?
    pub client_ems: bool,
    /// Does the server accept extended_master_secret?
    pub server_ems: bool,
    /// Does the server ask for a client certificate (CertificateRequest)?
    pub client_auth: bool,
    /// The application message the client sends.
    pub app_message: String,
    /// The server's reply.
    pub server_reply: String,
    /// Faults to inject.
    pub faults: Vec<Fault>,
    // ---- issue 12: the CA's chain, revocation, the client's key minimum ----
    /// 1: the root issues the leaf; 2: the root issues an intermediate CA, which issues the leaf.
    pub chain_depth: u8,
    /// Does the CA publish CRLs and the client check them ("check revocation")?
    pub check_revocation: bool,
    /// The client's minimum RSA key size in the chain, bits (0: no minimum).
    pub min_key_bits: usize,
    // ---- issue 13: (EC)DHE ----
    /// supported_groups the client offers (NamedGroup values), in its order.
    pub client_groups: Vec<u16>,
    /// The groups the server takes, in its order.
    pub server_groups: Vec<u16>,
    /// The client's ephemeral secret a, 32 bytes, if the user fixed it (else from the seed).
    pub client_ephemeral: Option<Vec<u8>>,
    /// The server's ephemeral secret b, 32 bytes, if the user fixed it (else from the seed).
    pub server_ephemeral: Option<Vec<u8>>,
    // ---- issue 14: resumption ----
    /// Does a second connection resume the session, and how?
    pub resume: Resume,
    /// The server's ticket key, 16 bytes, if the user fixed it (else from the seed).
    pub ticket_key: Option<Vec<u8>>,
}

impl Scenario {
    /// The key exchange of the server's first accepted suite (what this scenario is about).
    pub fn kx(&self) -> KxAlg {
        self.accepted_suites
            .first()
            .and_then(|v| KxAlg::of(crate::msgs::CipherSuite::from_value(*v)))
            .unwrap_or(KxAlg::Rsa)
    }

    /// Make `kx` the key exchange: the server accepts only its AES-128-GCM suite, and the client
    /// offers that suite first (keeping the rest of its list).
    pub fn set_kx(&mut self, kx: KxAlg) {
        let suite = kx.suite();
        self.accepted_suites = vec![suite];
        self.offered_suites.retain(|v| *v != suite);
        self.offered_suites.insert(0, suite);
    }

    /// Make `g` the server's first group, and the client's if it did not offer it.
    pub fn set_group(&mut self, g: Group) {
        self.server_groups.retain(|v| *v != g.id());
        self.server_groups.insert(0, g.id());
        if !self.client_groups.contains(&g.id()) {
            self.client_groups.insert(0, g.id());
        }
    }

    /// Is the key-exchange failure `f` among the faults?
    pub fn has_kx_fault(&self, f: KxFault) -> bool {
        self.faults.contains(&Fault::Kx { kx: f })
    }

    /// Is the resumption failure `f` among the faults?
    pub fn has_resume_fault(&self, f: ResumeFault) -> bool {
        self.faults.contains(&Fault::Resume { resume: f })
    }

    /// Is the TLS 1.3 failure `f` among the faults?
    pub fn has_tls13_fault(&self, f: Tls13Fault) -> bool {
        self.faults.contains(&Fault::Tls13 { tls13: f })
    }

    /// Is the certificate failure `f` among the faults?
    pub fn has_cert_fault(&self, f: CertFault) -> bool {
        self.faults.contains(&Fault::Cert { cert: f })
    }
}

/// TLS_RSA_WITH_AES_128_GCM_SHA256, the one suite this engine implements.
pub const TLS_RSA_WITH_AES_128_GCM_SHA256: u16 = 0x009c;

/// 2026-01-01T00:00:00Z, the default notBefore.
pub const DEFAULT_NOT_BEFORE: i64 = 1_767_225_600;
/// 2028-01-01T00:00:00Z, the default notAfter.
pub const DEFAULT_NOT_AFTER: i64 = 1_830_297_600;
/// 2026-11-23T09:00:00Z, a `now` inside the default validity, for tests and pinned links.
pub const DEFAULT_NOW: i64 = 1_795_424_400;

impl Default for Scenario {
    fn default() -> Self {
        Self {
            version: crate::version::TlsVersion::Tls12,
            ca_name: "Teaching Root CA".into(),
            server_name: "www.example.com".into(),
            server_sans: vec!["www.example.com".into(), "example.com".into()],
            client_host: "www.example.com".into(),
            not_before: DEFAULT_NOT_BEFORE,
            not_after: DEFAULT_NOT_AFTER,
            ca_key: KeySource::Builtin("ca".into()),
            server_key: KeySource::Builtin("server".into()),
            client_key: KeySource::Builtin("client".into()),
            trust_issuing_ca: true,
            extra_trusted_pems: Vec::new(),
            // AES_256_GCM_SHA384, AES_128_GCM_SHA256, AES_128_CBC_SHA: the client offers three,
            // the engine implements the second.
            offered_suites: vec![0x009d, TLS_RSA_WITH_AES_128_GCM_SHA256, 0x002f],
            accepted_suites: vec![TLS_RSA_WITH_AES_128_GCM_SHA256],
            client_random: None,
            server_random: None,
            pre_master: None,
            session_id: None,
            client_ems: true,
            server_ems: true,
            client_auth: false,
            app_message: "GET / HTTP/1.1\r\nHost: www.example.com\r\n\r\n".into(),
            server_reply: "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello".into(),
            faults: Vec::new(),
            chain_depth: 1,
            check_revocation: false,
            min_key_bits: 0,
            client_groups: Group::ALL.iter().map(|g| g.id()).collect(),
            server_groups: Group::ALL.iter().map(|g| g.id()).collect(),
            client_ephemeral: None,
            server_ephemeral: None,
            resume: Resume::Off,
            ticket_key: None,
        }
    }
}
