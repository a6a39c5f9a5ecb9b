//! Command-line arguments (clap derive) and their translation into a core [`Scenario`].

use crate::time::parse_time;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use tlsim_core::kx::{Group, KxAlg};
use tlsim_core::scenario::{KxFault, Resume, ResumeFault, Tls13Fault};
use tlsim_core::TlsVersion;
use tlsim_core::{CertFault, Fault, KeySource, Scenario};
use tlsim_text::Lang;

/// tlsim: a TLS 1.2 handshake simulator for teaching (RSA, DHE and ECDHE key exchange).
///
/// Every run is reproducible: the seed and the time are printed, and `--seed`/`--now` pin them.
#[derive(Parser, Debug)]
#[command(name = "tlsim", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run a simulated handshake (CA, client and server in one process) and print the transcript.
    Run {
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Language of the output: en or ko (한국어).
        #[arg(long, default_value = "en", value_parser = parse_lang)]
        lang: Lang,
        /// The session inputs.
        #[command(flatten)]
        session: SessionArgs,
    },
    /// Run a simulated handshake and write its artifacts into a directory: ca.pem, server.csr,
    /// server.pem, server-key.pem, transcript.json, transcript.md, keylog.txt, handshake.pcap;
    /// with --chain-depth 2 also intermediate.pem and chain.pem, with revocation crl.pem.
    Export {
        /// The directory to write (created if missing).
        #[arg(long)]
        out: PathBuf,
        /// Language of the output: en or ko (한국어).
        #[arg(long, default_value = "en", value_parser = parse_lang)]
        lang: Lang,
        /// The session inputs.
        #[command(flatten)]
        session: SessionArgs,
    },
    /// Check a real session: TLS 1.2 (decrypt the pre-master or read the master secret from a
    /// key log, verify both Finished) or TLS 1.3 (both Finished from the handshake traffic
    /// secrets of the key log). Exit 0 iff both verify; 2 on bad input.
    Replay {
        /// Handshake messages, one per line in hex with the 4-byte handshake header, wire order
        /// (as `openssl s_client -msg` prints them; Finished in the clear). `#` starts a comment.
        #[arg(long)]
        messages: PathBuf,
        /// The server's RSA private key (PKCS#8 or PKCS#1 PEM): opens an RSA key exchange.
        #[arg(long, required_unless_present = "keylog")]
        server_key: Option<PathBuf>,
        /// An NSS key log (e.g. from `openssl -keylogfile`): CLIENT_RANDOM lines open any
        /// TLS 1.2 session whose master secret they hold; the *_HANDSHAKE_TRAFFIC_SECRET lines a
        /// TLS 1.3 session.
        #[arg(long)]
        keylog: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ReplayFormat::Text)]
        format: ReplayFormat,
        /// Language of the output: en or ko (한국어).
        #[arg(long, default_value = "en", value_parser = parse_lang)]
        lang: Lang,
    },
    /// A TLS 1.3 and TLS 1.2 client to a real server on this machine: one ClientHello offers
    /// both (TLS_AES_128_GCM_SHA256 with x25519/secp256r1; ECDHE, DHE or RSA with AES-128-GCM)
    /// and the server's choice wins.
    Connect {
        /// Key exchange and group to offer.
        #[command(flatten)]
        kx: KxArgs,
        /// Protocol version: 1.2 or 1.3. Default: offer both and take what the server chooses
        /// (TLS 1.2 only when a TLS 1.2-only option is given: --kx, --group ffdhe2048,
        /// --no-ems, --sess-in, --sess-out, --no-ticket).
        #[arg(long = "version", value_name = "VERSION", value_parser = crate::versions::parse_version)]
        tls_version: Option<tlsim_core::TlsVersion>,
        /// HOST:PORT; loopback addresses only.
        addr: String,
        /// The CA certificate (PEM) to trust.
        #[arg(long)]
        ca: PathBuf,
        /// The server name to send (SNI) and check against the certificate (default: HOST).
        #[arg(long)]
        servername: Option<String>,
        /// Application data to send once the handshake is done.
        #[arg(long, default_value = "hello from tlsim\n")]
        send: String,
        /// Seconds to wait for the peer before giving up.
        #[arg(long, default_value_t = 10)]
        timeout: u64,
        /// Send no extended_master_secret extension.
        #[arg(long)]
        no_ems: bool,
        /// Pin the client's randomness (64 hex digits).
        #[arg(long)]
        seed: Option<String>,
        /// Seconds to wait for the server's reply after sending.
        #[arg(long, default_value_t = 3)]
        wait: u64,
        /// Write the NSS key log here, for Wireshark: CLIENT_RANDOM (TLS 1.2), or the four
        /// TLS 1.3 traffic secrets (CLIENT_/SERVER_HANDSHAKE_TRAFFIC_SECRET,
        /// CLIENT_/SERVER_TRAFFIC_SECRET_0).
        #[arg(long)]
        keylog: Option<PathBuf>,
        /// Client certificate (PEM) to present if the server asks for one.
        #[arg(long, requires = "key")]
        cert: Option<PathBuf>,
        /// The client certificate's private key (PEM).
        #[arg(long, requires = "cert")]
        key: Option<PathBuf>,
        /// Save the session (ID, ticket, master secret) here after the handshake, to resume it
        /// later with --sess-in.
        #[arg(long)]
        sess_out: Option<PathBuf>,
        /// Offer the session saved in this file (by its ID, and by its ticket if it has one);
        /// prints whether the server reused it.
        #[arg(long)]
        sess_in: Option<PathBuf>,
        /// Do not ask for a session ticket (an empty session_ticket extension, RFC 5077).
        #[arg(long)]
        no_ticket: bool,
    },
    /// A TLS 1.3 and TLS 1.2 server on 127.0.0.1: issues its CA and certificate, writes them to
    /// DIR, serves; TLS 1.3 to a client that offers it, else TLS 1.2.
    Serve {
        /// Key exchange and group to accept.
        #[command(flatten)]
        kx: KxArgs,
        /// Protocol version: 1.2 or 1.3. Default: both, TLS 1.3 to a client that offers it
        /// (TLS 1.2 only when a TLS 1.2-only option is given: --kx, --group ffdhe2048,
        /// --no-ems, --no-tickets, --no-session-cache, --client-auth).
        #[arg(long = "version", value_name = "VERSION", value_parser = crate::versions::parse_version)]
        tls_version: Option<tlsim_core::TlsVersion>,
        /// TCP port on 127.0.0.1 (0: pick a free one and print it).
        #[arg(long, default_value_t = 8443)]
        port: u16,
        /// Where to write ca.pem, server.pem and server-key.pem.
        #[arg(long)]
        out: PathBuf,
        /// The server certificate's name (CN and SAN).
        #[arg(long, default_value = "localhost")]
        server_name: String,
        /// Extra DNS SANs (repeatable).
        #[arg(long = "san")]
        sans: Vec<String>,
        /// The reply sent to each message from the client.
        #[arg(long, default_value = "hello from tlsim serve\n")]
        reply: String,
        /// Serve this many connections, then exit (0: forever).
        #[arg(long, default_value_t = 0)]
        count: usize,
        /// Seconds a connection may stay idle.
        #[arg(long, default_value_t = 10)]
        timeout: u64,
        /// Refuse the extended master secret.
        #[arg(long)]
        no_ems: bool,
        /// Pin the keys and randomness (64 hex digits).
        #[arg(long)]
        seed: Option<String>,
        /// Generate fresh keys of this size instead of the builtin teaching keys.
        #[arg(long)]
        key_bits: Option<usize>,
        /// Ask for a client certificate signed by this server's CA (also writes client.pem and
        /// client-key.pem to DIR for a client to use).
        #[arg(long)]
        client_auth: bool,
        /// Connections served at once, each on its own thread with its own time-outs (more
        /// clients wait until one ends).
        #[arg(long, default_value_t = 32, value_parser = clap::value_parser!(u16).range(1..=1024))]
        max_connections: u16,
        /// 1: the CA issues the server certificate; 2: the CA issues an intermediate CA, which
        /// issues the server certificate, and the server sends both (writes intermediate.pem and
        /// chain.pem too).
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u8).range(1..=2))]
        chain_depth: u8,
        /// Issue no session tickets (RFC 5077).
        #[arg(long)]
        no_tickets: bool,
        /// Keep no session cache: session IDs are not resumable.
        #[arg(long)]
        no_session_cache: bool,
    },
}

