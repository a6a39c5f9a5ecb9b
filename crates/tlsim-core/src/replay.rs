//! Replaying a recorded TLS 1.2 session: from the handshake messages a real client printed (e.g.
//! `openssl s_client -msg`) and either the server's RSA private key (RSA key exchange) or an NSS
//! key log (any key exchange, DHE and ECDHE too), re-derive the session's secrets with this
//! engine's key schedule and check both Finished messages. Sans-IO: text in, [`Report`] out.
//!
//! The input holds one handshake message per line, in hex with its 4-byte header, in wire order,
//! the Finished messages in the clear; `#` starts a comment, spaces and colons are ignored.
//!
//! 1. read every line and decode its message with the core's codec ([`HandshakeMessage`]);
//! 2. ClientHello, then ServerHello: the randoms, the suite (RSA key exchange, SHA-256 PRF), and
//!    whether both hellos carry extended_master_secret (RFC 7627);
//! 3. ClientKeyExchange: RSA PKCS#1 v1.5-decrypt the 48-byte pre-master with the server's key;
//!    for DHE and ECDHE the server's key cannot (forward secrecy): the key log's master secret
//!    is taken instead, and the ServerKeyExchange signature is checked under the certificate's key;
//! 4. the master secret, by [`Secrets::derive`]: RFC 5246 §8.1, or RFC 7627 §4 with
//!    session_hash = SHA-256(the messages up to and including ClientKeyExchange); or the key log's
//!    CLIENT_RANDOM line for this client random (proven by the Finished checks that follow);
//! 5. verify_data, by [`Secrets::verify_data`], over the messages before each Finished (a
//!    NewSessionTicket before the server's Finished included), compared with both Finished.

use crate::codec::Codec;
use crate::error::Error;
use crate::keys::Secrets;
use crate::kx::KxAlg;
use crate::msg::{Hex, Msg, ReplayMsg, Suite, Version};
use crate::msgs::enums::TLS12;
use crate::msgs::{
    CipherSuite, ClientHello, ExtensionType, HandshakeMessage, HandshakePayload, HandshakeType,
    ServerHello, ServerKeyExchange,
};
use crate::tls13::replay::{finished_msg, line_bytes};
use crate::vocab::ValueId;
use crate::{pki, sigalg};
use rsa::{Pkcs1v15Encrypt, RsaPrivateKey};
use serde::{Deserialize, Serialize};

/// The suites a replay can re-derive: the TLS 1.2 PRF on SHA-256 (every such suite without
/// SHA384), RSA key exchange, and DHE_RSA / ECDHE_RSA with a key log. Their names come from [`CipherSuite`].
pub const REPLAYABLE: &[CipherSuite] = &[
    CipherSuite::TlsRsaWithAes128GcmSha256,
    CipherSuite::TlsDheRsaWithAes128GcmSha256,
    CipherSuite::TlsEcdheRsaWithAes128GcmSha256,
    CipherSuite::TlsRsaWithAes128CbcSha,
    CipherSuite::TlsRsaWithAes256CbcSha,
    CipherSuite::TlsRsaWithAes128CbcSha256,
    CipherSuite::TlsRsaWithAes256CbcSha256,
    CipherSuite::TlsRsaWith3desEdeCbcSha,
];

/// What the replay found. Hex is lowercase; the field names are the JSON's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// The messages, in order, one [`ReplayMsg::Message`] each (line, wire name, length).
    pub messages: Vec<Msg>,
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
    /// The key exchange: `rsa`, `dhe` or `ecdhe`.
    pub key_exchange: String,
    /// The decrypted pre-master secret (RSA with the server's key; `None` from a key log).
    pub pre_master_secret: Option<String>,
    /// DHE / ECDHE: does the ServerKeyExchange signature verify under the certificate's key?
    pub server_key_exchange_ok: Option<bool>,
    /// SHA-256 of the messages through ClientKeyExchange (EMS only).
    pub session_hash: Option<String>,
    /// The 48-byte master secret.
    pub master_secret: String,
    /// The formula used for the master secret (the key schedule's, RFC notation).
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
    /// Was it an abbreviated handshake (a resumed session, issue 14)?
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub resumed: bool,
    /// An NSS key log line for Wireshark.
    pub keylog: String,
}

impl Report {
    /// Did both Finished (and a ServerKeyExchange signature) verify?
    pub fn verified(&self) -> bool {
        self.client_finished_ok
            && self.server_finished_ok
            && self.server_key_exchange_ok != Some(false)
    }

