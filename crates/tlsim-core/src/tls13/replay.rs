//! Replaying a recorded TLS 1.3 session (RFC 8446): from the handshake messages a real client
//! printed in the clear (`openssl s_client -tls1_3 -msg` prints them after decryption) and the
//! NSS key log it wrote (`-keylogfile`), check both Finished messages with this engine's key
//! schedule. Sans-IO: text in, [`Report13`] out.
//!
//! 1. read every line (hex, the 4-byte header included) and decode it with the TLS 1.3 codec;
//! 2. ClientHello, then ServerHello selecting TLS 1.3; after a HelloRetryRequest the transcript
//!    restarts as message_hash(ClientHello1) || HelloRetryRequest (RFC 8446 §4.4.1), and the
//!    second ClientHello and the ServerHello follow;
//! 3. the key log's CLIENT_ and SERVER_HANDSHAKE_TRAFFIC_SECRET for ClientHello.random;
//! 4. the server's Finished: HMAC(finished_key, Transcript-Hash(ClientHello..CertificateVerify)),
//!    finished_key = HKDF-Expand-Label(server_handshake_traffic_secret, "finished", "", 32);
//! 5. the client's Finished the same way over ClientHello..server Finished (and the client's
//!    Certificate and CertificateVerify when the server asked for them). What follows (a
//!    NewSessionTicket) is not part of the handshake's transcript.

use super::ext::{Extensions, KeyShare, SupportedVersions, TLS13};
use super::handshake::{handshake_type_name, Handshake13, Payload13};
use super::hello::TLS_AES_128_GCM_SHA256;
use super::hkdf::{self, Secret};
use super::key_schedule::{finished_key, transcript_hash, verify_data, Sender};
use super::keylog::{CLIENT_HANDSHAKE, SERVER_HANDSHAKE};
use crate::codec::Codec;
use crate::error::Error;
use crate::msg::{Hex, Msg, ReplayMsg, Suite, Version};
use crate::vocab::ValueId;
use serde::{Deserialize, Serialize};

/// What the replay of a TLS 1.3 session found. Hex is lowercase.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report13 {
    /// The messages, in order, one [`ReplayMsg::Message`] each.
    pub messages: Vec<Msg>,
    /// "TLS 1.3".
    pub version: String,
    /// The suite, `0x1301`.
    pub cipher_suite: String,
    /// Its name.
    pub cipher_suite_name: String,
    /// The key-exchange group of ServerHello's key_share.
    pub group: String,
    /// Did the server send a HelloRetryRequest?
    pub hello_retry_request: bool,
    /// ClientHello.random.
    pub client_random: String,
    /// ServerHello.random.
    pub server_random: String,
    /// From the key log.
    pub client_handshake_traffic_secret: String,
    /// From the key log.
    pub server_handshake_traffic_secret: String,
    /// The verify_data computed for the server.
    pub server_verify_data_expected: String,
    /// The server's Finished as found in the file.
    pub server_verify_data: String,
    /// Did the server's Finished verify?
    pub server_finished_ok: bool,
    /// The verify_data computed for the client.
    pub client_verify_data_expected: String,
    /// The client's Finished as found in the file.
    pub client_verify_data: String,
    /// Did the client's Finished verify?
    pub client_finished_ok: bool,
}

impl Report13 {
    /// Did both Finished verify?
    pub fn verified(&self) -> bool {
        self.client_finished_ok && self.server_finished_ok
    }

    /// The verdict.
    pub fn verdict(&self) -> Msg {
        if self.verified() {
            ReplayMsg::Verified {}.into()
        } else {
            ReplayMsg::NotVerified {}.into()
        }
    }

    /// The server's Finished: computed and received, and whether they match.
    pub fn server_finished(&self) -> Msg {
        finished_msg(
            self.server_finished_ok,
            &self.server_verify_data_expected,
            &self.server_verify_data,
        )
    }

    /// The client's Finished: computed and received, and whether they match.
    pub fn client_finished(&self) -> Msg {
        finished_msg(
            self.client_finished_ok,
            &self.client_verify_data_expected,
            &self.client_verify_data,
        )
    }
}

/// The note on a Finished check: the verify_data computed and received (this module's own
/// lowercase hex), equal or not. Shared with the TLS 1.2 replay.
pub(crate) fn finished_msg(ok: bool, computed: &str, received: &str) -> Msg {
    let computed = Hex(hex::decode(computed).unwrap_or_default());
    let received = Hex(hex::decode(received).unwrap_or_default());
    if ok {
        ReplayMsg::FinishedMatch { computed, received }.into()
    } else {
        ReplayMsg::FinishedMismatch { computed, received }.into()
    }
}

/// One message of the file.
struct Line {
    line: usize,
    raw: Vec<u8>,
    payload: Payload13,
}