/// `--lang`: en or ko.
pub fn parse_lang(s: &str) -> Result<Lang, String> {
    s.parse()
}

/// Output format of `run`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Human-readable text.
    Text,
    /// The transcript as JSON.
    Json,
    /// Markdown for course notes.
    Markdown,
}

/// Output format of `replay`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReplayFormat {
    /// Human-readable text.
    Text,
    /// JSON.
    Json,
}

/// Seed, time and scenario options shared by `run` and `export`.
#[derive(Args, Debug, Clone)]
pub struct SessionArgs {
    /// 32-byte seed, up to 64 hex digits (shorter values are left-padded with zeros).
    /// Default: fresh OS randomness (printed, so the run can be repeated).
    #[arg(long)]
    pub seed: Option<String>,
    /// The current time for certificate checks: Unix seconds or RFC 3339. Default: the clock.
    #[arg(long, value_parser = parse_time)]
    pub now: Option<i64>,
    /// The protocol version: 1.2 or 1.3. Default: 1.2 (1.3 with a tls13-* fault).
    #[arg(long, value_parser = parse_sim_version)]
    pub version: Option<TlsVersion>,
    /// The scenario.
    #[command(flatten)]
    pub scenario: ScenarioArgs,
}

/// A `--version` of `run` and `export`: 1.2 or 1.3 (also tls12, tls13).
pub fn parse_sim_version(s: &str) -> Result<TlsVersion, String> {
    s.parse()
        .map_err(|_| format!("unknown version {s:?}: want 1.2 or 1.3"))
}

