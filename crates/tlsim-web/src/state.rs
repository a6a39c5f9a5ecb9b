//! The page state: a plain struct, an [`Action`] enum and a pure reducer (`impl Reducible`).
//!
//! When an input changes, the reducer asks for a run of the core (a pure, deterministic function
//! of scenario, seed and `now`): [`State::request`] holds it, the page sends it to its engine
//! worker and the answer comes back as [`Action::Ran`] with the request's id; only the answer to
//! the newest request is kept. Tests run the core on their own thread instead
//! ([`State::from_url`], with `engine_jobs::execute`), which the page never references: the
//! page's .wasm does not link the core's engine. Timers, the clock, randomness and storage live
//! in the components' effects.

use crate::embed::EmbedOptions;
use crate::engine::Engine;
use crate::engine_protocol::{Job, JobId, ReplyBody, RunError};
use crate::form::{Form, Input, Msg};
use crate::i18n::Lang;
use crate::keygen_protocol::{GeneratedKey, KeyGenSpec, KeyRole, KeygenProgress};
use crate::url::{Decoded, UrlState, UrlWarning};
use std::collections::BTreeMap;
use std::rc::Rc;
use tlsim_core::kx::{Group, KxAlg};
use tlsim_core::scenario::{force_hello_retry, KxFault, Resume, ResumeFault, Tls13Fault};
use tlsim_core::StepKey;
use tlsim_core::{CertFault, Fault, KeySource, Outcome, Scenario, TlsVersion, Transcript};
use yew::Reducible;

/// The seed of the default page (so the default page is reproducible): "tlsim default seed" padded.
pub const DEFAULT_SEED: [u8; 32] = *b"tlsim default seed, fixed bytes!";

/// The times X.509 can carry (1950-01-01 to 9999-12-31 23:59:59 UTC). The page keeps its clock
/// and the certificate dates inside, whatever a link says.
pub const TIME_RANGE: std::ops::RangeInclusive<i64> = -631_152_000..=253_402_300_799;

fn clamp_time(t: i64) -> i64 {
    t.clamp(*TIME_RANGE.start(), *TIME_RANGE.end())
}

/// The playback speeds offered (multipliers of the base pace).
pub const SPEEDS: [(u32, &str); 4] = [(2, "0.5×"), (4, "1×"), (8, "2×"), (16, "4×")];
/// After a keystroke, the run waits for this pause in typing (ms): a learner's keystrokes come
/// 100-300 ms apart, so one run per word rather than per letter, and never one in the way of the
/// next keystroke's paint.
pub const TYPING_PAUSE_MS: u32 = 180;

/// Base pace: milliseconds per step at 1×.
const BASE_MS: u32 = 1800;

/// The scenarios one click away.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Preset {
    /// The normal handshake.
    Normal,
    /// The client does not trust the issuing CA.
    UntrustedCa,
    /// The server certificate expired before `now`.
    Expired,
    /// The client wants a host the certificate does not name.
    WrongHost,
    /// The CA signature on the server certificate is corrupted.
    ForgedSignature,
    /// A man in the middle swaps the certificate for his own.
    ManInTheMiddle,
    /// One byte of the client's Finished record is flipped in flight.
    FlipByte,
    /// The server asks for a client certificate (mutual TLS).
    MutualTls,
    // ---- issue 12 ----
    /// Root -> intermediate -> leaf, with CRLs and the revocation check: every link passes.
    Chain,
    /// One of the certificate failures browsers teach.
    Cert(CertFault),
    // ---- issue 13 ----
    /// A key exchange with forward secrecy (DHE or ECDHE), everything else as `Normal`.
    Kx(KxAlg),
    /// A key-exchange failure.
    KxFailure(KxFault),
    // ---- issue 14 ----
    /// A second connection that resumes the session (by session ID or by ticket).
    Resume(Resume),
    /// A reason the server must not resume.
    ResumeFailure(ResumeFault),
    // ---- issue 15 ----
    /// TLS 1.3 with an x25519 key share, everything else as `Normal`.
    Tls13,
    /// TLS 1.3 where the server asks for another key share (HelloRetryRequest).
    Tls13Hrr,
    /// A TLS 1.3 failure.
    Tls13Failure(Tls13Fault),
}

