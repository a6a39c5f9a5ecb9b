//! The messages between the page and its engine, the web worker `src/bin/engine_worker.rs` that
//! runs every computation of the core the page needs (the page's own .wasm links none of it).
//!
//! Plain data (serde): the worker binary includes this file by path, so it stays free of Yew.
//! Every message crosses `postMessage` as a JSON **string**: serde_json is in the page anyway
//! (links, `url.rs`), the transcript's JSON form is the export's (`tlsim_core::export::json`,
//! tagged enums, hex bytes, messages as key + arguments), and a string is copied once, with no
//! structured-clone walk over a tree of objects.
//!
//! ```text
//! worker -> page   {"id":0,"body":"ready"}                         once, when the wasm is up
//! page -> worker   {"id":7,"job":{"run":{"scenario":{..},"seed":[..],"now":1700000000}}}
//! worker -> page   {"id":7,"body":{"ran":{"Ok":{..transcript..}}}}
//! page -> worker   {"id":8,"job":{"keygen":{"seed":"<64 hex>","keys":[{"role":"server","bits":2048}]}}}
//! worker -> page   {"id":8,"body":{"progress":{"role":"server","index":1,"total":1,"bits":2048}}}
//!                  {"id":8,"body":{"keys":{"Ok":[{"role":"server","bits":2048,"pem":"-----BEGIN ..."}]}}}
//! page -> worker   {"id":9,"job":{"file":{"scenario":{..},"seed":[..],"now":1700000000,"name":"handshake.pcap"}}}
//! worker -> page   {"id":9,"body":{"file":{"name":"handshake.pcap","mime":"..","bytes":"d4c3b2a1.."}}}
//! ```
//!
//! Both enums are serde's default, externally tagged form (the variant's name as the key): an
//! internally or adjacently tagged enum (`tag = ..`) may meet its tag after its content, so serde
//! compiles a second, buffering (`Content`) deserializer of everything inside, the transcript
//! included: ~100 KB of the page's .wasm before `wasm-opt` (issue 11).
//!
//! Every reply carries its request's id; the page keeps only the answer to its newest request
//! (see `state::Action::Ran`).

use crate::keygen_protocol::{GeneratedKey, KeyRole, KeygenRequest};
use serde::{Deserialize, Serialize};
use tlsim_core::eavesdrop::Attempt;
use tlsim_core::kx::KxAlg;
use tlsim_core::{Msg, Scenario, Transcript};

/// A request's id, chosen by the page; replies carry it back.
pub type JobId = u64;

/// Page -> worker: one job.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Request {
    /// Echoed in every reply to this job.
    pub id: JobId,
    /// What to compute.
    pub job: Job,
}

/// What the engine computes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Job {
    /// The page's session (`tlsim_core::simulate_with`). The worker keeps one
    /// `IssuanceCache` for these runs: certificates are signed again only when a name, a date,
    /// a key or a CA setting changed.
    Run {
        /// the scenario
        scenario: Scenario,
        /// the session seed
        seed: [u8; 32],
        /// the clock, Unix seconds
        now: i64,
    },
    /// The version comparison: TLS 1.2 with `kx12` and TLS 1.3 on the same inputs, faults left out.
    Compare {
        /// the scenario on screen
        scenario: Scenario,
        /// the session seed
        seed: [u8; 32],
        /// the clock
        now: i64,
        /// TLS 1.2's key exchange (RSA or ECDHE)
        kx12: KxAlg,
    },
    /// "Record now, decrypt later": the RSA session and its (EC)DHE counterpart, the server key
    /// leaked to the eavesdropper (`tlsim_core::eavesdrop::decrypt_later`).
    Record {
        /// the scenario on screen
        scenario: Scenario,
        /// the session seed
        seed: [u8; 32],
        /// the clock
        now: i64,
    },
    /// Teaching keys from a key seed (`tlsim_core::keygen::derive_key`).
    Keygen(KeygenRequest),
    /// One file of the session's downloads ([`FILES`]), made from the run of these inputs (the
    /// run of the transcript on screen): the pcap writer and the JSON export live in the worker
    /// alone (issue 11: the page's .wasm). `transcript.md` is the page's: it is in the page's
    /// language, from the text tables the page has loaded.
    File {
        /// the scenario of the run on screen
        scenario: Scenario,
        /// its seed
        seed: [u8; 32],
        /// its clock
        now: i64,
        /// the file's name, one of [`FILES`]
        name: String,
    },
}