/// The hex on a line (comments, spaces and colons dropped), or `None` for a line without.
pub(crate) fn line_bytes(line: usize, content: &str) -> Result<Option<Vec<u8>>, Error> {
    let digits: String = content
        .split('#')
        .next()
        .unwrap_or_default()
        .chars()
        .filter(|c| !c.is_whitespace() && *c != ':')
        .collect();
    if digits.is_empty() {
        return Ok(None);
    }
    hex::decode(&digits).map(Some).map_err(|e| {
        Error::input(match e {
            hex::FromHexError::OddLength => ReplayMsg::OddHexDigits {
                line,
                digits: digits.len(),
            },
            _ => ReplayMsg::NotHex { line },
        })
    })
}

/// Every line's message bytes, its header length checked.
fn raw_lines(text: &str) -> Result<Vec<(usize, Vec<u8>)>, Error> {
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
        let name = handshake_type_name(raw[0]);
        let header = u32::from_be_bytes([0, raw[1], raw[2], raw[3]]) as usize;
        if header != raw.len() - 4 {
            return Err(Error::Decode(
                ReplayMsg::LengthMismatch {
                    line,
                    name,
                    header,
                    body: raw.len() - 4,
                }
                .into(),
            ));
        }
        out.push((line, raw));
    }
    Ok(out)
}

/// The suite must be TLS_AES_128_GCM_SHA256 (checked on the ServerHello before the other
/// messages are decoded: another suite's Finished is not 32 bytes long).
fn check_suite(raw: &[(usize, Vec<u8>)]) -> Result<(), Error> {
    for (line, r) in raw.iter().skip(1) {
        if let Ok(m) = Handshake13::from_bytes(r) {
            if let Payload13::ServerHello(sh) = m.payload {
                if sh.cipher_suite.get() != TLS_AES_128_GCM_SHA256 {
                    return Err(Error::HandshakeFailure(
                        ReplayMsg::SuiteNotReplayable13 {
                            line: *line,
                            suite: Suite(sh.cipher_suite.get()),
                        }
                        .into(),
                    ));
                }
            }
        }
    }
    Ok(())
}

/// 1. Every message, decoded by the TLS 1.3 codec.
fn read_lines(text: &str) -> Result<Vec<Line>, Error> {
    let raw = raw_lines(text)?;
    check_suite(&raw)?;
    let mut out = Vec::new();
    for (line, raw) in raw {
        let name = handshake_type_name(raw[0]);
        let m = Handshake13::from_bytes(&raw).map_err(|e| {
            Error::Decode(
                ReplayMsg::Undecodable {
                    line,
                    name,
                    reason: Box::new(e.reason()),
                }
                .into(),
            )
        })?;
        out.push(Line {
            line,
            raw,
            payload: m.payload,
        });
    }
    Ok(out)
}

/// Does `text` hold a TLS 1.3 session: is its second message a ServerHello (or a
/// HelloRetryRequest) that selects TLS 1.3? `false` for anything else, a file that is no
/// session included (the TLS 1.2 replay then says what is wrong with it).
pub fn is_tls13_session(text: &str) -> bool {
    let mut n = 0;
    for (i, content) in text.lines().enumerate() {
        let Ok(Some(raw)) = line_bytes(i + 1, content) else {
            continue;
        };
        n += 1;
        if n == 2 {
            return matches!(
                Handshake13::from_bytes(&raw).map(|m| m.payload),
                Ok(Payload13::ServerHello(sh))
                    if sh.supported_versions() == Some(&SupportedVersions::Selected(TLS13))
            );
        }
    }
    false
}

fn out_of_order(l: &Line, expected: &str) -> Error {
    Error::UnexpectedMessage(
        ReplayMsg::OutOfOrder {
            line: l.line,
            expected: expected.into(),
            got: handshake_type_name(l.payload_type()),
        }
        .into(),
    )
}

impl Line {
    fn payload_type(&self) -> u8 {
        self.payload.typ()
    }
}

/// The `label` secret of the key log for `client_random`.
fn keylog_secret(log: &str, label: &str, client_random: &[u8; 32]) -> Result<Secret, Error> {
    let want = hex::encode(client_random);
    for (i, l) in log.lines().enumerate() {
        let mut parts = l.split_whitespace();
        if parts.next() != Some(label) {
            continue;
        }
        let (Some(cr), Some(s)) = (parts.next(), parts.next()) else {
            return Err(Error::input(ReplayMsg::KeyLogLine13 {
                line: i + 1,
                label: label.into(),
            }));
        };
        if !cr.eq_ignore_ascii_case(&want) {
            continue;
        }
        let mut out = [0u8; hkdf::HASH_LEN];
        hex::decode_to_slice(s, &mut out).map_err(|_| {
            Error::input(ReplayMsg::KeyLogLine13 {
                line: i + 1,
                label: label.into(),
            })
        })?;
        return Ok(out);
    }
    Err(Error::input(ReplayMsg::NoKeyLogEntry13 {
        label: label.into(),
        client_random: Hex(client_random.to_vec()),
    }))
}

