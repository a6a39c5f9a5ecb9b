//! The editable inputs as the learner typed them, and their validation into a core [`Scenario`].
//!
//! Every input is kept as raw text (controlled inputs show exactly what was typed); [`Form::apply`]
//! turns what is valid into scenario values and reports one clear message per invalid input. An
//! invalid input keeps the previous valid value, so the rest of the page keeps working.

use crate::i18n::{tf, Lang};
use std::collections::BTreeMap;
use tlsim_core::calendar::{civil_from_days, days_from_civil, days_in_month};
use tlsim_core::kx::{Group, KxAlg};
use tlsim_core::scenario::{Resume, TLS_RSA_WITH_AES_128_GCM_SHA256};
use tlsim_core::{Scenario, ScenarioField, TlsVersion};

/// Every input that can carry an error message; the name is its `data-testid` suffix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Input {
    /// CA common name
    CaName,
    /// server certificate common name
    ServerName,
    /// subjectAltName DNS names, comma list
    Sans,
    /// the host the client asks for
    ClientHost,
    /// notBefore date
    NotBefore,
    /// notAfter date
    NotAfter,
    /// CA RSA key size
    CaKeyBits,
    /// server RSA key size
    ServerKeyBits,
    /// client RSA key size
    ClientKeyBits,
    /// client random, hex
    ClientRandom,
    /// server random, hex
    ServerRandom,
    /// pre-master secret, hex
    PreMaster,
    /// session id, hex
    SessionId,
    /// teaching CA trusted?
    TrustCa,
    /// extra PEM roots
    ExtraRoots,
    /// cipher suites offered
    Suites,
    /// extended master secret
    Ems,
    /// client authentication
    ClientAuth,
    /// application message
    AppMessage,
    // ---- issue 12 ----
    /// root -> intermediate -> leaf (chain depth 2)?
    ChainDepth,
    /// the CAs publish CRLs and the client checks revocation?
    CheckRevocation,
    // ---- issue 13 ----
    /// the key exchange (rsa, dhe, ecdhe)
    Kx,
    /// the group of DHE / ECDHE
    Group,
    /// the client's ephemeral secret a, hex
    ClientEphemeral,
    /// the server's ephemeral secret b, hex
    ServerEphemeral,
    // ---- issue 14 ----
    /// a second connection, and how it offers the session (off, session_id, ticket)
    Resume,
    /// the server's ticket key, hex
    TicketKey,
    // ---- issue 15 ----
    /// the protocol version (TLS 1.2 or TLS 1.3)
    Version,
}

impl Input {
    /// Every input, in form order.
    pub const ALL: [Input; 28] = [
        Input::Version,
        Input::CaName,
        Input::ServerName,
        Input::Sans,
        Input::ClientHost,
        Input::NotBefore,
        Input::NotAfter,
        Input::CaKeyBits,
        Input::ServerKeyBits,
        Input::ClientKeyBits,
        Input::ClientRandom,
        Input::ServerRandom,
        Input::PreMaster,
        Input::SessionId,
        Input::TrustCa,
        Input::ExtraRoots,
        Input::Suites,
        Input::Ems,
        Input::ClientAuth,
        Input::AppMessage,
        Input::ChainDepth,
        Input::CheckRevocation,
        Input::Kx,
        Input::Group,
        Input::ClientEphemeral,
        Input::ServerEphemeral,
        Input::Resume,
        Input::TicketKey,
    ];

