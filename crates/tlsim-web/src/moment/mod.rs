//! The four moments the page exists for (issue 11), as frames built from this run's values:
//!
//! - [`sign`]: the CA signing the server's certificate;
//! - [`verify`]: the client checking that signature with the CA's public key;
//! - [`premaster`]: the pre-master padded, encrypted, carried across and opened by the server;
//! - [`derive`]: the pre-master and the randoms through the PRF into the master secret and the keys.
//!
//! Nothing here computes crypto: every byte is cut from the [`tlsim_core::math::Math`] and the
//! [`tlsim_core::Derived`] values of the transcript. A moment is plain data (native tests check
//! it); `components::moment` draws it, one frame at a time.

pub mod derive;
pub mod premaster;
pub mod sign;
pub mod verify;

use tlsim_core::{Actor, Msg, StepKey, Transcript};

/// Which moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MomentKind {
    /// The CA signs the server's certificate.
    Sign,
    /// The client verifies the CA's signature.
    Verify,
    /// The pre-master's trip from client to server (RSA key exchange only).
    PreMaster,
    /// The key derivation.
    Derive,
}

impl MomentKind {
    /// Stable name (`data-moment`, text keys `moment.<name>.*`).
    pub fn name(self) -> &'static str {
        match self {
            MomentKind::Sign => "sign",
            MomentKind::Verify => "verify",
            MomentKind::PreMaster => "premaster",
            MomentKind::Derive => "derive",
        }
    }

    /// The lanes the moment plays on, left to right.
    pub fn lanes(self) -> &'static [Actor] {
        match self {
            MomentKind::Sign => &[Actor::Ca, Actor::Server],
            MomentKind::Verify => &[Actor::Client],
            MomentKind::PreMaster => &[Actor::Client, Actor::Network, Actor::Server],
            MomentKind::Derive => &[Actor::Client],
        }
    }
}

/// The part a run of bytes plays in a block (CSS class `seg s-<name>`, as in the math panels).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SegKind {
    /// the leading 00
    Zero,
    /// the block type (01 or 02)
    Type,
    /// FF padding (signature)
    Ff,
    /// random nonzero padding (encryption)
    Ps,
    /// the 00 separator
    Sep,
    /// DigestInfo
    Info,
    /// the hash
    Hash,
    /// the message (the pre-master)
    Msg,
    /// a block that is not well formed
    Bad,
    /// a write key (key block split)
    Key,
    /// a write IV (key block split)
    Iv,
}

impl SegKind {
    /// The CSS class (shared with `components::math`).
    pub fn class(self) -> &'static str {
        match self {
            SegKind::Zero => "s-zero",
            SegKind::Type => "s-type",
            SegKind::Ff => "s-ff",
            SegKind::Ps => "s-ps",
            SegKind::Sep => "s-sep",
            SegKind::Info => "s-di",
            SegKind::Hash => "s-hash",
            SegKind::Msg => "s-msg",
            SegKind::Bad => "s-bad",
            SegKind::Key => "s-key",
            SegKind::Iv => "s-iv",
        }
    }
}

/// A run of bytes of a value with its part.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Seg {
    /// what it is
    pub kind: SegKind,
    /// first byte
    pub start: usize,
    /// one past the last byte
    pub end: usize,
    /// what the legend says (a formula-like name, not prose: `PS (221)`, `[0..16]`)
    pub label: String,
}

/// How a value is drawn.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Show {
    /// Head … tail when long.
    Whole,
    /// Cut into coloured parts.
    Parts(Vec<Seg>),
    /// The last `tail` bytes one cell each, compared with `other` (same length): equal cells
    /// pass, differing cells are marked.
    Compare {
        /// the other block
        other: Vec<u8>,
        /// how many trailing bytes are drawn
        tail: usize,
    },
}

/// One value on a frame.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Value {
    /// Stable id (`data-mv`); where the math panel of the same derived value shows the same
    /// bytes, the same id as its `data-math`.
    pub id: &'static str,
    /// The derived value it comes from (`data-for`, the math panel's `data-math-for`).
    pub of: &'static str,
    /// Its label: a name or a formula (`s = EM^d mod n`), never a sentence.
    pub label: String,
    /// The bytes, all of them (`data-hex`).
    pub bytes: Vec<u8>,
    /// How it is drawn.
    pub show: Show,
    /// Which lane holds it.
    pub lane: Actor,
}

