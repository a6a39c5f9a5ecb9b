//! `tlsim replay`: check a real TLS 1.2 RSA session from its handshake messages.
//!
//! 1. read one handshake message per line (hex, 4-byte header), check each header's length and
//!    decode the message with the core's codec;
//! 2. ClientHello/ServerHello: randoms, the suite, and whether both sent extended_master_secret;
//! 3. ClientKeyExchange: RSA PKCS#1 v1.5-decrypt the 48-byte pre-master with the server's key;
//! 4. master secret: RFC 5246 §8.1, or RFC 7627 §4 with session_hash = SHA-256(messages up to and
//!    including ClientKeyExchange);
//! 5. verify_data = PRF(master_secret, "client finished" | "server finished", SHA-256(messages
//!    before that Finished))[0..12], compared with both Finished messages.

use rsa::{Pkcs1v15Encrypt, RsaPrivateKey};
use serde::Serialize;
use sha2::{Digest, Sha256};
use tlsim_core::codec::Codec;
use tlsim_core::msgs::HandshakeMessage;
use tlsim_core::prf::prf;

/// A problem with the input, naming the line (1-based) when there is one.
#[derive(Debug, PartialEq, Eq)]
pub struct InputError {
    /// The line of the messages file, if the problem is on one line.
    pub line: Option<usize>,
    /// What is wrong.
    pub problem: String,
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(l) => write!(f, "line {l}: {}", self.problem),
            None => write!(f, "{}", self.problem),
        }
    }
}

fn at(line: usize, problem: impl Into<String>) -> InputError {
    InputError {
        line: Some(line),
        problem: problem.into(),
    }
}

/// What the replay found.
#[derive(Debug, Serialize)]
pub struct Report {
    /// The messages, in order: "line N: Name (len bytes)".
    pub messages: Vec<String>,
    /// The negotiated suite, `0x009c`.
    pub cipher_suite: String,
    /// Its IANA name.
    pub cipher_suite_name: String,
    /// Did both hellos carry extended_master_secret?
    pub extended_master_secret: bool,
    /// ClientHello.random.
    pub client_random: String,
    /// ServerHello.random.
    pub server_random: String,
    /// The decrypted pre-master secret.
    pub pre_master_secret: String,
    /// SHA-256 of the messages through ClientKeyExchange (EMS only).
    pub session_hash: Option<String>,
    /// The 48-byte master secret.
    pub master_secret: String,
    /// The formula used for the master secret.
    pub master_secret_formula: String,
    /// The verify_data computed for the client.
    pub client_verify_data_expected: String,
    /// The client's Finished as found in the file.
    pub client_verify_data: String,
    /// Did the client's Finished verify?
    pub client_finished_ok: bool,
    /// The verify_data computed for the server.
    pub server_verify_data_expected: String,
    /// The server's Finished as found in the file.
    pub server_verify_data: String,
    /// Did the server's Finished verify?
    pub server_finished_ok: bool,
    /// An NSS key log line for Wireshark.
    pub keylog: String,
}

/// One handshake message from the file.
struct Msg {
    line: usize,
    typ: u8,
    raw: Vec<u8>,
}

impl Msg {
    fn body(&self) -> &[u8] {
        &self.raw[4..]
    }
}

fn type_name(t: u8) -> &'static str {
    match t {
        0 => "HelloRequest",
        1 => "ClientHello",
        2 => "ServerHello",
        4 => "NewSessionTicket",
        11 => "Certificate",
        12 => "ServerKeyExchange",
        13 => "CertificateRequest",
        14 => "ServerHelloDone",
        15 => "CertificateVerify",
        16 => "ClientKeyExchange",
        20 => "Finished",
        22 => "CertificateStatus",
        _ => "unknown",
    }
}