    /// The client's Finished: computed and received verify_data, and whether they match.
    pub fn client_finished(&self) -> Msg {
        finished_msg(
            self.client_finished_ok,
            &self.client_verify_data_expected,
            &self.client_verify_data,
        )
    }

    /// The server's Finished: computed and received verify_data, and whether they match.
    pub fn server_finished(&self) -> Msg {
        finished_msg(
            self.server_finished_ok,
            &self.server_verify_data_expected,
            &self.server_verify_data,
        )
    }

    /// The verdict: both Finished verify, or not.
    pub fn verdict(&self) -> Msg {
        if self.verified() {
            ReplayMsg::Verified {}.into()
        } else {
            ReplayMsg::NotVerified {}.into()
        }
    }
}

/// One handshake message of the file: its line, its bytes (header included) and its decoding.
struct Line {
    line: usize,
    raw: Vec<u8>,
    msg: HandshakeMessage,
}

impl Line {
    fn typ(&self) -> HandshakeType {
        self.msg.payload.typ()
    }
}

/// 1. Every line that holds hex, decoded by the codec; comments, spaces and colons dropped.
fn read_lines(text: &str) -> Result<Vec<Line>, Error> {
    let mut out = Vec::new();
    for (i, content) in text.lines().enumerate() {
        let line = i + 1;
        let Some(raw) = line_bytes(line, content)? else {
            continue;
        };
        if raw.len() < 4 {
            return Err(Error::input(ReplayMsg::ShorterThanHeader {
                line,
                len: raw.len(),
            }));
        }
        let typ = HandshakeType::from_value(raw[0]);
        if let HandshakeType::Unknown(typ) = typ {
            return Err(Error::UnexpectedMessage(
                ReplayMsg::UnknownType { line, typ }.into(),
            ));
        }
        let header = u32::from_be_bytes([0, raw[1], raw[2], raw[3]]) as usize;
        if header != raw.len() - 4 {
            return Err(Error::Decode(
                ReplayMsg::LengthMismatch {
                    line,
                    name: typ.name(),
                    header,
                    body: raw.len() - 4,
                }
                .into(),
            ));
        }
        let msg = HandshakeMessage::from_bytes(&raw).map_err(|e| {
            Error::Decode(
                ReplayMsg::Undecodable {
                    line,
                    name: typ.name(),
                    reason: Box::new(e.reason()),
                }
                .into(),
            )
        })?;
        out.push(Line { line, raw, msg });
    }
    Ok(out)
}

fn out_of_order(l: &Line, expected: HandshakeType) -> Error {
    Error::UnexpectedMessage(
        ReplayMsg::OutOfOrder {
            line: l.line,
            expected: expected.name(),
            got: l.typ().name(),
        }
        .into(),
    )
}

/// The bytes of the messages `lines`, concatenated (headers included): what a transcript hash
/// covers.
fn transcript(lines: &[Line]) -> Vec<u8> {
    lines.iter().flat_map(|l| l.raw.iter().copied()).collect()
}