    /// Stable name: `data-testid="input-<name>"` / `error-<name>`, and the i18n key
    /// `input.<name>` (the core's serde field names where there is one).
    pub fn name(self) -> &'static str {
        match self {
            Input::CaName => "ca_name",
            Input::ServerName => "server_name",
            Input::Sans => "server_sans",
            Input::ClientHost => "client_host",
            Input::NotBefore => "not_before",
            Input::NotAfter => "not_after",
            Input::CaKeyBits => "ca_key_bits",
            Input::ServerKeyBits => "server_key_bits",
            Input::ClientKeyBits => "client_key_bits",
            Input::ClientRandom => "client_random",
            Input::ServerRandom => "server_random",
            Input::PreMaster => "pre_master",
            Input::SessionId => "session_id",
            Input::TrustCa => "trust_issuing_ca",
            Input::ExtraRoots => "extra_trusted_pems",
            Input::Suites => "offered_suites",
            Input::Ems => "client_ems",
            Input::ClientAuth => "client_auth",
            Input::AppMessage => "app_message",
            Input::ChainDepth => "chain_depth",
            Input::CheckRevocation => "check_revocation",
            Input::Kx => "kx",
            Input::Group => "group",
            Input::ClientEphemeral => "client_ephemeral",
            Input::ServerEphemeral => "server_ephemeral",
            Input::Resume => "resume",
            Input::TicketKey => "ticket_key",
            Input::Version => "version",
        }
    }

    /// The input a core input error is about: the argument naming it (`input`, e.g. `ca_key` or
    /// `extra_trusted_pems[2]`), else what its key says.
    pub fn of_core_reason(m: &tlsim_core::Msg) -> Option<Input> {
        use tlsim_core::msg::{Arg, CertKey, HsKey, MsgKey, SimKey};
        if let Some(Arg::Text(s)) = m.arg("input") {
            if let Some(i) = Input::from_core_field(s.split('[').next().unwrap_or_default()) {
                return Some(i);
            }
        }
        match m.key() {
            MsgKey::Sim(SimKey::SessionIdTooLong) => Some(Input::SessionId),
            MsgKey::Sim(SimKey::PreMasterLength) => Some(Input::PreMaster),
            MsgKey::Sim(SimKey::TicketKeyLength) => Some(Input::TicketKey),
            MsgKey::Hs(HsKey::EcScalarOutOfRange) => Some(Input::ClientEphemeral),
            MsgKey::Cert(CertKey::SanNotAscii) => Some(Input::Sans),
            MsgKey::Cert(
                CertKey::DatesReversed | CertKey::DateBefore1970 | CertKey::DateNotRepresentable,
            ) => Some(Input::NotAfter),
            _ => None,
        }
    }

    /// The input a scenario field name is about.
    pub fn from_core_field(field: &str) -> Option<Input> {
        Some(match field {
            "ca_name" => Input::CaName,
            "server_name" => Input::ServerName,
            "server_sans" => Input::Sans,
            "client_host" => Input::ClientHost,
            "not_before" => Input::NotBefore,
            "not_after" | "validity" => Input::NotAfter,
            "ca_key" | "ca_key_bits" => Input::CaKeyBits,
            "server_key" | "server_key_bits" => Input::ServerKeyBits,
            "client_key" | "client_key_bits" => Input::ClientKeyBits,
            "client_random" => Input::ClientRandom,
            "server_random" => Input::ServerRandom,
            "pre_master" => Input::PreMaster,
            "session_id" => Input::SessionId,
            "extra_trusted_pems" => Input::ExtraRoots,
            "offered_suites" => Input::Suites,
            "app_message" => Input::AppMessage,
            "client_ephemeral" => Input::ClientEphemeral,
            "server_ephemeral" => Input::ServerEphemeral,
            "ticket_key" => Input::TicketKey,
            _ => return None,
        })
    }
}

/// A few IANA cipher suites the client can offer, by value (their names come from the core's one
/// table, [`suite_name`]). The engine implements 0x009c (RSA), 0x009e (DHE_RSA) and 0xc02f
/// (ECDHE_RSA), all with AES-128-GCM-SHA256.
pub const SUITES: [u16; 6] = [
    0x009d,
    TLS_RSA_WITH_AES_128_GCM_SHA256,
    0x002f,
    0x0035,
    0x009e,
    0xc02f,
];

/// Is this suite one the engine implements (and so can negotiate)?
pub fn implemented(code: u16) -> bool {
    tlsim_core::suites::is_implemented(tlsim_core::msgs::CipherSuite::from_value(code))
}

/// A suite's IANA name, from the core's table (`tlsim_core::msgs::CipherSuite`).
pub fn suite_name(v: u16) -> String {
    tlsim_core::msgs::CipherSuite::from_value(v).name()
}

/// RSA key sizes offered.
pub const KEY_SIZES: [u32; 3] = [512, 1024, 2048];