fn suite_name(s: u16) -> Option<&'static str> {
    // RSA key exchange suites whose PRF is SHA-256 (every TLS 1.2 suite without SHA384).
    Some(match s {
        0x009c => "TLS_RSA_WITH_AES_128_GCM_SHA256",
        0x002f => "TLS_RSA_WITH_AES_128_CBC_SHA",
        0x0035 => "TLS_RSA_WITH_AES_256_CBC_SHA",
        0x003c => "TLS_RSA_WITH_AES_128_CBC_SHA256",
        0x003d => "TLS_RSA_WITH_AES_256_CBC_SHA256",
        0x000a => "TLS_RSA_WITH_3DES_EDE_CBC_SHA",
        _ => return None,
    })
}

/// A cursor over one message body that names the line and field on error.
struct Cur<'a> {
    b: &'a [u8],
    line: usize,
    msg: &'static str,
}

impl<'a> Cur<'a> {
    fn take(&mut self, n: usize, field: &str) -> Result<&'a [u8], InputError> {
        if self.b.len() < n {
            return Err(at(
                self.line,
                format!(
                    "{}.{field}: needed {n} bytes, {} left",
                    self.msg,
                    self.b.len()
                ),
            ));
        }
        let (h, t) = self.b.split_at(n);
        self.b = t;
        Ok(h)
    }
    fn u8(&mut self, field: &str) -> Result<usize, InputError> {
        Ok(self.take(1, field)?[0] as usize)
    }
    fn u16(&mut self, field: &str) -> Result<usize, InputError> {
        let b = self.take(2, field)?;
        Ok(u16::from_be_bytes([b[0], b[1]]) as usize)
    }
    fn vec8(&mut self, field: &str) -> Result<&'a [u8], InputError> {
        let n = self.u8(field)?;
        self.take(n, field)
    }
    fn vec16(&mut self, field: &str) -> Result<&'a [u8], InputError> {
        let n = self.u16(field)?;
        self.take(n, field)
    }
    /// Extension types present (the extensions block is optional in both hellos).
    fn extensions(&mut self) -> Result<Vec<u16>, InputError> {
        if self.b.is_empty() {
            return Ok(Vec::new());
        }
        let block = self.vec16("extensions")?;
        let mut c = Cur {
            b: block,
            line: self.line,
            msg: self.msg,
        };
        let mut out = Vec::new();
        while !c.b.is_empty() {
            out.push(c.u16("extension type")? as u16);
            c.vec16("extension data")?;
        }
        self.end()?;
        Ok(out)
    }
    fn end(&self) -> Result<(), InputError> {
        if self.b.is_empty() {
            Ok(())
        } else {
            Err(at(
                self.line,
                format!("{}: {} trailing bytes", self.msg, self.b.len()),
            ))
        }
    }
}

/// Parse the messages file into handshake messages.
fn read_messages(text: &str) -> Result<Vec<Msg>, InputError> {
    let mut out = Vec::new();
    for (i, raw_line) in text.lines().enumerate() {
        let line = i + 1;
        let content = raw_line.split('#').next().unwrap_or_default();
        let hex: String = content
            .chars()
            .filter(|c| !c.is_whitespace() && *c != ':')
            .collect();
        if hex.is_empty() {
            continue;
        }
        let raw = hex::decode(&hex).map_err(|e| at(line, format!("not hex: {e}")))?;
        if raw.len() < 4 {
            return Err(at(
                line,
                format!(
                    "{} bytes: shorter than the 4-byte handshake header",
                    raw.len()
                ),
            ));
        }
        let len = u32::from_be_bytes([0, raw[1], raw[2], raw[3]]) as usize;
        if len != raw.len() - 4 {
            return Err(at(
                line,
                format!(
                    "{} header says {len} body bytes, the line holds {} after the header",
                    type_name(raw[0]),
                    raw.len() - 4
                ),
            ));
        }
        if type_name(raw[0]) == "unknown" {
            return Err(at(line, format!("unknown handshake type {}", raw[0])));
        }
        // Decode the whole message with the core's codec (every field, no trailing bytes).
        HandshakeMessage::from_bytes(&raw).map_err(|e| at(line, e.to_string()))?;
        out.push(Msg {
            line,
            typ: raw[0],
            raw,
        });
    }
    Ok(out)
}