impl Preset {
    /// Every preset, in button order: the handshake scenarios, then the certificate failures.
    pub const ALL: [Preset; 50] = [
        Preset::Normal,
        Preset::UntrustedCa,
        Preset::Expired,
        Preset::WrongHost,
        Preset::ForgedSignature,
        Preset::ManInTheMiddle,
        Preset::FlipByte,
        Preset::MutualTls,
        Preset::Chain,
        Preset::Cert(CertFault::IncompleteChain),
        Preset::Cert(CertFault::IntermediateNotCa),
        Preset::Cert(CertFault::PathLen),
        Preset::Cert(CertFault::SelfSigned),
        Preset::Cert(CertFault::Sha1Leaf),
        Preset::Cert(CertFault::Sha1Intermediate),
        Preset::Cert(CertFault::WeakKey),
        Preset::Cert(CertFault::NoSan),
        Preset::Cert(CertFault::NoServerAuth),
        Preset::Cert(CertFault::NoKeyEncipherment),
        Preset::Cert(CertFault::NotYetValid),
        Preset::Cert(CertFault::Revoked),
        Preset::Cert(CertFault::BadCsr),
        Preset::Kx(KxAlg::Ecdhe),
        Preset::Kx(KxAlg::Dhe),
        Preset::KxFailure(KxFault::ForgedParams),
        Preset::KxFailure(KxFault::DhZero),
        Preset::KxFailure(KxFault::DhOne),
        Preset::KxFailure(KxFault::DhPMinusOne),
        Preset::KxFailure(KxFault::WeakPrime),
        Preset::KxFailure(KxFault::OffCurve),
        Preset::KxFailure(KxFault::LowOrder),
        Preset::KxFailure(KxFault::ReusedKey),
        Preset::Resume(Resume::SessionId),
        Preset::Resume(Resume::Ticket),
        Preset::ResumeFailure(ResumeFault::ServerForgot),
        Preset::ResumeFailure(ResumeFault::TicketTampered),
        Preset::ResumeFailure(ResumeFault::KeyRotated),
        Preset::ResumeFailure(ResumeFault::Expired),
        Preset::ResumeFailure(ResumeFault::OtherHost),
        Preset::ResumeFailure(ResumeFault::EmsDropped),
        Preset::ResumeFailure(ResumeFault::EmsAdded),
        Preset::ResumeFailure(ResumeFault::OtherSuite),
        Preset::Tls13,
        Preset::Tls13Hrr,
        Preset::Tls13Failure(Tls13Fault::UntrustedCa),
        Preset::Tls13Failure(Tls13Fault::WrongHost),
        Preset::Tls13Failure(Tls13Fault::Expired),
        Preset::Tls13Failure(Tls13Fault::ForgedCertificateVerify),
        Preset::Tls13Failure(Tls13Fault::FlippedRecord),
        Preset::Tls13Failure(Tls13Fault::Downgrade),
    ];

    /// Is this one of the certificate failures (the second row of buttons)?
    pub fn is_cert_failure(self) -> bool {
        matches!(self, Preset::Cert(_))
    }

    /// A key-exchange failure button (the third row)?
    pub fn is_kx_failure(self) -> bool {
        matches!(self, Preset::KxFailure(_))
    }

    /// A resumption failure button (the fourth row)?
    pub fn is_resume_failure(self) -> bool {
        matches!(self, Preset::ResumeFailure(_))
    }

    /// A TLS 1.3 scenario (the fifth row: TLS 1.3 and its HelloRetryRequest)?
    pub fn is_tls13(self) -> bool {
        matches!(self, Preset::Tls13 | Preset::Tls13Hrr)
    }

    /// A TLS 1.3 failure button (the sixth row)?
    pub fn is_tls13_failure(self) -> bool {
        matches!(self, Preset::Tls13Failure(_))
    }