/// The raw inputs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Form {
    /// CA common name
    pub ca_name: String,
    /// server certificate common name
    pub server_name: String,
    /// SANs as typed, comma separated
    pub sans: String,
    /// the host the client wants
    pub client_host: String,
    /// notBefore, `YYYY-MM-DD` (what `<input type="date">` gives)
    pub not_before: String,
    /// notAfter, `YYYY-MM-DD`
    pub not_after: String,
    /// RSA key sizes of the CA, server and client keys
    pub key_bits: [u32; 3],
    /// client random hex (empty: drawn from the seed)
    pub client_random: String,
    /// server random hex (empty: drawn from the seed)
    pub server_random: String,
    /// pre-master secret hex (empty: 03 03 + 46 seeded bytes)
    pub pre_master: String,
    /// session id hex (empty: 32 seeded bytes)
    pub session_id: String,
    /// teaching CA in the trust store?
    pub trust_ca: bool,
    /// further PEM roots
    pub extra_roots: String,
    /// offered suites, in [`SUITES`] order
    pub suites: Vec<u16>,
    /// extended master secret offered
    pub ems: bool,
    /// client authentication (CertificateRequest)
    pub client_auth: bool,
    /// the application message
    pub app_message: String,
    /// issue through an intermediate CA (chain depth 2)
    pub intermediate: bool,
    /// CRLs published and checked
    pub check_revocation: bool,
    /// the key exchange the server takes
    pub kx: KxAlg,
    /// the server's group for DHE / ECDHE
    pub group: Group,
    /// the client's ephemeral secret a, hex (empty: drawn from the seed)
    pub client_ephemeral: String,
    /// the server's ephemeral secret b, hex (empty: drawn from the seed)
    pub server_ephemeral: String,
    /// a second connection, and how it offers the session
    pub resume: Resume,
    /// the server's ticket key, hex (empty: drawn from the seed)
    pub ticket_key: String,
    /// the protocol version
    pub version: TlsVersion,
}

/// The server's first group of the kind `kx` uses (x25519 / ffdhe2048 by default).
fn first_group(s: &Scenario, kx: KxAlg) -> Group {
    let want_ec = kx != KxAlg::Dhe;
    s.server_groups
        .iter()
        .filter_map(|v| Group::from_id(*v))
        .find(|g| g.is_ec() == want_ec)
        .unwrap_or(if want_ec {
            Group::X25519
        } else {
            Group::Ffdhe2048
        })
}

impl Form {
    /// The form showing a scenario's values.
    pub fn from_scenario(s: &Scenario) -> Self {
        Self {
            ca_name: s.ca_name.clone(),
            server_name: s.server_name.clone(),
            sans: s.server_sans.join(", "),
            client_host: s.client_host.clone(),
            not_before: unix_to_date(s.not_before),
            not_after: unix_to_date(s.not_after),
            key_bits: [2048; 3],
            client_random: s.client_random.map(hex::encode).unwrap_or_default(),
            server_random: s.server_random.map(hex::encode).unwrap_or_default(),
            pre_master: s.pre_master.as_deref().map(hex::encode).unwrap_or_default(),
            session_id: s.session_id.as_deref().map(hex::encode).unwrap_or_default(),
            trust_ca: s.trust_issuing_ca,
            extra_roots: s.extra_trusted_pems.join("\n"),
            suites: s.offered_suites.clone(),
            ems: s.client_ems,
            client_auth: s.client_auth,
            app_message: s.app_message.clone(),
            intermediate: s.chain_depth >= 2,
            check_revocation: s.check_revocation,
            kx: s.kx(),
            group: first_group(s, s.kx()),
            client_ephemeral: s
                .client_ephemeral
                .as_deref()
                .map(hex::encode)
                .unwrap_or_default(),
            server_ephemeral: s
                .server_ephemeral
                .as_deref()
                .map(hex::encode)
                .unwrap_or_default(),
            resume: s.resume,
            ticket_key: s.ticket_key.as_deref().map(hex::encode).unwrap_or_default(),
            version: s.version,
        }
    }