impl SessionArgs {
    /// The scenario with its version: `--version`, else TLS 1.3 when a tls13-* fault asks for
    /// it, else TLS 1.2. `--version 1.2` with a tls13-* fault is a usage error.
    pub fn scenario_at(&self, now: i64) -> Result<Scenario, String> {
        let mut s = self.scenario.to_scenario(now);
        match self.version {
            Some(TlsVersion::Tls12) if s.version == TlsVersion::Tls13 => {
                return Err("the tls13-* faults need --version 1.3".into())
            }
            Some(v) => s.version = v,
            None => {}
        }
        Ok(s)
    }
}

/// Scenario options (each maps onto a field of the core's `Scenario`).
#[derive(Args, Debug, Clone, Default)]
pub struct ScenarioArgs {
    /// The CA's common name.
    #[arg(long)]
    pub ca_name: Option<String>,
    /// The server certificate's common name.
    #[arg(long)]
    pub server_name: Option<String>,
    /// A DNS subjectAltName of the server certificate (repeatable; replaces the defaults).
    #[arg(long = "san")]
    pub sans: Vec<String>,
    /// The host the client asks for (SNI, checked against the SANs).
    #[arg(long)]
    pub host: Option<String>,
    /// Server certificate notBefore (RFC 3339 or Unix seconds).
    #[arg(long, value_parser = parse_time)]
    pub not_before: Option<i64>,
    /// Server certificate notAfter (RFC 3339 or Unix seconds).
    #[arg(long, value_parser = parse_time)]
    pub not_after: Option<i64>,
    /// Generate fresh RSA keys of N bits (512..=4096) for CA, server and client from the seed.
    #[arg(long, value_name = "N")]
    pub key_bits: Option<usize>,
    /// The client does not trust the CA that issued the server certificate.
    #[arg(long)]
    pub no_trust_ca: bool,
    /// No extended master secret (RFC 7627): the client does not offer it.
    #[arg(long)]
    pub no_ems: bool,
    /// The server asks for a client certificate.
    #[arg(long)]
    pub client_auth: bool,
    /// The application message the client sends.
    #[arg(long)]
    pub message: Option<String>,
    /// Inject a fault (repeatable): forged-signature | mitm | wrong-pms-version | flip:RECORD:OFFSET.
    #[arg(long = "fault", value_parser = parse_fault)]
    pub faults: Vec<Fault>,
    /// 1: the root CA issues the server certificate; 2: root -> intermediate -> server.
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=2))]
    pub chain_depth: Option<u8>,
    /// The CAs publish CRLs and the client checks revocation.
    #[arg(long)]
    pub check_revocation: bool,
    /// The client's minimum RSA key size in the chain, in bits.
    #[arg(long, value_name = "BITS")]
    pub min_key_bits: Option<usize>,
    /// A certificate failure (repeatable): incomplete-chain, intermediate-not-ca, path-len,
    /// self-signed, sha1-leaf, sha1-intermediate, weak-key, no-san, no-server-auth,
    /// no-key-encipherment, not-yet-valid, revoked, bad-csr.
    #[arg(long = "cert-fault", value_parser = parse_cert_fault)]
    pub cert_faults: Vec<CertFault>,
    /// Key exchange and group.
    #[command(flatten)]
    pub kx: KxArgs,
    /// A key-exchange failure (repeatable): forged-params, dh-zero, dh-one, dh-p-minus-one,
    /// weak-prime, off-curve, low-order, reused-key (each sets the key exchange it needs).
    #[arg(long = "kx-fault", value_parser = parse_kx_fault)]
    pub kx_faults: Vec<KxFault>,
    /// The client's ephemeral secret a for DHE/ECDHE (64 hex digits; default: from the seed).
    #[arg(long, value_name = "HEX", value_parser = parse_secret)]
    pub client_ephemeral: Option<Vec<u8>>,
    /// The server's ephemeral secret b for DHE/ECDHE (64 hex digits; default: from the seed).
    #[arg(long, value_name = "HEX", value_parser = parse_secret)]
    pub server_ephemeral: Option<Vec<u8>>,
    /// A second connection that resumes the session: session-id or ticket (default: off).
    #[arg(long, value_parser = parse_resume)]
    pub resume: Option<Resume>,
    /// A resumption failure (repeatable): server-forgot, ticket-tampered, key-rotated, expired,
    /// other-host, ems-dropped, ems-added, other-suite (each turns the second connection on).
    #[arg(long = "resume-fault", value_parser = parse_resume_fault)]
    pub resume_faults: Vec<ResumeFault>,
    /// The server's ticket key (32 hex digits; default: from the seed).
    #[arg(long, value_name = "HEX", value_parser = parse_ticket_key)]
    pub ticket_key: Option<Vec<u8>>,
}