    /// Stable name (`data-testid="scenario-<name>"`, the link's `preset`, i18n `scenario.<name>`).
    pub fn name(self) -> &'static str {
        match self {
            Preset::Normal => "normal",
            Preset::UntrustedCa => "untrusted_ca",
            Preset::Expired => "expired",
            Preset::WrongHost => "wrong_host",
            Preset::ForgedSignature => "forged_signature",
            Preset::ManInTheMiddle => "mitm",
            Preset::FlipByte => "byte_flipped",
            Preset::MutualTls => "mutual_tls",
            Preset::Chain => "chain",
            Preset::Cert(f) => f.name(),
            Preset::Kx(k) => k.name(),
            Preset::KxFailure(f) => f.name(),
            Preset::Resume(Resume::Ticket) => "resume_ticket",
            Preset::Resume(Resume::SessionId) => "resume_id",
            Preset::Resume(Resume::Off) => "normal",
            // `expired` is the certificate's (a link of before issue 14 keeps its meaning).
            Preset::ResumeFailure(ResumeFault::Expired) => "session_expired",
            Preset::ResumeFailure(f) => f.name(),
            Preset::Tls13 => "tls13",
            Preset::Tls13Hrr => "tls13_hrr",
            Preset::Tls13Failure(f) => match f {
                Tls13Fault::UntrustedCa => "tls13_untrusted_ca",
                Tls13Fault::WrongHost => "tls13_wrong_host",
                Tls13Fault::Expired => "tls13_expired",
                Tls13Fault::ForgedCertificateVerify => "tls13_forged_certificate_verify",
                Tls13Fault::FlippedRecord => "tls13_flipped_record",
                Tls13Fault::Downgrade => "tls13_downgrade",
            },
        }
    }

    /// The preset of a stable name.
    pub fn from_name(name: &str) -> Option<Preset> {
        Preset::ALL.into_iter().find(|p| p.name() == name)
    }

    /// The scenario (and form) of this preset at time `now`: what its button loads, and what a
    /// `?preset=` link starts from. The seed does not change it: the byte flip names the step it
    /// hits (the client's Finished record), not a record index.
    pub fn scenario(self, now: i64) -> Scenario {
        let mut s = Scenario::default();
        match self {
            Preset::Normal => {}
            Preset::UntrustedCa => s.trust_issuing_ca = false,
            Preset::Expired => {
                // saturating: `now` may come from a link
                s.not_before = now.saturating_sub(400 * 86_400);
                s.not_after = now.saturating_sub(30 * 86_400);
            }
            Preset::WrongHost => s.client_host = "login.example.net".into(),
            Preset::ForgedSignature => s.faults = vec![Fault::ForgedSignature],
            Preset::ManInTheMiddle => s.faults = vec![Fault::ManInTheMiddle],
            // Offset 5 + 8 = the first ciphertext byte after the header and the explicit nonce
            // of the client's Finished record, whichever record of the run that is.
            Preset::FlipByte => {
                s.faults = vec![Fault::FlipInStep {
                    step: StepKey::FinishedClient,
                    offset: 13,
                }]
            }
            Preset::MutualTls => s.client_auth = true,
            Preset::Chain => {
                s.chain_depth = 2;
                s.check_revocation = true;
            }
            Preset::Cert(f) => f.apply(&mut s, now),
            Preset::Kx(k) => s.set_kx(k),
            Preset::KxFailure(f) => f.apply(&mut s),
            Preset::Resume(r) => s.resume = r,
            Preset::ResumeFailure(f) => f.apply(&mut s),
            Preset::Tls13 => s.version = TlsVersion::Tls13,
            Preset::Tls13Hrr => force_hello_retry(&mut s),
            Preset::Tls13Failure(f) => f.apply(&mut s, now),
        }
        s
    }
}

/// The page state.
#[derive(Clone, Debug)]
pub struct State {
    /// The page language.
    pub lang: Lang,
    /// Embed options from the link.
    pub embed: EmbedOptions,
    /// Parts of the link that could not be read.
    pub url_warnings: Vec<UrlWarning>,
    /// Which scenario button was last clicked (`None`: the link's own scenario).
    pub preset: Option<Preset>,
    /// The inputs as typed.
    pub form: Form,
    /// The scenario last sent to the core (valid inputs only, plus the preset's faults).
    pub scenario: Scenario,
    /// The keys of the scenario before generated keys are put in (builtin, or a pasted PEM).
    pub base_keys: [KeySource; 3],
    /// One message per invalid input (from validation or from the core).
    pub errors: BTreeMap<Input, Msg>,
    /// The session seed.
    pub seed: [u8; 32],
    /// The time the client checks the certificate against, Unix seconds.
    pub now: i64,
    /// The last transcript the core returned.
    pub transcript: Option<Rc<Transcript>>,
    /// The run ([`Job::Run`]) whose answer `transcript` is: the downloads ask the engine for
    /// that session's files.
    pub ran: Option<Rc<Job>>,
    /// A core error not tied to one input.
    pub core_error: Option<tlsim_core::Msg>,
    /// Per step of `transcript`: did its bytes or values change with the last edit?
    pub changed: Vec<bool>,
    /// The transcript before the last edit (issue 11: the detail panel marks what differs).
    pub previous: Option<Rc<Transcript>>,
    /// Edits made since the last run (issue 11): the form shows them at once, the run follows
    /// when the page's timer dispatches [`Action::Recompute`]. Counts deferred edits, so each one
    /// restarts the timer; 0 when the transcript is up to date.
    pub stale: u64,
    /// How long the page waits after the last deferred edit before the run, ms (typing waits for
    /// a pause; a click runs right after the next paint).
    pub stale_wait_ms: u32,
    /// Set while a [`Action::Deferred`] edit is applied: `recompute` then validates only.
    deferring: bool,
    /// Before the page's first run: the step the link asked for (see [`State::shell`]).
    pub starting: Option<usize>,
    /// The current step.
    pub step: usize,
    /// Is the animation playing?
    pub playing: bool,
    /// Index into [`SPEEDS`].
    pub speed: usize,
    /// The hovered/focused field of the current step.
    pub hover: Option<usize>,
    /// Draw the TCP three-way handshake before the ClientHello (display only).
    pub show_tcp: bool,
    /// Generated keys wanted (`None`: the scenario's own keys, builtin by default).
    pub keygen: Option<KeyGenSpec>,
    /// Generated keys ready, for the spec they were made for.
    pub keys: Option<(KeyGenSpec, Vec<GeneratedKey>)>,
    /// The key worker's last progress report while it runs.
    pub keygen_progress: Option<KeygenProgress>,
    /// The key worker's failure, if any.
    pub keygen_error: Option<String>,
    /// The id of the newest run asked for; answers to older ones are dropped. Every edit
    /// counts, so an answer to a run made before an edit never shows.
    pub job: JobId,
    /// The run the page must send to its engine (`None`: nothing to send).
    pub request: Option<(JobId, Rc<Job>)>,
    /// The engine on this thread (tests, [`State::from_url`]); the page has none and sends
    /// [`State::request`] to its worker.
    pub local: Option<Engine>,
    /// The engine (the web worker) could not start or died: why (for the console; the page
    /// shows `error.engine`).
    pub engine_error: Option<String>,
}