/// Check a session; `Err` for bad input (exit 2), `Ok` with the verdicts otherwise.
pub fn replay(text: &str, key: &RsaPrivateKey) -> Result<Report, InputError> {
    // 1. the messages
    let msgs = read_messages(text)?;
    let messages = msgs
        .iter()
        .map(|m| {
            format!(
                "line {}: {} ({} bytes)",
                m.line,
                type_name(m.typ),
                m.raw.len()
            )
        })
        .collect();
    let first = msgs.first().ok_or(InputError {
        line: None,
        problem: "no handshake messages in the file".into(),
    })?;
    if first.typ != 1 {
        return Err(at(
            first.line,
            format!(
                "the first message must be ClientHello, got {}",
                type_name(first.typ)
            ),
        ));
    }
    // 2. the hellos
    let mut c = Cur {
        b: first.body(),
        line: first.line,
        msg: "ClientHello",
    };
    let client_version = c.take(2, "client_version")?.to_vec();
    let client_random = c.take(32, "random")?.to_vec();
    c.vec8("session_id")?;
    c.vec16("cipher_suites")?;
    c.vec8("compression_methods")?;
    let client_exts = c.extensions()?;
    let sh = msgs.get(1).filter(|m| m.typ == 2).ok_or_else(|| {
        let l = msgs.get(1).map_or(first.line, |m| m.line);
        at(l, "the second message must be ServerHello")
    })?;
    let mut c = Cur {
        b: sh.body(),
        line: sh.line,
        msg: "ServerHello",
    };
    let version = c.take(2, "server_version")?;
    if version != [3, 3] {
        return Err(at(
            sh.line,
            format!(
                "server_version {}: not TLS 1.2 (0303)",
                hex::encode(version)
            ),
        ));
    }
    let server_random = c.take(32, "random")?.to_vec();
    c.vec8("session_id")?;
    let suite = c.u16("cipher_suite")? as u16;
    c.u8("compression_method")?;
    let server_exts = c.extensions()?;
    let suite_name = suite_name(suite).ok_or_else(|| {
        at(
            sh.line,
            format!("cipher suite 0x{suite:04x} is not an RSA-key-exchange suite with the SHA-256 PRF (e.g. 0x009c)"),
        )
    })?;
    if let Some(m) = msgs.iter().find(|m| m.typ == 12) {
        return Err(at(
            m.line,
            "ServerKeyExchange: this is not RSA key exchange",
        ));
    }
    let ems = client_exts.contains(&0x0017) && server_exts.contains(&0x0017);

    // 3. the pre-master
    let cke_i = msgs.iter().position(|m| m.typ == 16).ok_or(InputError {
        line: None,
        problem: "no ClientKeyExchange (an abbreviated handshake cannot be replayed)".into(),
    })?;
    let cke = &msgs[cke_i];
    let mut c = Cur {
        b: cke.body(),
        line: cke.line,
        msg: "ClientKeyExchange",
    };
    let enc = c.vec16("EncryptedPreMasterSecret")?;
    c.end()?;
    let pms = key.decrypt(Pkcs1v15Encrypt, enc).map_err(|e| {
        at(
            cke.line,
            format!("cannot decrypt the pre-master with this key ({e}): is it the server's key?"),
        )
    })?;
    if pms.len() != 48 {
        return Err(at(
            cke.line,
            format!("the pre-master is {} bytes, not 48", pms.len()),
        ));
    }
    if pms[..2] != client_version[..] {
        return Err(at(
            cke.line,
            format!(
                "the pre-master starts with {}, not ClientHello.client_version {}",
                hex::encode(&pms[..2]),
                hex::encode(&client_version)
            ),
        ));
    }

    // 4. the master secret
    let transcript = |upto: usize| -> Vec<u8> {
        let mut h = Sha256::new();
        for m in &msgs[..upto] {
            h.update(&m.raw);
        }
        h.finalize().to_vec()
    };
    let (master, formula, session_hash) = if ems {
        let sh = transcript(cke_i + 1);
        let ms = prf(&pms, "extended master secret", &sh, 48);
        (
            ms,
            "PRF(pre_master_secret, \"extended master secret\", session_hash)[0..48]",
            Some(hex::encode(&sh)),
        )
    } else {
        let seed = [client_random.as_slice(), server_random.as_slice()].concat();
        let ms = prf(&pms, "master secret", &seed, 48);
        (
            ms,
            "PRF(pre_master_secret, \"master secret\", client_random + server_random)[0..48]",
            None,
        )
    };

    // 5. the two Finished messages
    let fins: Vec<usize> = msgs
        .iter()
        .enumerate()
        .filter(|(_, m)| m.typ == 20)
        .map(|(i, _)| i)
        .collect();
    let last = msgs.last().map_or(0, |m| m.line);
    let (Some(&cf), Some(&sf)) = (fins.first(), fins.get(1)) else {
        return Err(InputError {
            line: None,
            problem: format!(
                "expected two Finished messages (client, then server), found {}; last line {last}",
                fins.len()
            ),
        });
    };
    if cf < cke_i {
        return Err(at(msgs[cf].line, "Finished before ClientKeyExchange"));
    }
    let check = |i: usize, label: &str| -> Result<(Vec<u8>, Vec<u8>), InputError> {
        let m = &msgs[i];
        if m.body().len() != 12 {
            return Err(at(m.line, format!("Finished holds {} bytes, verify_data is 12 (encrypted? give the decrypted message)", m.body().len())));
        }
        Ok((prf(&master, label, &transcript(i), 12), m.body().to_vec()))
    };
    let (cexp, cgot) = check(cf, "client finished")?;
    let (sexp, sgot) = check(sf, "server finished")?;
    Ok(Report {
        messages,
        cipher_suite: format!("0x{suite:04x}"),
        cipher_suite_name: suite_name.into(),
        extended_master_secret: ems,
        client_random: hex::encode(&client_random),
        server_random: hex::encode(&server_random),
        pre_master_secret: hex::encode(&pms),
        session_hash,
        keylog: format!(
            "CLIENT_RANDOM {} {}",
            hex::encode(&client_random),
            hex::encode(&master)
        ),
        master_secret: hex::encode(&master),
        master_secret_formula: formula.into(),
        client_finished_ok: cexp == cgot,
        client_verify_data_expected: hex::encode(cexp),
        client_verify_data: hex::encode(cgot),
        server_finished_ok: sexp == sgot,
        server_verify_data_expected: hex::encode(sexp),
        server_verify_data: hex::encode(sgot),
    })
}