/// One frame: what happens, and the values it shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Frame {
    /// Stable id within the moment (`data-frame-id`); the caption is `moment.<kind>.<id>`.
    pub id: &'static str,
    /// Placeholders of the caption.
    pub args: Vec<(&'static str, String)>,
    /// The values shown.
    pub values: Vec<Value>,
    /// Does a value travel from one lane to another on this frame (`from`, `to`)?
    pub travel: Option<(Actor, Actor)>,
    /// A verdict reached on this frame: pass or fail.
    pub verdict: Option<bool>,
    /// The core's own words for it (a failed check's detail), if any.
    pub note: Option<Msg>,
}

impl Frame {
    fn new(id: &'static str) -> Self {
        Self {
            id,
            args: Vec::new(),
            values: Vec::new(),
            travel: None,
            verdict: None,
            note: None,
        }
    }

    fn arg(mut self, name: &'static str, v: impl ToString) -> Self {
        self.args.push((name, v.to_string()));
        self
    }

    fn value(mut self, v: Value) -> Self {
        self.values.push(v);
        self
    }

    /// The value with this id, if the frame shows it.
    pub fn get(&self, id: &str) -> Option<&Value> {
        self.values.iter().find(|v| v.id == id)
    }
}

/// A moment: its kind and its frames, in order (never empty).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Moment {
    /// which moment
    pub kind: MomentKind,
    /// the frames
    pub frames: Vec<Frame>,
}

impl Moment {
    /// The verdict of the last frame that has one (the verification's pass or fail).
    pub fn verdict(&self) -> Option<bool> {
        self.frames.iter().rev().find_map(|f| f.verdict)
    }
}

/// The moment that happens at step `i` of `t`, if any: the issuance of the server's certificate,
/// its check, the ClientKeyExchange of an RSA key exchange, the key derivation on either side.
pub fn moment_at(t: &Transcript, i: usize) -> Option<Moment> {
    let step = t.steps.get(i)?;
    let frames = match step.key {
        StepKey::IssueServerCert => sign::frames(step),
        StepKey::VerifyServerCert => verify::frames(step),
        StepKey::ClientKeyExchange => premaster::frames(t, i),
        StepKey::DeriveKeysClient | StepKey::DeriveKeysServer => derive::frames(step),
        _ => None,
    }?;
    let kind = match step.key {
        StepKey::IssueServerCert => MomentKind::Sign,
        StepKey::VerifyServerCert => MomentKind::Verify,
        StepKey::ClientKeyExchange => MomentKind::PreMaster,
        _ => MomentKind::Derive,
    };
    (!frames.is_empty()).then_some(Moment { kind, frames })
}

/// The parts of a signature block `00 01 FF..FF 00 DigestInfo H` of `k` bytes, with an
/// `info`-byte DigestInfo and an `h`-byte hash.
pub fn type1_segs(k: usize, info: usize, h: usize) -> Vec<Seg> {
    let t = info + h;
    if k < t + 11 {
        return vec![seg(SegKind::Bad, 0, k, "EM")];
    }
    let ff = k - t - 3;
    vec![
        seg(SegKind::Zero, 0, 1, "00"),
        seg(SegKind::Type, 1, 2, "01"),
        seg(SegKind::Ff, 2, 2 + ff, &format!("FF…FF ({ff})")),
        seg(SegKind::Sep, 2 + ff, 3 + ff, "00"),
        seg(
            SegKind::Info,
            3 + ff,
            k - h,
            &format!("DigestInfo ({info})"),
        ),
        seg(SegKind::Hash, k - h, k, &format!("H ({h})")),
    ]
}

/// The parts of an encryption block `00 02 PS 00 M` of `k` bytes with a `ps`-byte PS.
pub fn type2_segs(k: usize, ps: usize) -> Vec<Seg> {
    if k < ps + 3 {
        return vec![seg(SegKind::Bad, 0, k, "EM")];
    }
    vec![
        seg(SegKind::Zero, 0, 1, "00"),
        seg(SegKind::Type, 1, 2, "02"),
        seg(SegKind::Ps, 2, 2 + ps, &format!("PS ({ps})")),
        seg(SegKind::Sep, 2 + ps, 3 + ps, "00"),
        seg(
            SegKind::Msg,
            3 + ps,
            k,
            &format!("pre_master_secret ({})", k - ps - 3),
        ),
    ]
}