/// Everything a component can ask for.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Jump to a step.
    Goto(usize),
    /// Next step.
    Next,
    /// Previous step.
    Prev,
    /// First step.
    First,
    /// Last step.
    Last,
    /// Play or pause.
    TogglePlay,
    /// A timer tick while playing.
    Tick,
    /// Pick a speed (index into [`SPEEDS`]).
    Speed(usize),
    /// Hover or focus a field of the current step (or leave it).
    Hover(Option<usize>),
    /// Load a scenario preset.
    Preset(Preset),
    /// A text input changed.
    Text(Input, String),
    /// A checkbox changed.
    Flag(Input, bool),
    /// A key size changed (`Input::CaKeyBits`, `ServerKeyBits`, `ClientKeyBits`).
    KeyBits(Input, u32),
    /// A cipher suite checkbox changed.
    Suite(u16, bool),
    /// The key exchange changed: the server takes its suite, the client offers it.
    Kx(KxAlg),
    /// The DHE / ECDHE group changed.
    Group(Group),
    /// The resumption choice changed (off, by session ID, by ticket).
    Resume(Resume),
    /// The protocol version changed (issue 15).
    Version(TlsVersion),
    /// A new seed (drawn by the caller).
    Seed([u8; 32]),
    /// New keys from a new key seed (drawn by the caller).
    NewKeys([u8; 32]),
    /// Set the clock (Unix seconds).
    Now(i64),
    /// Switch the language.
    Lang(Lang),
    /// Show or hide the TCP handshake rows.
    ShowTcp(bool),
    /// The key worker reports progress.
    KeygenProgress(KeygenProgress),
    /// The key worker finished (for this spec).
    KeysDone(KeyGenSpec, Result<Vec<GeneratedKey>, String>),
    /// An edit (`Text`, `Flag`, `Suite`) applied to the form and validated now, its run left for
    /// [`Action::Recompute`] (issue 11: the keystroke is painted within a frame, the session
    /// follows when typing pauses).
    Deferred(Box<Action>),
    /// Run the core on the edits made since the last run (the page's timer sends it).
    Recompute,
    /// The engine's answer to run `id` (dropped unless `id` is the newest, [`State::job`]).
    Ran(JobId, Result<Rc<Transcript>, RunError>),
    /// The engine could not start or died (why, for the console).
    EngineFailed(String),
}

fn role_index(r: KeyRole) -> usize {
    match r {
        KeyRole::Ca => 0,
        KeyRole::Server => 1,
        KeyRole::Client => 2,
    }
}

impl State {
    /// The page at start: the normal scenario, the fixed default seed, the given clock.
    pub fn new(now: i64) -> Self {
        Self::from_url(
            Decoded {
                state: UrlState::default(),
                warnings: Vec::new(),
            },
            now,
        )
    }

    /// The page a link describes; what the link leaves out takes the defaults (`now`: the
    /// browser clock given here). A `preset` link without `now` gets its preset here, at the
    /// browser clock (the fields its `s` changes from the default on top); with `now`, the
    /// decoder has put the preset in already.
    ///
    /// The core runs on this thread (`engine_jobs::execute`), here and after every edit: for
    /// tests. The page starts from [`State::shell`] and runs the core in its worker.
    pub fn from_url(d: Decoded, browser_now: i64) -> Self {
        let mut s = Self::shell(d, browser_now);
        s.local = Some(Engine::local(crate::engine_jobs::execute));
        s.stale = 0;
        s.run();
        s
    }