/// The report as text.
pub fn report_text(r: &Report, _lang: tlsim_text::Lang) -> String {
    let mut o = String::new();
    o.push_str("Handshake messages:\n");
    for m in &r.messages {
        o.push_str(&format!("  {m}\n"));
    }
    let ok = |b: bool| if b { "OK" } else { "MISMATCH" };
    o.push_str(&format!(
        "cipher_suite            {} {}\nextended_master_secret  {}\nclient_random           {}\nserver_random           {}\npre_master_secret       {}\n",
        r.cipher_suite, r.cipher_suite_name, r.extended_master_secret, r.client_random, r.server_random, r.pre_master_secret
    ));
    if let Some(h) = &r.session_hash {
        o.push_str(&format!("session_hash            {h}\n"));
    }
    o.push_str(&format!(
        "master_secret           {}\n  = {}\nclient Finished         expected {} got {}: {}\nserver Finished         expected {} got {}: {}\n",
        r.master_secret,
        r.master_secret_formula,
        r.client_verify_data_expected,
        r.client_verify_data,
        ok(r.client_finished_ok),
        r.server_verify_data_expected,
        r.server_verify_data,
        ok(r.server_finished_ok)
    ));
    o
}

/// An input error in `lang`.
pub fn error_text(_lang: tlsim_text::Lang, e: &InputError) -> String {
    e.to_string()
}