/// A `--resume` mode.
pub fn parse_resume(s: &str) -> Result<Resume, String> {
    Resume::from_name(s)
        .ok_or_else(|| format!("unknown resumption {s:?}: want off, session-id or ticket"))
}

/// A `--resume-fault` name.
pub fn parse_resume_fault(s: &str) -> Result<ResumeFault, String> {
    ResumeFault::from_name(s).ok_or_else(|| {
        let names: Vec<String> = ResumeFault::ALL
            .iter()
            .map(|f| f.name().replace('_', "-"))
            .collect();
        format!(
            "unknown resumption failure {s:?}: want one of {}",
            names.join(", ")
        )
    })
}

/// A ticket key: exactly 32 hex digits (16 bytes).
pub fn parse_ticket_key(s: &str) -> Result<Vec<u8>, String> {
    let t = s.trim();
    let v = hex::decode(t).map_err(|_| format!("{t:?} is not hex: want 32 hex digits"))?;
    if v.len() != 16 {
        return Err(format!(
            "the ticket key is {} bytes: want 16 (32 hex digits)",
            v.len()
        ));
    }
    Ok(v)
}

/// `--kx` and `--group`: the key exchange and its group.
#[derive(Args, Debug, Clone, Default)]
pub struct KxArgs {
    /// Key exchange: rsa (TLS_RSA_WITH_AES_128_GCM_SHA256), dhe (TLS_DHE_RSA_WITH_AES_128_GCM_SHA256)
    /// or ecdhe (TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256). Default: rsa for run and export; all
    /// three, preferring ecdhe, for connect and serve.
    #[arg(long, value_parser = parse_kx)]
    pub kx: Option<KxAlg>,
    /// Group for DHE/ECDHE: x25519, secp256r1 or ffdhe2048 (alone, it implies --kx). Default:
    /// x25519 for run and export; all three for connect and serve.
    #[arg(long, value_parser = parse_group)]
    pub group: Option<Group>,
}

impl KxArgs {
    /// The key exchange and group asked for, checked against each other (ffdhe2048 is DHE's,
    /// the curves ECDHE's; RSA takes no group).
    pub fn resolve(&self) -> Result<(Option<KxAlg>, Option<Group>), String> {
        match (self.kx, self.group) {
            (Some(KxAlg::Rsa), Some(g)) => Err(format!(
                "--group {}: RSA key exchange uses no group; want --kx dhe or ecdhe",
                g.name()
            )),
            (Some(k), Some(g)) if g.is_ec() != (k == KxAlg::Ecdhe) => Err(format!(
                "--group {} does not go with --kx {}: ecdhe takes x25519 or secp256r1, dhe takes ffdhe2048",
                g.name(),
                k.name()
            )),
            (None, Some(g)) => Ok((Some(if g.is_ec() { KxAlg::Ecdhe } else { KxAlg::Dhe }), Some(g))),
            (k, g) => Ok((k, g)),
        }
    }