    /// [`State::from_url`] without its first run (issue 11: the page paints its shell first and
    /// the run follows when the page's timer dispatches [`Action::Recompute`]; the link's step and
    /// autoplay are applied when that run is done).
    pub fn shell(d: Decoded, browser_now: i64) -> Self {
        let u = d.state;
        let seed = u.seed.unwrap_or(DEFAULT_SEED);
        let now = clamp_time(u.now.unwrap_or(browser_now));
        let scenario = match u.preset.as_deref().and_then(Preset::from_name) {
            Some(p) if u.now.is_none() => crate::url::overlay(
                &p.scenario(now),
                &crate::url::scenario_diff(&u.scenario, None),
            ),
            _ => u.scenario,
        };
        let mut form = Form::from_scenario(&scenario);
        if let Some(spec) = &u.keygen {
            for &(role, bits) in &spec.bits {
                form.key_bits[role_index(role)] = u32::try_from(bits).unwrap_or(2048);
            }
        }
        let base_keys = [
            scenario.ca_key.clone(),
            scenario.server_key.clone(),
            scenario.client_key.clone(),
        ];
        let mut s = Self {
            lang: u.lang.unwrap_or_default(),
            embed: u.embed,
            url_warnings: d.warnings,
            preset: u.preset.as_deref().and_then(Preset::from_name),
            form,
            scenario,
            base_keys,
            errors: BTreeMap::new(),
            seed,
            now,
            transcript: None,
            ran: None,
            core_error: None,
            changed: Vec::new(),
            previous: None,
            stale: 0,
            stale_wait_ms: 0,
            deferring: false,
            starting: None,
            job: 0,
            request: None,
            local: None,
            engine_error: None,
            step: 0,
            playing: false,
            speed: 1,
            hover: None,
            show_tcp: false,
            keygen: u.keygen,
            keys: None,
            keygen_progress: None,
            keygen_error: None,
        };
        if s.preset.is_none() {
            s.preset = [Preset::Normal, Preset::Tls13]
                .into_iter()
                .find(|p| p.scenario(now) == s.scenario);
        }
        s.deferring = true;
        s.recompute();
        s.deferring = false;
        s.starting = Some(u.step.unwrap_or(0));
        s
    }

    /// After the first run: the link's step, autoplay, nothing marked as changed.
    fn started(&mut self, step: usize) {
        self.changed.iter_mut().for_each(|c| *c = false);
        self.previous = None;
        let len = self.len();
        self.step = self.embed.clamp_step(step, len);
        self.playing = self.embed.autoplay && len > 1;
    }

    /// What a link must carry to reproduce this page.
    pub fn url_state(&self) -> UrlState {
        UrlState {
            scenario: self.scenario.clone(),
            preset: self.preset.map(|p| p.name().to_string()),
            seed: Some(self.seed),
            now: Some(self.now),
            step: Some(self.step),
            lang: Some(self.lang),
            embed: self.embed,
            keygen: self.keygen.clone(),
        }
    }

    /// The inputs this session has no use for, with the text key of why (issue 15): from the
    /// version on screen, and what the core reports it ignored.
    pub fn unused_inputs(&self) -> BTreeMap<Input, String> {
        let unused = self
            .transcript
            .as_ref()
            .filter(|t| t.version == self.form.version)
            .map(|t| t.unused.clone())
            .unwrap_or_default();
        let fallback = self.scenario.has_tls13_fault(Tls13Fault::Downgrade);
        let always: &[tlsim_core::ScenarioField] = if fallback {
            &[]
        } else {
            &crate::form::UNUSED_IN_TLS13
        };
        crate::form::unused_inputs(self.form.version, always, &unused)
    }

    /// Number of steps in the transcript.
    pub fn len(&self) -> usize {
        self.transcript.as_ref().map_or(0, |t| t.steps.len())
    }

    /// No steps at all?
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The failing steps: those with a failed check, and the step the outcome names (the alert).
    pub fn failed_steps(&self) -> Vec<usize> {
        self.transcript
            .as_deref()
            .map(failed_steps)
            .unwrap_or_default()
    }

    /// The step that explains the failure best: the first with a failed check, else the outcome's.
    pub fn failed_step(&self) -> Option<usize> {
        self.failed_steps().first().copied()
    }

    /// Milliseconds per step at the current speed.
    pub fn step_ms(&self) -> u32 {
        let mult = SPEEDS.get(self.speed).map_or(4, |s| s.0);
        BASE_MS * 4 / mult
    }