    /// Apply the valid inputs onto `base` (the last valid scenario); return the new scenario and
    /// one message per invalid input (whose value stays as in `base`).
    pub fn apply(&self, base: &Scenario) -> (Scenario, BTreeMap<Input, Msg>) {
        let mut s = base.clone();
        s.version = self.version;
        let mut errors = BTreeMap::new();
        let mut put = |input: Input, r: Result<(), Msg>| {
            if let Err(e) = r {
                errors.insert(input, e);
            }
        };
        put(Input::CaName, name(&self.ca_name).map(|v| s.ca_name = v));
        put(
            Input::ServerName,
            name(&self.server_name).map(|v| s.server_name = v),
        );
        put(
            Input::Sans,
            parse_sans(&self.sans).map(|v| s.server_sans = v),
        );
        put(
            Input::ClientHost,
            dns_name(&self.client_host, false).map(|v| s.client_host = v),
        );
        // A date keeps the exact time of `base` when it names the same day (links and presets pin
        // seconds); another day means 00:00:00 UTC of that day.
        let day = |typed: &str, base_t: i64| {
            if typed.trim() == unix_to_date(base_t) {
                Ok(base_t)
            } else {
                date_to_unix(typed)
            }
        };
        let nb = day(&self.not_before, base.not_before);
        let na = day(&self.not_after, base.not_after);
        match (nb, na) {
            (Ok(b), Ok(a)) if a <= b => put(Input::NotAfter, Err(Msg::key("error.date_order"))),
            (b, a) => {
                put(Input::NotBefore, b.map(|v| s.not_before = v));
                put(Input::NotAfter, a.map(|v| s.not_after = v));
            }
        }
        put(
            Input::ClientRandom,
            parse_fixed::<32>(&self.client_random).map(|v| s.client_random = v),
        );
        put(
            Input::ServerRandom,
            parse_fixed::<32>(&self.server_random).map(|v| s.server_random = v),
        );
        put(
            Input::PreMaster,
            parse_pre_master(&self.pre_master).map(|v| s.pre_master = v),
        );
        put(
            Input::SessionId,
            parse_session_id(&self.session_id).map(|v| s.session_id = v),
        );
        s.trust_issuing_ca = self.trust_ca;
        put(
            Input::ExtraRoots,
            parse_pems(&self.extra_roots).map(|v| s.extra_trusted_pems = v),
        );
        if self.suites.is_empty() {
            put(Input::Suites, Err(Msg::key("error.suites_empty")));
        } else {
            s.offered_suites = self.suites.clone();
        }
        s.client_ems = self.ems;
        s.client_auth = self.client_auth;
        // A failure that needs the chain keeps it whatever the box says.
        let needs_chain = s
            .faults
            .iter()
            .any(|f| matches!(f, tlsim_core::Fault::Cert { cert } if cert.needs_chain()));
        s.chain_depth = if self.intermediate || needs_chain {
            2
        } else {
            1
        };
        s.check_revocation = self.check_revocation;
        // The server takes the chosen key exchange's suite (the client offers what is ticked:
        // unticking it shows the handshake failure), and the chosen group first.
        s.accepted_suites = vec![self.kx.suite()];
        // (A group already first of its kind stays where it is, so a preset or link reads back
        // exactly as it was written.)
        let kind_ok = self.group.is_ec() == (self.kx == KxAlg::Ecdhe);
        if self.kx.is_ephemeral() && kind_ok && first_group(&s, self.kx) != self.group {
            s.set_group(self.group);
        }
        put(
            Input::ClientEphemeral,
            parse_fixed::<32>(&self.client_ephemeral)
                .map(|v| s.client_ephemeral = v.map(|a| a.to_vec())),
        );
        put(
            Input::ServerEphemeral,
            parse_fixed::<32>(&self.server_ephemeral)
                .map(|v| s.server_ephemeral = v.map(|a| a.to_vec())),
        );
        s.resume = self.resume;
        put(
            Input::TicketKey,
            parse_fixed::<16>(&self.ticket_key).map(|v| s.ticket_key = v.map(|a| a.to_vec())),
        );
        if self.app_message.chars().count() > MAX_MESSAGE {
            put(
                Input::AppMessage,
                Err(Msg::with(
                    "error.too_long",
                    &[("max", MAX_MESSAGE.to_string())],
                )),
            );
        } else {
            s.app_message = self.app_message.clone();
        }
        (s, errors)
    }
}