    /// connect and serve: the suites (preference order) and groups to offer or accept.
    pub fn suites_and_groups(&self) -> Result<(Vec<u16>, Vec<Group>), String> {
        let (kx, group) = self.resolve()?;
        let suites = match kx {
            Some(k) => vec![k.suite()],
            None => tlsim_core::suites::ALL_PREFERRING_ECDHE.to_vec(),
        };
        let groups = match group {
            Some(g) => vec![g],
            None => Group::ALL.to_vec(),
        };
        Ok((suites, groups))
    }
}

/// A `--kx` name.
pub fn parse_kx(s: &str) -> Result<KxAlg, String> {
    KxAlg::from_name(s).ok_or_else(|| format!("unknown key exchange {s:?}: want rsa, dhe or ecdhe"))
}

/// A `--group` name.
pub fn parse_group(s: &str) -> Result<Group, String> {
    Group::from_name(s)
        .ok_or_else(|| format!("unknown group {s:?}: want x25519, secp256r1 or ffdhe2048"))
}

/// A `--kx-fault` name.
pub fn parse_kx_fault(s: &str) -> Result<KxFault, String> {
    KxFault::from_name(s).ok_or_else(|| {
        let names: Vec<String> = KxFault::ALL.iter().map(|f| f.cli_name()).collect();
        format!(
            "unknown key-exchange failure {s:?}: want one of {}",
            names.join(", ")
        )
    })
}

/// An ephemeral secret: exactly 64 hex digits (32 bytes).
pub fn parse_secret(s: &str) -> Result<Vec<u8>, String> {
    let t = s.trim();
    if t.len() != 64 {
        return Err(format!(
            "{} hex digits: an ephemeral secret is 32 bytes, 64 hex digits",
            t.len()
        ));
    }
    hex::decode(t).map_err(|_| format!("{t:?}: not hexadecimal"))
}

/// A `--cert-fault` name.
pub fn parse_cert_fault(s: &str) -> Result<CertFault, String> {
    CertFault::ALL
        .into_iter()
        .find(|f| f.cli_name() == s)
        .ok_or_else(|| {
            let names: Vec<&str> = CertFault::ALL.iter().map(|f| f.cli_name()).collect();
            format!(
                "unknown certificate failure {s:?}: want one of {}",
                names.join(", ")
            )
        })
}

/// `forged-signature`, `mitm`, `wrong-pms-version`, `flip:RECORD:OFFSET`, and the TLS 1.3
/// failures `tls13-untrusted-ca`, `tls13-wrong-host`, `tls13-expired`,
/// `tls13-forged-certificate-verify`, `tls13-flipped-record`, `tls13-downgrade`.
pub fn parse_fault(s: &str) -> Result<Fault, String> {
    if s.starts_with("tls13-") {
        return Tls13Fault::from_name(s)
            .map(|tls13| Fault::Tls13 { tls13 })
            .ok_or_else(|| {
                let names: Vec<String> = Tls13Fault::ALL.iter().map(|f| f.cli_name()).collect();
                format!(
                    "unknown fault {s:?}: the TLS 1.3 ones are {}",
                    names.join(", ")
                )
            });
    }
    match s {
        "forged-signature" => Ok(Fault::ForgedSignature),
        "mitm" => Ok(Fault::ManInTheMiddle),
        "wrong-pms-version" => Ok(Fault::WrongPremasterVersion),
        _ => {
            let usage =
                "want forged-signature, mitm, wrong-pms-version, flip:RECORD:OFFSET or tls13-*";
            let Some(rest) = s.strip_prefix("flip:") else {
                return Err(format!("unknown fault {s:?}: {usage}"));
            };
            let Some((r, o)) = rest.split_once(':') else {
                return Err(format!("{s:?}: {usage}"));
            };
            let record = r
                .parse()
                .map_err(|_| format!("{s:?}: RECORD {r:?} is not a number"))?;
            let offset = o
                .parse()
                .map_err(|_| format!("{s:?}: OFFSET {o:?} is not a number"))?;
            Ok(Fault::FlipByte { record, offset })
        }
    }
}