/// What opens a recorded session.
#[derive(Clone, Copy, Debug)]
pub enum Secret<'a> {
    /// The server's RSA private key: RSA key exchange only.
    ServerKey(&'a RsaPrivateKey),
    /// An NSS key log (`CLIENT_RANDOM <client_random> <master_secret>` lines): any key exchange.
    KeyLog(&'a str),
}

/// Replay a session: `text` is the messages file, `key` the server's RSA private key. See
/// [`replay_with`].
pub fn replay(text: &str, key: &RsaPrivateKey) -> Result<Report, Error> {
    replay_with(text, Secret::ServerKey(key))
}

/// The master secret a key log holds for `client_random`.
fn keylog_master(log: &str, client_random: &[u8; 32]) -> Result<[u8; 48], Error> {
    let want = hex::encode(client_random);
    for (i, l) in log.lines().enumerate() {
        let mut parts = l.split_whitespace();
        if parts.next() != Some("CLIENT_RANDOM") {
            continue;
        }
        let (Some(cr), Some(ms)) = (parts.next(), parts.next()) else {
            return Err(Error::input(ReplayMsg::KeyLogLine { line: i + 1 }));
        };
        if !cr.eq_ignore_ascii_case(&want) {
            continue;
        }
        let mut out = [0u8; 48];
        hex::decode_to_slice(ms, &mut out)
            .map_err(|_| Error::input(ReplayMsg::KeyLogLine { line: i + 1 }))?;
        return Ok(out);
    }
    Err(Error::input(ReplayMsg::NoKeyLogEntry {
        client_random: Hex(client_random.to_vec()),
    }))
}

/// Replay a session: `text` is the messages file, `secret` what opens it. `Err` for input that is
/// not one TLS 1.2 session this engine can re-derive (its reason names the line); `Ok` with both
/// Finished verdicts otherwise.
pub fn replay_with(text: &str, secret: Secret<'_>) -> Result<Report, Error> {
    // 1. the messages
    let lines = read_lines(text)?;
    let messages = lines
        .iter()
        .map(|l| {
            ReplayMsg::Message {
                line: l.line,
                name: l.typ().name(),
                len: l.raw.len(),
            }
            .into()
        })
        .collect();

    // 2. the hellos
    let first = lines
        .first()
        .ok_or_else(|| Error::input(ReplayMsg::NoMessages {}))?;
    let HandshakePayload::ClientHello(ch) = &first.msg.payload else {
        return Err(out_of_order(first, HandshakeType::ClientHello));
    };
    let second = lines
        .get(1)
        .ok_or_else(|| Error::input(ReplayMsg::NoServerHello {}))?;
    let HandshakePayload::ServerHello(sh) = &second.msg.payload else {
        return Err(out_of_order(second, HandshakeType::ServerHello));
    };
    if sh.server_version != TLS12 {
        return Err(Error::ProtocolVersion(
            ReplayMsg::NotTls12 {
                line: second.line,
                version: Version(sh.server_version),
            }
            .into(),
        ));
    }
    if !REPLAYABLE.contains(&sh.cipher_suite) {
        return Err(Error::HandshakeFailure(
            ReplayMsg::SuiteNotReplayable {
                line: second.line,
                suite: Suite(sh.cipher_suite.get()),
            }
            .into(),
        ));
    }
    let kx = KxAlg::of(sh.cipher_suite).unwrap_or(KxAlg::Rsa);
    let ske = lines
        .iter()
        .find(|l| l.typ() == HandshakeType::ServerKeyExchange);
    if let (Some(l), KxAlg::Rsa) = (ske, kx) {
        return Err(out_of_order(l, HandshakeType::ServerHelloDone));
    }
    let ems =
        ch.has(ExtensionType::ExtendedMasterSecret) && sh.has(ExtensionType::ExtendedMasterSecret);
    // An abbreviated handshake (RFC 5246 §7.3): the server echoed the offered session ID and no
    // key exchange follows.
    let abbreviated = !ch.session_id.is_empty()
        && sh.session_id == ch.session_id
        && !lines.iter().any(|l| {
            matches!(
                l.typ(),
                HandshakeType::Certificate | HandshakeType::ClientKeyExchange
            )
        });
    if abbreviated {
        return replay_resumed(&lines, messages, ch, sh, ems, secret);
    }

    // 3. the key exchange
    let (cke_i, cke) = lines
        .iter()
        .enumerate()
        .find(|(_, l)| l.typ() == HandshakeType::ClientKeyExchange)
        .ok_or_else(|| Error::input(ReplayMsg::NoClientKeyExchange {}))?;
    // DHE / ECDHE: the server's signature over its parameters, under the certificate's key.
    let server_key_exchange_ok = match ske.map(|l| &l.msg.payload) {
        Some(HandshakePayload::ServerKeyExchange(ske)) => Some(ske_verifies(&lines, ch, sh, ske)),
        _ => None,
    };
    let pre_master = match (secret, kx) {
        (Secret::ServerKey(key), KxAlg::Rsa) => {
            let HandshakePayload::ClientKeyExchange(c) = &cke.msg.payload else {
                return Err(out_of_order(cke, HandshakeType::ClientKeyExchange));
            };
            Some(decrypt_pre_master(
                key,
                cke.line,
                ch.client_version,
                &c.encrypted_pre_master,
            )?)
        }
        (Secret::ServerKey(_), _) => {
            let line = ske.map_or(cke.line, |l| l.line);
            return Err(Error::HandshakeFailure(
                ReplayMsg::NotRsaKeyExchange { line }.into(),
            ));
        }
        (Secret::KeyLog(_), _) => None,
    };

    // 4. the master secret: the engine's own key schedule, or the key log's
    let (secrets, master_secret_formula, session_hash) = match (&pre_master, secret) {
        (Some(pms), _) => {
            let (secrets, derived) = Secrets::derive(
                pms,
                &ch.random,
                &sh.random,
                ems,
                &transcript(&lines[..=cke_i]),
            );
            let value = |id: ValueId| derived.iter().find(|d| d.name == id);
            let formula = value(ValueId::MasterSecret)
                .map(|d| d.formula.clone())
                .unwrap_or_default();
            let hash = value(ValueId::SessionHash).map(|d| hex::encode(&d.value));
            (secrets, formula, hash)
        }
        (None, Secret::KeyLog(log)) => {
            let master = keylog_master(log, &ch.random)?;
            let formula = format!("CLIENT_RANDOM {} (key log)", hex::encode(ch.random));
            (
                Secrets::from_master(master, &ch.random, &sh.random),
                formula,
                None,
            )
        }
        (None, Secret::ServerKey(_)) => {
            return Err(Error::Internal(ReplayMsg::NoClientKeyExchange {}.into()))
        }
    };

    // 5. the two Finished messages
    let fins: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.typ() == HandshakeType::Finished)
        .map(|(i, _)| i)
        .collect();
    let (Some(&cf), Some(&sf)) = (fins.first(), fins.get(1)) else {
        return Err(Error::input(ReplayMsg::FinishedCount {
            count: fins.len(),
            last_line: lines.last().map_or(0, |l| l.line),
        }));
    };
    if cf < cke_i {
        return Err(Error::UnexpectedMessage(
            ReplayMsg::FinishedBeforeKeyExchange {
                line: lines[cf].line,
            }
            .into(),
        ));
    }
    let (cexp, cgot) = finished_at(&lines, cf, &secrets, true)?;
    let (sexp, sgot) = finished_at(&lines, sf, &secrets, false)?;
    Ok(Report {
        messages,
        cipher_suite: format!("0x{:04x}", sh.cipher_suite.get()),
        cipher_suite_name: sh.cipher_suite.name(),
        extended_master_secret: ems,
        client_random: hex::encode(ch.random),
        server_random: hex::encode(sh.random),
        key_exchange: kx.name().into(),
        pre_master_secret: pre_master.as_ref().map(hex::encode),
        server_key_exchange_ok,
        session_hash,
        keylog: format!(
            "CLIENT_RANDOM {} {}",
            hex::encode(ch.random),
            hex::encode(secrets.master)
        ),
        master_secret: hex::encode(secrets.master),
        master_secret_formula,
        client_finished_ok: cexp[..] == cgot[..],
        client_verify_data_expected: hex::encode(cexp),
        client_verify_data: hex::encode(cgot),
        server_finished_ok: sexp[..] == sgot[..],
        server_verify_data_expected: hex::encode(sexp),
        server_verify_data: hex::encode(sgot),
        resumed: false,
    })
}