/// The inputs a scenario field names (a field TLS 1.3 ignores greys these out).
pub fn inputs_of_field(f: ScenarioField) -> &'static [Input] {
    match f {
        ScenarioField::OfferedSuites => &[Input::Suites],
        ScenarioField::AcceptedSuites => &[Input::Kx],
        ScenarioField::PreMaster => &[Input::PreMaster],
        ScenarioField::Ems => &[Input::Ems],
        ScenarioField::SessionId => &[Input::SessionId],
        ScenarioField::ClientRandom => &[Input::ClientRandom],
        ScenarioField::ServerRandom => &[Input::ServerRandom],
        ScenarioField::Ephemeral => &[Input::ClientEphemeral, Input::ServerEphemeral],
        ScenarioField::ClientAuth => &[Input::ClientAuth],
        ScenarioField::Resume => &[Input::Resume, Input::TicketKey],
        ScenarioField::Ffdhe => &[Input::Group],
        _ => &[],
    }
}

/// The inputs with no meaning in a TLS 1.3 session whatever their value: TLS 1.2's suites, key
/// exchange, pre-master secret, extended master secret, session ID and resumption.
pub const UNUSED_IN_TLS13: [ScenarioField; 6] = [
    ScenarioField::OfferedSuites,
    ScenarioField::AcceptedSuites,
    ScenarioField::PreMaster,
    ScenarioField::Ems,
    ScenarioField::SessionId,
    ScenarioField::Resume,
];

/// The inputs with no meaning in this session, each with the text key of why: in TLS 1.3 those
/// of `always` (usually [`UNUSED_IN_TLS13`]; none when an attacker forces a TLS 1.2 fallback,
/// whose run uses them) and whatever the core reports in `Transcript::unused`.
pub fn unused_inputs(
    version: TlsVersion,
    always: &[ScenarioField],
    unused: &[ScenarioField],
) -> BTreeMap<Input, String> {
    let mut m = BTreeMap::new();
    if version != TlsVersion::Tls13 {
        return m;
    }
    for f in always.iter().chain(unused) {
        for &i in inputs_of_field(*f) {
            m.insert(i, format!("why13.{}", i.name()));
        }
    }
    m
}

/// The longest application message accepted, in characters.
pub const MAX_MESSAGE: usize = 4000;

/// A message for the learner: an i18n key with its values, or a typed message from the core.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Msg {
    /// `tf(lang, key, args)`
    Key(&'static str, Vec<(&'static str, String)>),
    /// The core's typed reason, rendered in the page's language.
    Core(tlsim_core::Msg),
}

impl Msg {
    /// A message without values.
    pub fn key(key: &'static str) -> Self {
        Msg::Key(key, Vec::new())
    }

    /// A message with values.
    pub fn with(key: &'static str, args: &[(&'static str, String)]) -> Self {
        Msg::Key(key, args.to_vec())
    }

    /// The i18n key, if any.
    pub fn key_name(&self) -> Option<&'static str> {
        match self {
            Msg::Key(k, _) => Some(k),
            Msg::Core(_) => None,
        }
    }

    /// The text in a language.
    pub fn render(&self, lang: Lang) -> String {
        match self {
            Msg::Key(k, args) => {
                let a: Vec<(&str, &str)> = args.iter().map(|(n, v)| (*n, v.as_str())).collect();
                tf(lang, k, &a)
            }
            Msg::Core(m) => crate::i18n::render(lang, m),
        }
    }
}

fn name(v: &str) -> Result<String, Msg> {
    let t = v.trim();
    if t.is_empty() {
        return Err(Msg::key("error.required"));
    }
    if t.chars().count() > 64 {
        // X.509 upper bound for a common name
        return Err(Msg::with("error.too_long", &[("max", "64".into())]));
    }
    if t.chars().any(char::is_control) {
        return Err(Msg::key("error.name_invalid"));
    }
    Ok(t.to_string())
}

/// Check a DNS host name (letters, digits, hyphens, dots; `*.` allowed first in a SAN).
pub fn dns_name(v: &str, wildcard_ok: bool) -> Result<String, Msg> {
    let t = v.trim().to_ascii_lowercase();
    if t.is_empty() {
        return Err(Msg::key("error.required"));
    }
    if t.len() > 253 {
        return Err(Msg::with("error.too_long", &[("max", "253".into())]));
    }
    let body = match t.strip_prefix("*.") {
        Some(rest) if wildcard_ok => rest,
        Some(_) => return Err(Msg::key("error.name_invalid")),
        None => &t,
    };
    for label in body.split('.') {
        let ok = !label.is_empty()
            && label.len() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        if !ok {
            return Err(Msg::key("error.name_invalid"));
        }
    }
    Ok(t)
}