/// Parse a seed: up to 64 hex digits, left-padded with zeros to 32 bytes.
pub fn parse_seed(s: &str) -> Result<[u8; 32], String> {
    let s = s.trim().trim_start_matches("0x");
    if s.is_empty() || s.len() > 64 || !s.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(format!("--seed {s:?}: want 1 to 64 hex digits"));
    }
    let padded = format!("{s:0>64}");
    let mut out = [0u8; 32];
    hex::decode_to_slice(&padded, &mut out).map_err(|e| format!("--seed: {e}"))?;
    Ok(out)
}

/// The seed given, or 32 bytes of OS randomness (the CLI is the shell; the core never asks the OS).
pub fn seed_or_random(s: Option<&str>) -> Result<[u8; 32], String> {
    match s {
        Some(s) => parse_seed(s),
        None => {
            let mut out = [0u8; 32];
            getrandom::getrandom(&mut out).map_err(|e| format!("no OS randomness: {e}"))?;
            Ok(out)
        }
    }
}

/// `now` given, or the system clock.
pub fn now_or_clock(now: Option<i64>) -> i64 {
    now.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0)
    })
}

impl ScenarioArgs {
    /// The core scenario: defaults, overridden by the options given (`now`: the client's clock,
    /// for the not-yet-valid failure's dates).
    pub fn to_scenario(&self, now: i64) -> Scenario {
        let mut s = Scenario::default();
        if let Some(v) = &self.ca_name {
            s.ca_name = v.clone();
        }
        if let Some(v) = &self.server_name {
            s.server_name = v.clone();
        }
        if !self.sans.is_empty() {
            s.server_sans = self.sans.clone();
        }
        if let Some(v) = &self.host {
            s.client_host = v.clone();
        }
        if let Some(v) = self.not_before {
            s.not_before = v;
        }
        if let Some(v) = self.not_after {
            s.not_after = v;
        }
        if let Some(bits) = self.key_bits {
            s.ca_key = KeySource::Generate(bits);
            s.server_key = KeySource::Generate(bits);
            s.client_key = KeySource::Generate(bits);
        }
        s.trust_issuing_ca = !self.no_trust_ca;
        if self.no_ems {
            s.client_ems = false;
        }
        s.client_auth = self.client_auth;
        if let Some(m) = &self.message {
            s.app_message = m.clone();
        }
        // (the TLS 1.3 failures are applied last: they set the version and what they need)
        s.faults = self
            .faults
            .iter()
            .filter(|f| !matches!(f, Fault::Tls13 { .. }))
            .cloned()
            .collect();
        if let Some(d) = self.chain_depth {
            s.chain_depth = d;
        }
        s.check_revocation |= self.check_revocation;
        if let Some(b) = self.min_key_bits {
            s.min_key_bits = b;
        }
        for f in &self.cert_faults {
            f.apply(&mut s, now);
        }
        // --kx/--group were checked by the parser's caller (resolve); a mismatch cannot reach here.
        let (kx, group) = self.kx.resolve().unwrap_or((self.kx.kx, None));
        if let Some(k) = kx {
            s.set_kx(k);
        }
        if let Some(g) = group {
            s.set_group(g);
        }
        for f in &self.kx_faults {
            f.apply(&mut s);
        }
        s.client_ephemeral = self.client_ephemeral.clone();
        s.server_ephemeral = self.server_ephemeral.clone();
        if let Some(r) = self.resume {
            s.resume = r;
        }
        for f in &self.resume_faults {
            f.apply(&mut s);
        }
        if self.ticket_key.is_some() {
            s.ticket_key = self.ticket_key.clone();
        }
        for f in &self.faults {
            if let Fault::Tls13 { tls13 } = f {
                tls13.apply(&mut s, now);
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_and_seeds() {
        assert_eq!(parse_fault("mitm"), Ok(Fault::ManInTheMiddle));
        assert_eq!(
            parse_fault("flip:3:17"),
            Ok(Fault::FlipByte {
                record: 3,
                offset: 17
            })
        );
        assert!(parse_fault("flip:3").is_err());
        assert!(parse_fault("flop").unwrap_err().contains("unknown fault"));
        assert_eq!(parse_seed("01").unwrap()[31], 1);
        assert_eq!(parse_seed(&"ab".repeat(32)).unwrap(), [0xab; 32]);
        assert!(parse_seed(&"a".repeat(65)).is_err());
        assert!(parse_seed("xyz").is_err());
        for f in CertFault::ALL {
            assert_eq!(parse_cert_fault(f.cli_name()), Ok(f));
        }
        assert!(parse_cert_fault("sha1")
            .unwrap_err()
            .contains("incomplete-chain"));
    }
}