/// Every master secret in a key log.
fn keylog_masters(log: &str) -> Vec<[u8; 48]> {
    log.lines()
        .filter_map(|l| {
            let mut parts = l.split_whitespace();
            (parts.next() == Some("CLIENT_RANDOM")).then_some(())?;
            let mut out = [0u8; 48];
            hex::decode_to_slice(parts.nth(1)?, &mut out).ok()?;
            Some(out)
        })
        .collect()
}

/// The Finished on `lines[i]`: (verify_data computed over the messages before it, received).
fn finished_at(
    lines: &[Line],
    i: usize,
    secrets: &Secrets,
    client: bool,
) -> Result<([u8; 12], Vec<u8>), Error> {
    let l = &lines[i];
    let HandshakePayload::Finished(f) = &l.msg.payload else {
        return Err(out_of_order(l, HandshakeType::Finished));
    };
    if f.verify_data.len() != 12 {
        return Err(Error::Decode(
            ReplayMsg::FinishedLength {
                line: l.line,
                len: f.verify_data.len(),
            }
            .into(),
        ));
    }
    let (computed, _) = secrets.verify_data(client, &transcript(&lines[..i]));
    Ok((computed, f.verify_data.clone()))
}

/// A resumed session (issue 14): ClientHello, ServerHello echoing the session ID, [a new
/// ticket], the server's Finished, then the client's. The master secret is the first session's:
/// the key log's line for this client random, or else any of its lines (the first session's), the
/// one whose server Finished verifies.
fn replay_resumed(
    lines: &[Line],
    messages: Vec<Msg>,
    ch: &ClientHello,
    sh: &ServerHello,
    ems: bool,
    secret: Secret<'_>,
) -> Result<Report, Error> {
    let Secret::KeyLog(log) = secret else {
        return Err(Error::HandshakeFailure(
            ReplayMsg::ResumedNeedsKeyLog {}.into(),
        ));
    };
    let fins: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.typ() == HandshakeType::Finished)
        .map(|(i, _)| i)
        .collect();
    let (Some(&sf), Some(&cf)) = (fins.first(), fins.get(1)) else {
        return Err(Error::input(ReplayMsg::FinishedCount {
            count: fins.len(),
            last_line: lines.last().map_or(0, |l| l.line),
        }));
    };
    let candidates = match keylog_master(log, &ch.random) {
        Ok(m) => vec![m],
        Err(e) => {
            let all = keylog_masters(log);
            if all.is_empty() {
                return Err(e);
            }
            all
        }
    };
    let secrets_of = |m: &[u8; 48]| Secrets::from_master(*m, &ch.random, &sh.random);
    let mut chosen = secrets_of(&candidates[0]);
    for m in &candidates {
        let s = secrets_of(m);
        let (exp, got) = finished_at(lines, sf, &s, false)?;
        if exp[..] == got[..] {
            chosen = s;
            break;
        }
    }
    let (sexp, sgot) = finished_at(lines, sf, &chosen, false)?;
    let (cexp, cgot) = finished_at(lines, cf, &chosen, true)?;
    Ok(Report {
        messages,
        cipher_suite: format!("0x{:04x}", sh.cipher_suite.get()),
        cipher_suite_name: sh.cipher_suite.name(),
        extended_master_secret: ems,
        client_random: hex::encode(ch.random),
        server_random: hex::encode(sh.random),
        key_exchange: "resumed".into(),
        pre_master_secret: None,
        server_key_exchange_ok: None,
        session_hash: None,
        keylog: format!(
            "CLIENT_RANDOM {} {}",
            hex::encode(ch.random),
            hex::encode(chosen.master)
        ),
        master_secret: hex::encode(chosen.master),
        master_secret_formula: "the resumed session's master secret (key log)".into(),
        client_finished_ok: cexp[..] == cgot[..],
        client_verify_data_expected: hex::encode(cexp),
        client_verify_data: hex::encode(cgot),
        server_finished_ok: sexp[..] == sgot[..],
        server_verify_data_expected: hex::encode(sexp),
        server_verify_data: hex::encode(sgot),
        resumed: true,
    })
}