/// One file a session can be downloaded as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileInfo {
    /// File name, e.g. `server.pem` (also the suffix of the button's `data-testid="download-.."`).
    pub name: &'static str,
    /// MIME type.
    pub mime: &'static str,
    /// The i18n key of the button label, e.g. `download.server_pem`.
    pub label_key: &'static str,
}

const fn file(name: &'static str, mime: &'static str, label_key: &'static str) -> FileInfo {
    FileInfo {
        name,
        mime,
        label_key,
    }
}

const PEM: &str = "application/x-pem-file";

/// Every file of the downloads, in the buttons' order; `client.pem` only when the session has a
/// client certificate.
pub const FILES: [FileInfo; 8] = [
    file("ca.pem", PEM, "download.ca_pem"),
    file("server.pem", PEM, "download.server_pem"),
    file("client.pem", PEM, "download.client_pem"),
    file("server-key.pem", PEM, "download.server_key_pem"),
    file("keylog.txt", "text/plain", "download.keylog"),
    file(
        "handshake.pcap",
        "application/vnd.tcpdump.pcap",
        "download.pcap",
    ),
    file(
        "transcript.json",
        "application/json",
        "download.transcript_json",
    ),
    file("transcript.md", "text/markdown", "download.transcript_md"),
];

/// [`Job::File`]'s answer: a file to save.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MadeFile {
    /// its name
    pub name: String,
    /// its MIME type
    pub mime: String,
    /// its content (hex in the JSON message)
    #[serde(with = "tlsim_core::transcript::hex_bytes")]
    pub bytes: Vec<u8>,
}

/// Why a run gave no transcript.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunError {
    /// An input was refused (`tlsim_core::Error::InvalidInput`): the form shows it at the input.
    pub invalid_input: bool,
    /// The core's reason.
    pub reason: Msg,
}

/// One recorded session of [`Job::Record`] and the eavesdropper's attempt on it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Recording {
    /// The recorded session's key exchange.
    pub kx: KxAlg,
    /// What the leaked key gave, or why the session could not be recorded.
    pub attempt: Result<Attempt, Msg>,
}

/// Worker -> page: an answer to request `id`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Reply {
    /// The request's id (0 for [`ReplyBody::Ready`]).
    pub id: JobId,
    /// The answer.
    pub body: ReplyBody,
}

/// The answers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReplyBody {
    /// The worker's wasm is loaded and it listens.
    Ready,
    /// [`Job::Run`]'s transcript.
    Ran(Box<Result<Transcript, RunError>>),
    /// [`Job::Compare`]'s two runs, TLS 1.2 then TLS 1.3.
    Compared(Box<[Result<Transcript, Msg>; 2]>),
    /// [`Job::Record`]'s two recordings, RSA then (EC)DHE.
    Recorded(Vec<Recording>),
    /// [`Job::Keygen`]: about to generate key `index` of `total` (1-based).
    Progress {
        /// whose key
        role: KeyRole,
        /// 1-based position
        index: usize,
        /// how many keys in this request
        total: usize,
        /// its size
        bits: usize,
    },
    /// [`Job::Keygen`]'s keys in request order, or the core's error text.
    Keys(Result<Vec<GeneratedKey>, String>),
    /// [`Job::File`]'s file; `None` if the worker makes no file of that name for this session
    /// (the page's own `transcript.md`, `client.pem` without a client certificate, a run that
    /// fails).
    File(Option<MadeFile>),
    /// The request could not be read (a page and a worker of different builds).
    BadRequest(String),
    /// Never sent by the worker: the page's side says the worker could not start or died.
    EngineFailed(String),
}

impl ReplyBody {
    /// Is this the last reply to its request (everything but progress)?
    pub fn is_final(&self) -> bool {
        !matches!(self, ReplyBody::Progress { .. } | ReplyBody::Ready)
    }
}
