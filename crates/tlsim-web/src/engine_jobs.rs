//! What the engine does with each [`Job`]: the core's computations the page needs. The web
//! worker (`src/bin/engine_worker.rs`, which includes this file by path) runs them for the page;
//! tests run them on their own thread ([`execute`] as `state::LocalRun`). The page's own .wasm
//! never references this module, so none of the core's engine is linked into it.

use crate::engine_protocol::{Job, MadeFile, Recording, ReplyBody, RunError, FILES};
use crate::keygen_protocol::{parse_seed, GeneratedKey};
use tlsim_core::eavesdrop::decrypt_later;
use tlsim_core::kx::KxAlg;
use tlsim_core::{
    pki, simulate, simulate_with, IssuanceCache, Msg, Scenario, TlsVersion, Transcript,
};

/// What the engine keeps between jobs: the CA's last work, per kind of run.
#[derive(Default)]
pub struct Caches {
    /// [`Job::Run`]'s certificates.
    pub run: IssuanceCache,
    /// [`Job::Record`]'s, one per recorded session.
    pub record: [IssuanceCache; 2],
    /// [`Job::File`]'s last session and its inputs: the buttons of one transcript ask for
    /// several files, made from one run.
    pub files: Option<(Scenario, [u8; 32], i64, Transcript)>,
}

/// The first line of `server-key.pem`. OpenSSL (`openssl pkey`, `openssl rsa`) and the core's
/// PEM reader skip text before `-----BEGIN`, so the file still loads.
pub const TEACHING_KEY_HEADER: &str = "# TEACHING KEY from the TLS 1.2 handshake simulator: it is published, never use it for anything real.\n";

/// Run `job`; `reply` receives its answers (progress, then one final answer).
pub fn execute(job: &Job, caches: &mut Caches, reply: &mut dyn FnMut(ReplyBody)) {
    match job {
        Job::Run {
            scenario,
            seed,
            now,
        } => {
            let r = simulate_with(scenario, *seed, *now, &mut caches.run).map_err(|e| RunError {
                invalid_input: e.is_input(),
                reason: e.reason(),
            });
            reply(ReplyBody::Ran(Box::new(r)));
        }
        Job::Compare {
            scenario,
            seed,
            now,
            kx12,
        } => reply(ReplyBody::Compared(Box::new(compare(
            scenario, *seed, *now, *kx12,
        )))),
        Job::Record {
            scenario,
            seed,
            now,
        } => reply(ReplyBody::Recorded(record(
            scenario,
            *seed,
            *now,
            &mut caches.record,
        ))),
        Job::Keygen(req) => {
            let Some(seed) = parse_seed(&req.seed) else {
                reply(ReplyBody::Keys(Err(
                    "bad request: the seed must be 64 hex digits".into(),
                )));
                return;
            };
            let total = req.keys.len();
            let mut keys = Vec::with_capacity(total);
            for (i, job) in req.keys.iter().enumerate() {
                reply(ReplyBody::Progress {
                    role: job.role,
                    index: i + 1,
                    total,
                    bits: job.bits,
                });
                let pem = tlsim_core::keygen::derive_key(&seed, job.role.as_str(), job.bits)
                    .and_then(|k| pki::key_to_pem(&k));
                match pem {
                    Ok(pem) => keys.push(GeneratedKey {
                        role: job.role,
                        bits: job.bits,
                        pem,
                    }),
                    Err(e) => {
                        reply(ReplyBody::Keys(Err(e.to_string())));
                        return;
                    }
                }
            }
            reply(ReplyBody::Keys(Ok(keys)));
        }
        Job::File {
            scenario,
            seed,
            now,
            name,
        } => {
            let same = |(s, d, n, _): &(Scenario, [u8; 32], i64, Transcript)| {
                s == scenario && d == seed && n == now
            };
            if !caches.files.as_ref().is_some_and(same) {
                caches.files = simulate_with(scenario, *seed, *now, &mut caches.run)
                    .ok()
                    .map(|t| (scenario.clone(), *seed, *now, t));
            }
            let made = caches.files.as_ref().and_then(|(.., t)| make_file(t, name));
            reply(ReplyBody::File(made));
        }
    }
}

/// The file `name` of the session `t` ([`FILES`]), or `None` for a name the engine does not
/// make: `transcript.md` (the page's), `client.pem` without a client certificate, an unknown
/// name. Certificates and keys are those the server had (before any network tampering); the
/// JSON keeps message keys and typed arguments, for any tool to render; the key log is a
/// comment if no master secret was derived. Pure functions of the transcript: the same link
/// gives the same bytes.
pub fn make_file(t: &Transcript, name: &str) -> Option<MadeFile> {
    let info = FILES.iter().find(|f| f.name == name)?;
    let bytes = match name {
        "ca.pem" => t.ca_pem.as_bytes().to_vec(),
        "server.pem" => t.server_cert_pem.as_bytes().to_vec(),
        "client.pem" => t.client_cert_pem.as_ref()?.as_bytes().to_vec(),
        "server-key.pem" => format!("{TEACHING_KEY_HEADER}{}", t.server_key_pem).into_bytes(),
        "keylog.txt" => keylog(t).into_bytes(),
        "handshake.pcap" => tlsim_core::export::pcap_legs_at(
            &t.wire,
            &t.server_leg,
            tlsim_core::export::DEFAULT_PCAP_TIME,
        ),
        "transcript.json" => json(t).into_bytes(),
        _ => return None,
    };
    Some(MadeFile {
        name: info.name.into(),
        mime: info.mime.into(),
        bytes,
    })
}