/// Parse the comma-separated SAN list.
pub fn parse_sans(v: &str) -> Result<Vec<String>, Msg> {
    let names: Vec<&str> = v
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    // No name at all is allowed: a certificate without subjectAltName (the no-san failure,
    // issue 12), whose name is then only in the CN.
    names.into_iter().map(|n| dns_name(n, true)).collect()
}

/// Parse hex bytes, ignoring spaces and colons between digits.
pub fn parse_hex(v: &str) -> Result<Vec<u8>, Msg> {
    let digits: String = v
        .chars()
        .filter(|c| !c.is_whitespace() && *c != ':')
        .collect();
    if !digits.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(Msg::key("error.hex_invalid"));
    }
    if digits.len() % 2 == 1 {
        return Err(Msg::key("error.hex_odd"));
    }
    hex::decode(digits).map_err(|_| Msg::key("error.hex_invalid"))
}

/// Parse exactly `N` hex bytes; empty means "draw from the seed" (`None`).
pub fn parse_fixed<const N: usize>(v: &str) -> Result<Option<[u8; N]>, Msg> {
    if v.trim().is_empty() {
        return Ok(None);
    }
    let b = parse_hex(v)?;
    <[u8; N]>::try_from(b.as_slice()).map(Some).map_err(|_| {
        Msg::with(
            "error.hex_length",
            &[
                ("expected", N.to_string()),
                ("digits", (N * 2).to_string()),
                ("got", b.len().to_string()),
            ],
        )
    })
}

fn parse_pre_master(v: &str) -> Result<Option<Vec<u8>>, Msg> {
    Ok(parse_fixed::<48>(v)?.map(|a| a.to_vec()))
}

fn parse_session_id(v: &str) -> Result<Option<Vec<u8>>, Msg> {
    if v.trim().is_empty() {
        return Ok(None);
    }
    let b = parse_hex(v)?;
    if b.len() > 32 {
        return Err(Msg::with("error.hex_max_length", &[("max", "32".into())]));
    }
    Ok(Some(b))
}

/// Split a textarea of PEM certificates into one string per certificate.
pub fn parse_pems(v: &str) -> Result<Vec<String>, Msg> {
    const BEGIN: &str = "-----BEGIN CERTIFICATE-----";
    const END: &str = "-----END CERTIFICATE-----";
    let mut out = Vec::new();
    let mut rest = v.trim();
    while !rest.is_empty() {
        let start = rest.find(BEGIN).ok_or(Msg::key("error.pem_invalid"))?;
        if !rest[..start].trim().is_empty() {
            return Err(Msg::key("error.pem_invalid"));
        }
        let end = rest[start..]
            .find(END)
            .ok_or(Msg::key("error.pem_invalid"))?;
        let stop = start + end + END.len();
        out.push(rest[start..stop].to_string());
        rest = rest[stop..].trim();
    }
    Ok(out)
}

/// `YYYY-MM-DD` (UTC midnight) to Unix seconds.
pub fn date_to_unix(v: &str) -> Result<i64, Msg> {
    let bad = || Msg::key("error.date_invalid");
    let parts: Vec<&str> = v.trim().split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return Err(if v.trim().is_empty() {
            Msg::key("error.required")
        } else {
            bad()
        });
    };
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<i64>(), m.parse::<i64>(), d.parse::<i64>()) else {
        return Err(bad());
    };
    // X.509 times: UTCTime up to 2049, GeneralizedTime after; before 1950 is not representable
    if !(1950..=9999).contains(&y) || !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) {
        return Err(bad());
    }
    Ok(days_from_civil(y, m, d) * 86_400)
}

/// Unix seconds to `YYYY-MM-DD` (UTC).
pub fn unix_to_date(t: i64) -> String {
    let (y, m, d) = civil_from_days(t.div_euclid(86_400));
    format!("{y:04}-{m:02}-{d:02}")
}

/// Unix seconds to `YYYY-MM-DD HH:MM UTC`.
pub fn unix_to_datetime(t: i64) -> String {
    let s = t.rem_euclid(86_400);
    format!(
        "{} {:02}:{:02} UTC",
        unix_to_date(t),
        s / 3600,
        (s % 3600) / 60
    )
}