    /// Are generated keys wanted but not ready yet?
    pub fn keys_pending(&self) -> bool {
        match (&self.keygen, &self.keys) {
            (Some(spec), Some((done, _))) => spec != done,
            (Some(_), None) => self.keygen_error.is_none(),
            _ => false,
        }
    }

    /// The generated-key spec the key-size inputs ask for, keeping the key seed.
    fn spec_from_form(&self, seed: Option<[u8; 32]>) -> Option<KeyGenSpec> {
        let all_default = self.form.key_bits.iter().all(|&b| b == 2048);
        let seed = seed.or(self.keygen.as_ref().map(|k| k.seed));
        match seed {
            None if all_default => None,
            seed => Some(KeyGenSpec::new(
                seed.unwrap_or(DEFAULT_SEED),
                KeyRole::ALL
                    .iter()
                    .map(|&r| (r, self.form.key_bits[role_index(r)] as usize))
                    .collect(),
            )),
        }
    }

    /// Rebuild the scenario from the form (keeping the preset's faults) and run the core.
    fn recompute(&mut self) {
        let faults = self.scenario.faults.clone();
        let (mut scenario, mut errors) = self.form.apply(&self.scenario);
        scenario.faults = faults;
        let d = Scenario::default();
        for (input, t, default) in [
            (Input::NotBefore, &mut scenario.not_before, d.not_before),
            (Input::NotAfter, &mut scenario.not_after, d.not_after),
        ] {
            if !TIME_RANGE.contains(t) {
                *t = default;
                errors.insert(input, Msg::key("error.date_invalid"));
            }
        }
        let [ca, server, client] = self.base_keys.clone();
        scenario.ca_key = ca;
        scenario.server_key = server;
        scenario.client_key = client;
        if let (Some(spec), Some((done, keys))) = (&self.keygen, &self.keys) {
            if spec == done {
                spec.apply(&mut scenario, keys);
            }
        }
        self.scenario = scenario;
        self.errors = errors;
        // Whatever run is in flight answers for inputs that are no longer these.
        self.job += 1;
        self.request = None;
        if self.deferring {
            self.stale += 1;
            return;
        }
        self.stale = 0;
        self.run();
    }

    /// Ask for a run of the core on the current scenario: at once on this thread (tests), else
    /// through [`State::request`] (the page sends it to its worker; [`Action::Ran`] brings it back).
    fn run(&mut self) {
        self.job += 1;
        let job = Job::Run {
            scenario: self.scenario.clone(),
            seed: self.seed,
            now: self.now,
        };
        let job = Rc::new(job);
        let Some(engine) = self.local.clone() else {
            self.request = Some((self.job, job));
            return;
        };
        self.request = None;
        let answer = Rc::new(std::cell::RefCell::new(None));
        let slot = answer.clone();
        engine.submit(
            (*job).clone(),
            yew::Callback::from(move |b| *slot.borrow_mut() = Some(b)),
        );
        let answer = answer.borrow_mut().take();
        if let Some(ReplyBody::Ran(r)) = answer {
            self.finish((*r).map(Rc::new), job);
        }
    }

    /// Take the answer to `job`: the transcript (diffed against the previous one) or the error.
    fn finish(&mut self, run: Result<Rc<Transcript>, RunError>, job: Rc<Job>) {
        match run {
            Ok(t) => {
                self.ran = Some(job);
                self.changed = match &self.transcript {
                    Some(old) => changed_steps(old, &t),
                    None => vec![false; t.steps.len()],
                };
                self.core_error = None;
                self.previous = self.transcript.take();
                self.transcript = Some(t);
            }
            Err(RunError {
                invalid_input: true,
                reason,
            }) => match Input::of_core_reason(&reason) {
                Some(input) => {
                    self.errors.insert(input, Msg::Core(reason));
                    self.core_error = None;
                }
                None => self.core_error = Some(reason),
            },
            Err(e) => self.core_error = Some(e.reason),
        }
        let len = self.len();
        self.step = self.step.min(len.saturating_sub(1));
        self.hover = None;
        if let Some(step) = self.starting.take() {
            self.started(step);
        }
    }
}

/// The failing steps of a transcript: those with a failed check, then the step the outcome names.
pub fn failed_steps(t: &Transcript) -> Vec<usize> {
    let (Outcome::Failed { step, .. } | Outcome::Refused { step, .. }) = &t.outcome else {
        return Vec::new();
    };
    let mut v: Vec<usize> = t
        .steps
        .iter()
        .enumerate()
        .filter(|(_, s)| s.checks.iter().any(|c| !c.ok))
        .map(|(i, _)| i)
        .collect();
    if !v.contains(step) {
        v.push(*step);
    }
    v
}