/// The transcript as pretty JSON, the bytes of `tlsim_core::export::json`: the compact JSON the
/// worker's replies already use, indented afterwards. `to_string_pretty` would compile every
/// `Serialize` of the transcript a second time, for the pretty formatter (~23 KB of the worker's
/// .wasm after `wasm-opt`).
pub fn json(t: &Transcript) -> String {
    match serde_json::to_string(t) {
        Ok(compact) => indent_json(&compact),
        // as `export::json` says it (a transcript is plain data: not expected)
        Err(e) => format!("{{\"error\": \"{e}\"}}"),
    }
}

/// Indent compact JSON (no whitespace outside strings) as `serde_json`'s pretty printer does:
/// two spaces a level, `": "` after a key, empty `{}` and `[]` kept on one line.
fn indent_json(compact: &str) -> String {
    let mut out = String::with_capacity(compact.len() * 2);
    let mut level = 0usize;
    let newline = |out: &mut String, level: usize| {
        out.push('\n');
        out.extend(std::iter::repeat_n("  ", level));
    };
    let (mut in_string, mut escaped) = (false, false);
    let mut chars = compact.chars().peekable();
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' => {
                out.push(c);
                if matches!(chars.peek(), Some('}' | ']')) {
                    out.extend(chars.next());
                } else {
                    level += 1;
                    newline(&mut out, level);
                }
            }
            '}' | ']' => {
                level = level.saturating_sub(1);
                newline(&mut out, level);
                out.push(c);
            }
            ',' => {
                out.push(c);
                newline(&mut out, level);
            }
            ':' => out.push_str(": "),
            c => out.push(c),
        }
    }
    out
}

/// The NSS key log (`CLIENT_RANDOM <client random> <master secret>`), ending in a newline; a
/// comment line when the session derived no master secret (Wireshark skips `#` lines).
pub fn keylog(t: &Transcript) -> String {
    let k = t.keylog.trim_end();
    if k.is_empty() {
        "# no master secret was derived in this session\n".to_string()
    } else {
        format!("{k}\n")
    }
}

/// The two runs of `s`: TLS 1.2 with `kx12` (RSA or ECDHE) and TLS 1.3, each a real `simulate`
/// of the same inputs (seed, clock, certificate, host, trust, message). The failures of the
/// scenario are left out: the comparison is about the handshakes themselves.
pub fn compare(
    s: &Scenario,
    seed: [u8; 32],
    now: i64,
    kx12: KxAlg,
) -> [Result<Transcript, Msg>; 2] {
    let mut v12 = s.clone();
    v12.faults.clear();
    v12.version = TlsVersion::Tls12;
    v12.set_kx(kx12);
    let mut v13 = s.clone();
    v13.faults.clear();
    v13.version = TlsVersion::Tls13;
    [v12, v13].map(|v| simulate(&v, seed, now).map_err(|e| e.reason()))
}

/// The two recorded sessions: RSA, and the scenario's own (EC)DHE (ECDHE when the scenario is
/// RSA). Faults are left out: both handshakes complete, as the recording needs.
pub fn record(
    s: &Scenario,
    seed: [u8; 32],
    now: i64,
    caches: &mut [IssuanceCache; 2],
) -> Vec<Recording> {
    let ephemeral = match s.kx() {
        KxAlg::Rsa => KxAlg::Ecdhe,
        k => k,
    };
    [KxAlg::Rsa, ephemeral]
        .into_iter()
        .zip(caches.iter_mut())
        .map(|(kx, cache)| {
            let mut v = s.clone();
            v.faults.clear();
            // The recording is about TLS 1.2's key exchanges (TLS 1.3 has only ephemeral ones).
            v.version = TlsVersion::Tls12;
            v.set_kx(kx);
            let attempt = simulate_with(&v, seed, now, cache)
                .and_then(|t| {
                    let key = pki::key_from_pem(&t.server_key_pem, "server_key")?;
                    decrypt_later(&t.wire, &key)
                })
                .map_err(|e| e.reason());
            Recording { kx, attempt }
        })
        .collect()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    /// Strings holding the characters that shape JSON, escapes, empty and nested containers:
    /// indented as serde_json's pretty printer writes them.
    #[test]
    fn indents_compact_json_as_serde_json_pretty_does() {
        let v = serde_json::json!({
            "a": [], "b": {}, "c": [[], {}, [1, [2, {"d": null}]]],
            "s": "{[,:]} \"quoted\" \\ back\\\"slash \n ünï ☃",
            "\"k:,{\"": {"x": [true, false, -1.5e-7, "]"]},
            "e": [{}], "f": [""], "g": "\\",
        });
        let compact = serde_json::to_string(&v).unwrap();
        let pretty = serde_json::to_string_pretty(&v).unwrap();
        assert_eq!(super::indent_json(&compact), pretty);
        for x in ["1", "\"\"", "[]", "{}", "null"] {
            assert_eq!(super::indent_json(x), x);
        }
    }
}