fn seg(kind: SegKind, start: usize, end: usize, label: &str) -> Seg {
    Seg {
        kind,
        start,
        end,
        label: label.to_string(),
    }
}

fn whole(id: &'static str, of: &'static str, label: &str, bytes: &[u8], lane: Actor) -> Value {
    Value {
        id,
        of,
        label: label.to_string(),
        bytes: bytes.to_vec(),
        show: Show::Whole,
        lane,
    }
}

fn parts(
    id: &'static str,
    of: &'static str,
    label: &str,
    bytes: &[u8],
    segs: Vec<Seg>,
    lane: Actor,
) -> Value {
    Value {
        id,
        of,
        label: label.to_string(),
        bytes: bytes.to_vec(),
        show: Show::Parts(segs),
        lane,
    }
}

/// What a frame control asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FrameCmd {
    /// the first frame
    First,
    /// one frame back
    Prev,
    /// one frame on
    Next,
    /// the last frame
    Last,
    /// a given frame
    Go(usize),
    /// play or pause
    Toggle,
    /// the frame timer fired
    Tick,
}

/// Where a moment's playback is: a small state machine over `len` frames.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Player {
    /// the frame shown
    pub frame: usize,
    /// advancing by itself?
    pub playing: bool,
}

impl Player {
    /// The start: playing from the first frame, or, when the reader asks for reduced motion,
    /// still on the last frame (the whole story at once).
    pub fn start(len: usize, reduced_motion: bool) -> Self {
        if reduced_motion {
            Self {
                frame: len.saturating_sub(1),
                playing: false,
            }
        } else {
            Self {
                frame: 0,
                playing: len > 1,
            }
        }
    }

    /// The next state, for a moment of `len` frames. Any step by hand pauses; the timer stops on
    /// the last frame; play from the last frame starts over.
    pub fn apply(self, cmd: FrameCmd, len: usize) -> Self {
        let last = len.saturating_sub(1);
        let frame = self.frame.min(last);
        let by_hand = |frame: usize| Self {
            frame: frame.min(last),
            playing: false,
        };
        match cmd {
            FrameCmd::First => by_hand(0),
            FrameCmd::Prev => by_hand(frame.saturating_sub(1)),
            FrameCmd::Next => by_hand(frame + 1),
            FrameCmd::Last => by_hand(last),
            FrameCmd::Go(i) => by_hand(i),
            FrameCmd::Toggle if self.playing => by_hand(frame),
            FrameCmd::Toggle => Self {
                frame: if frame >= last { 0 } else { frame },
                playing: last > 0,
            },
            FrameCmd::Tick if !self.playing => self,
            FrameCmd::Tick => Self {
                frame: (frame + 1).min(last),
                playing: frame + 1 < last,
            },
        }
    }
}

/// How long a frame stays when playing, ms, at speed index `speed` (`state::SPEEDS`: 0.5×, 1×,
/// 2×, 4×).
pub fn frame_ms(speed: usize) -> u32 {
    let mult = crate::state::SPEEDS.get(speed).map_or(4, |s| s.0);
    2200 * 4 / mult
}

/// The key that steps the frames, if any (← → Home End; a frame's controls take them before the
/// page's step shortcuts do).
pub fn frame_key(key: &str) -> Option<FrameCmd> {
    match key {
        "ArrowRight" => Some(FrameCmd::Next),
        "ArrowLeft" => Some(FrameCmd::Prev),
        "Home" => Some(FrameCmd::First),
        "End" => Some(FrameCmd::Last),
        _ => None,
    }
}

/// A lane's stable name (`mlane-<name>`, `data-travel`).
pub fn lane_name(a: Actor) -> &'static str {
    match a {
        Actor::Ca => "ca",
        Actor::Client => "client",
        Actor::Network => "network",
        Actor::Server => "server",
    }
}