/// RSA key exchange: the pre-master from the ClientKeyExchange on `line`.
fn decrypt_pre_master(
    key: &RsaPrivateKey,
    line: usize,
    client_version: u16,
    encrypted: &[u8],
) -> Result<Vec<u8>, Error> {
    let decrypt_error = |m: ReplayMsg| Error::DecryptError(m.into());
    let pms = key
        .decrypt(Pkcs1v15Encrypt, encrypted)
        .map_err(|_| decrypt_error(ReplayMsg::PreMasterUndecryptable { line }))?;
    if pms.len() != 48 {
        return Err(decrypt_error(ReplayMsg::PreMasterLength {
            line,
            len: pms.len(),
        }));
    }
    let offered = client_version.to_be_bytes();
    if pms[..2] != offered {
        return Err(decrypt_error(ReplayMsg::PreMasterVersion {
            line,
            got: Hex(pms[..2].to_vec()),
            offered: Hex(offered.to_vec()),
        }));
    }
    Ok(pms)
}

/// Does the ServerKeyExchange signature verify under the key of the server's certificate (the
/// first in its Certificate message)?
fn ske_verifies(
    lines: &[Line],
    ch: &ClientHello,
    sh: &ServerHello,
    ske: &ServerKeyExchange,
) -> bool {
    let key = lines.iter().find_map(|l| match &l.msg.payload {
        HandshakePayload::Certificate(c) => c
            .chain
            .first()
            .and_then(|d| pki::cert_public_key_der(d).ok()),
        _ => None,
    });
    key.is_some_and(|k| {
        let signed = ServerKeyExchange::signed_data(&ch.random, &sh.random, &ske.params);
        sigalg::verify(&k, ske.algorithm, &signed, &ske.signature)
    })
}