/// The step of `old` that step `i` of `new` is compared with: the same key, n-th occurrence with
/// n-th occurrence (as in [`changed_steps`]).
pub fn matching_step<'a>(
    old: &'a Transcript,
    new: &Transcript,
    i: usize,
) -> Option<&'a tlsim_core::Step> {
    let key = new.steps.get(i)?.key;
    let nth = new.steps[..i].iter().filter(|s| s.key == key).count();
    old.steps.iter().filter(|s| s.key == key).nth(nth)
}

/// For each step of `new`: is it new, or do its bytes, derived values or checks differ from the
/// step of `old` with the same key (n-th occurrence matched with n-th occurrence)?
pub fn changed_steps(old: &Transcript, new: &Transcript) -> Vec<bool> {
    let mut seen: BTreeMap<tlsim_core::StepKey, usize> = BTreeMap::new();
    new.steps
        .iter()
        .map(|step| {
            let n = seen.entry(step.key).or_insert(0);
            let prev = old.steps.iter().filter(|s| s.key == step.key).nth(*n);
            *n += 1;
            match prev {
                Some(p) => {
                    p.bytes != step.bytes || p.derived != step.derived || p.checks != step.checks
                }
                None => true,
            }
        })
        .collect()
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        let range = s.embed.step_range(s.len());
        let first = range.start;
        let last = range.end.saturating_sub(1);
        match action {
            Action::Goto(i) => {
                s.step = i.clamp(first, last.max(first));
                s.hover = None;
            }
            Action::Next => {
                s.step = (s.step + 1).min(last);
                s.playing = false;
                s.hover = None;
            }
            Action::Prev => {
                s.step = s.step.saturating_sub(1).max(first);
                s.playing = false;
                s.hover = None;
            }
            Action::First => {
                s.step = first;
                s.playing = false;
                s.hover = None;
            }
            Action::Last => {
                s.step = last;
                s.playing = false;
                s.hover = None;
            }
            Action::TogglePlay => {
                if !s.playing && s.step >= last {
                    s.step = first;
                }
                s.playing = !s.playing && last > first;
            }
            Action::Tick => {
                if !s.playing {
                    return self;
                }
                if s.step < last {
                    s.step += 1;
                    s.hover = None;
                }
                if s.step >= last {
                    s.playing = false;
                }
            }
            Action::Speed(i) => s.speed = i.min(SPEEDS.len() - 1),
            Action::Hover(h) => {
                if s.hover == h {
                    return self;
                }
                s.hover = h;
            }
            Action::Preset(p) => {
                let scenario = p.scenario(s.now);
                // A preset's own key (the weak-key failure's RSA-1024) replaces a teaching key;
                // a key the learner pasted stays unless the preset needs another.
                let d = Scenario::default();
                let preset_keys = [
                    (&scenario.ca_key, &d.ca_key),
                    (&scenario.server_key, &d.server_key),
                    (&scenario.client_key, &d.client_key),
                ];
                for (slot, (key, default)) in s.base_keys.iter_mut().zip(preset_keys) {
                    if key != default || matches!(slot, KeySource::Builtin(_)) {
                        *slot = key.clone();
                    }
                }
                let bits = s.form.key_bits;
                s.form = Form::from_scenario(&scenario);
                s.form.key_bits = bits;
                s.scenario = scenario;
                s.preset = Some(p);
                s.step = first;
                s.starting = None; // the preset's first step, not the link's
                s.recompute();
                s.playing = s.len() > 1;
            }
            Action::Text(input, v) => {
                let f = &mut s.form;
                let slot = match input {
                    Input::CaName => &mut f.ca_name,
                    Input::ServerName => &mut f.server_name,
                    Input::Sans => &mut f.sans,
                    Input::ClientHost => &mut f.client_host,
                    Input::NotBefore => &mut f.not_before,
                    Input::NotAfter => &mut f.not_after,
                    Input::ClientRandom => &mut f.client_random,
                    Input::ServerRandom => &mut f.server_random,
                    Input::PreMaster => &mut f.pre_master,
                    Input::SessionId => &mut f.session_id,
                    Input::ExtraRoots => &mut f.extra_roots,
                    Input::AppMessage => &mut f.app_message,
                    Input::ClientEphemeral => &mut f.client_ephemeral,
                    Input::ServerEphemeral => &mut f.server_ephemeral,
                    Input::TicketKey => &mut f.ticket_key,
                    _ => return self,
                };
                if *slot == v {
                    return self;
                }
                *slot = v;
                s.recompute();
            }
            Action::Flag(input, v) => {
                let f = &mut s.form;
                match input {
                    Input::TrustCa => f.trust_ca = v,
                    Input::Ems => f.ems = v,
                    Input::ClientAuth => f.client_auth = v,
                    Input::ChainDepth => f.intermediate = v,
                    Input::CheckRevocation => f.check_revocation = v,
                    _ => return self,
                }
                s.recompute();
            }
            Action::KeyBits(input, b) => {
                let i = match input {
                    Input::CaKeyBits => 0,
                    Input::ServerKeyBits => 1,
                    Input::ClientKeyBits => 2,
                    _ => return self,
                };
                s.form.key_bits[i] = b;
                s.keygen = s.spec_from_form(None);
                s.keygen_error = None;
                s.recompute();
            }
            Action::NewKeys(seed) => {
                s.keygen = s.spec_from_form(Some(seed));
                s.keygen_error = None;
                s.recompute();
            }
            Action::Lang(l) => s.lang = l,
            Action::ShowTcp(on) => s.show_tcp = on,
            Action::Suite(code, on) => {
                let mut set: Vec<u16> = s.form.suites.clone();
                set.retain(|c| *c != code);
                if on {
                    set.push(code);
                }
                // keep the order of the list of offered suites
                s.form.suites = crate::form::SUITES
                    .iter()
                    .copied()
                    .filter(|c| set.contains(c))
                    .collect();
                s.recompute();
            }
            Action::Kx(kx) => {
                if s.form.kx == kx {
                    return self;
                }
                s.form.kx = kx;
                if !s.form.suites.contains(&kx.suite()) {
                    s.form.suites.push(kx.suite());
                    s.form.suites = crate::form::SUITES
                        .iter()
                        .copied()
                        .filter(|c| s.form.suites.contains(c))
                        .collect();
                }
                // A group of the other kind follows the key exchange.
                if kx.is_ephemeral() && s.form.group.is_ec() != (kx == KxAlg::Ecdhe) {
                    s.form.group = if kx == KxAlg::Ecdhe {
                        Group::X25519
                    } else {
                        Group::Ffdhe2048
                    };
                }
                s.recompute();
            }
            Action::Group(g) => {
                s.form.group = g;
                if g.is_ec() != (s.form.kx == KxAlg::Ecdhe) {
                    return Rc::new(s).reduce(Action::Kx(if g.is_ec() {
                        KxAlg::Ecdhe
                    } else {
                        KxAlg::Dhe
                    }));
                }
                s.recompute();
            }
            Action::Resume(r) => {
                if s.form.resume == r {
                    return self;
                }
                s.form.resume = r;
                s.recompute();
            }
            Action::Version(v) => {
                if s.form.version == v {
                    return self;
                }
                s.form.version = v;
                // The plain handshake's button follows the version (the scenarios are the same
                // but for it); a failure of the other version is no longer what is on screen.
                s.preset = match (s.preset, v) {
                    (Some(Preset::Normal), TlsVersion::Tls13) => Some(Preset::Tls13),
                    (Some(Preset::Tls13), TlsVersion::Tls12) => Some(Preset::Normal),
                    (p, _) => p,
                };
                if v == TlsVersion::Tls12 {
                    s.scenario
                        .faults
                        .retain(|f| !matches!(f, Fault::Tls13 { .. }));
                }
                s.recompute();
            }
            Action::Seed(seed) => {
                s.seed = seed;
                s.recompute();
            }
            Action::Now(now) => {
                s.now = clamp_time(now);
                s.recompute();
            }
            Action::Deferred(inner) => {
                let wait = match *inner {
                    Action::Text(..) => TYPING_PAUSE_MS,
                    _ => 0,
                };
                let mut staged = s;
                staged.deferring = true;
                let mut next = (*Rc::new(staged).reduce(*inner)).clone();
                next.deferring = false;
                if next.stale > 0 {
                    next.stale_wait_ms = wait;
                }
                return Rc::new(next);
            }
            Action::Recompute => {
                if s.stale == 0 {
                    return self;
                }
                s.stale = 0;
                s.run();
            }
            Action::Ran(id, run) => {
                if id != s.job {
                    return self; // an answer for inputs edited since
                }
                let Some((_, job)) = s.request.take() else {
                    return self; // no run was asked for
                };
                s.finish(run, job);
            }
            Action::EngineFailed(why) => {
                s.request = None;
                s.engine_error = Some(why);
            }
            Action::KeygenProgress(p) => s.keygen_progress = Some(p),
            Action::KeysDone(spec, result) => {
                if s.keygen.as_ref() != Some(&spec) {
                    return self; // a stale answer for keys no longer wanted
                }
                s.keygen_progress = None;
                match result {
                    Ok(keys) => {
                        s.keys = Some((spec, keys));
                        s.keygen_error = None;
                        s.recompute();
                    }
                    Err(e) => s.keygen_error = Some(e),
                }
            }
        }
        Rc::new(s)
    }
}