/// Replay a TLS 1.3 session: `text` the messages file, `keylog` the NSS key log. `Err` for
/// input that is not one TLS 1.3 session (its reason names the line); `Ok` with both
/// Finished verdicts otherwise.
pub fn replay13(text: &str, keylog: &str) -> Result<Report13, Error> {
    // 1. the messages
    let lines = read_lines(text)?;
    let messages = lines
        .iter()
        .map(|l| {
            ReplayMsg::Message {
                line: l.line,
                name: handshake_type_name(l.payload_type()),
                len: l.raw.len(),
            }
            .into()
        })
        .collect();
    // 2. the hellos, a HelloRetryRequest restarting the transcript
    let first = lines
        .first()
        .ok_or_else(|| Error::input(ReplayMsg::NoMessages {}))?;
    let Payload13::ClientHello(ch) = &first.payload else {
        return Err(out_of_order(first, "client_hello"));
    };
    let mut i = 1;
    let mut transcript = first.raw.clone();
    let mut hello_retry_request = false;
    let sh = loop {
        let l = lines
            .get(i)
            .ok_or_else(|| Error::input(ReplayMsg::NoServerHello {}))?;
        let Payload13::ServerHello(sh) = &l.payload else {
            return Err(out_of_order(l, "server_hello"));
        };
        if sh.supported_versions() != Some(&SupportedVersions::Selected(TLS13)) {
            return Err(Error::ProtocolVersion(
                ReplayMsg::NotTls13 {
                    line: l.line,
                    version: Version(sh.legacy_version),
                }
                .into(),
            ));
        }
        if sh.cipher_suite.get() != TLS_AES_128_GCM_SHA256 {
            return Err(Error::HandshakeFailure(
                ReplayMsg::SuiteNotReplayable13 {
                    line: l.line,
                    suite: Suite(sh.cipher_suite.get()),
                }
                .into(),
            ));
        }
        if !sh.is_hello_retry_request() {
            transcript.extend_from_slice(&l.raw);
            i += 1;
            break sh;
        }
        if hello_retry_request {
            return Err(out_of_order(l, "server_hello"));
        }
        // message_hash || 00 00 20 || Hash(ClientHello1), then the HelloRetryRequest
        hello_retry_request = true;
        let mut t = vec![254, 0, 0, 32];
        t.extend_from_slice(&hkdf::transcript_hash(&transcript));
        t.extend_from_slice(&l.raw);
        let ch2 = lines
            .get(i + 1)
            .ok_or_else(|| Error::input(ReplayMsg::NoServerHello {}))?;
        if !matches!(ch2.payload, Payload13::ClientHello(_)) {
            return Err(out_of_order(ch2, "client_hello"));
        }
        t.extend_from_slice(&ch2.raw);
        transcript = t;
        i += 2;
    };
    let group = match sh.key_share() {
        Some(KeyShare::Server(e)) => crate::kx::group_name(e.group),
        _ => String::new(),
    };
    // 3. the handshake traffic secrets
    let chts = keylog_secret(keylog, CLIENT_HANDSHAKE, &ch.random)?;
    let shts = keylog_secret(keylog, SERVER_HANDSHAKE, &ch.random)?;
    // 4. and 5. the Finished messages, each over the messages before it
    let mut finished: Vec<(Secret, Vec<u8>)> = Vec::new();
    let mut last_line = 0;
    for l in &lines[i..] {
        last_line = l.line;
        if let Payload13::Finished(f) = &l.payload {
            let (sender, secret) = match finished.len() {
                0 => (Sender::Server, &shts),
                _ => (Sender::Client, &chts),
            };
            let base_id = match sender {
                Sender::Server => ValueId::ServerHandshakeTrafficSecret,
                Sender::Client => ValueId::ClientHandshakeTrafficSecret,
            };
            let (fk, _) = finished_key(sender, base_id, secret)?;
            let (hash, _) = transcript_hash(sender.finished_context(), &transcript);
            let (vd, _) = verify_data(sender, &fk, &hash);
            finished.push((vd, f.verify_data.clone()));
            if finished.len() == 2 {
                break;
            }
        }
        transcript.extend_from_slice(&l.raw);
    }
    let [(s_exp, s_got), (c_exp, c_got)] =
        <[(Secret, Vec<u8>); 2]>::try_from(finished).map_err(|f| {
            Error::input(ReplayMsg::FinishedCount {
                count: f.len(),
                last_line,
            })
        })?;
    Ok(Report13 {
        messages,
        version: "TLS 1.3".into(),
        cipher_suite: format!("0x{TLS_AES_128_GCM_SHA256:04x}"),
        cipher_suite_name: "TLS_AES_128_GCM_SHA256".into(),
        group,
        hello_retry_request,
        client_random: hex::encode(ch.random),
        server_random: hex::encode(sh.random),
        client_handshake_traffic_secret: hex::encode(chts),
        server_handshake_traffic_secret: hex::encode(shts),
        server_finished_ok: super::conn::same(&s_exp, &s_got),
        server_verify_data_expected: hex::encode(s_exp),
        server_verify_data: hex::encode(&s_got),
        client_finished_ok: super::conn::same(&c_exp, &c_got),
        client_verify_data_expected: hex::encode(c_exp),
        client_verify_data: hex::encode(&c_got),
    })
}
