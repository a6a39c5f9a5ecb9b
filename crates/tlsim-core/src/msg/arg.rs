//! The typed arguments of a message. Each renders the same in every language except where the
//! language must choose words (a boolean, an actor, a step's title, a nested message).

use super::Msg;
use crate::error::AlertDescription;
use crate::transcript::Actor;
use crate::vocab::{CheckId, FieldName, StepKey, ValueId};
use serde::{Deserialize, Serialize};

/// Bytes, shown as hex.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hex(pub Vec<u8>);

/// A moment, Unix seconds (UTC), shown as a date and time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Time(pub i64);

/// A cipher suite by value, shown with its name from [`crate::suites`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Suite(pub u16);

/// A protocol version by value, e.g. TLS 1.2 (0x0303).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Version(pub u16);

/// A signature scheme by value, e.g. rsa_pkcs1_sha256 (0x0401).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SigAlg(pub u16);

/// One argument of a message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Arg {
    /// A name or the learner's own input (a host, a distinguished name, an identifier), as is.
    Text(String),
    /// A count, a length, an index, an offset.
    Num(u64),
    /// A signed number.
    Int(i64),
    /// Bytes.
    Hex(#[serde(with = "crate::transcript::hex_bytes")] Vec<u8>),
    /// A date and time, Unix seconds.
    Time(i64),
    /// Yes or no.
    Bool(bool),
    /// A TLS alert.
    Alert(AlertDescription),
    /// A cipher suite.
    Suite(u16),
    /// A protocol version.
    Version(u16),
    /// A signature scheme.
    SigAlg(u16),
    /// Someone.
    Actor(Actor),
    /// A step, by its key (rendered as its title).
    Step(StepKey),
    /// A check, by its id (rendered as its label).
    Check(CheckId),
    /// A derived value, by its id.
    Value(ValueId),
    /// A field, by its name.
    Field(FieldName),
    /// Several arguments (rendered joined by commas).
    List(Vec<Arg>),
    /// A nested message (e.g. the reason inside a note).
    Msg(Box<Msg>),
}

impl std::fmt::Display for Arg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Arg::Text(s) => write!(f, "{s:?}"),
            Arg::Num(n) => write!(f, "{n}"),
            Arg::Int(n) => write!(f, "{n}"),
            Arg::Hex(b) => f.write_str(&hex::encode(b)),
            Arg::Time(t) => write!(f, "@{t}"),
            Arg::Bool(b) => write!(f, "{b}"),
            Arg::Alert(a) => f.write_str(a.name()),
            Arg::Suite(v) => write!(f, "{}", crate::suites::suite_name(*v)),
            Arg::Version(v) => f.write_str(&crate::msgs::enums::version_name(*v)),
            Arg::SigAlg(v) => f.write_str(&crate::msgs::enums::sig_alg_name(*v)),
            Arg::Actor(a) => write!(f, "{a:?}"),
            Arg::Step(s) => f.write_str(s.name()),
            Arg::Check(c) => f.write_str(c.name()),
            Arg::Value(v) => f.write_str(v.name()),
            Arg::Field(v) => f.write_str(v.name()),
            Arg::List(l) => {
                for (i, a) in l.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{a}")?;
                }
                Ok(())
            }
            Arg::Msg(m) => write!(f, "({m})"),
        }
    }
}

/// The way back from [`Arg`] to a message's typed argument (`CertMsg::of` & co.).
pub(crate) trait FromArg: Sized {
    /// The value, if `a` holds this type.
    fn from_arg(a: Arg) -> Option<Self>;
}

macro_rules! from_arg {
    ($($ty:ty => $pat:pat => $val:expr),* $(,)?) => {
        $( impl FromArg for $ty {
            fn from_arg(a: Arg) -> Option<Self> {
                match a { $pat => $val, _ => None }
            }
        } )*
    };
}

from_arg! {
    String => Arg::Text(v) => Some(v),
    u64 => Arg::Num(v) => Some(v),
    usize => Arg::Num(v) => usize::try_from(v).ok(),
    u8 => Arg::Num(v) => u8::try_from(v).ok(),
    u16 => Arg::Num(v) => u16::try_from(v).ok(),
    u32 => Arg::Num(v) => u32::try_from(v).ok(),
    i64 => Arg::Int(v) => Some(v),
    bool => Arg::Bool(v) => Some(v),
    Hex => Arg::Hex(v) => Some(Hex(v)),
    Time => Arg::Time(v) => Some(Time(v)),
    Suite => Arg::Suite(v) => Some(Suite(v)),
    Version => Arg::Version(v) => Some(Version(v)),
    SigAlg => Arg::SigAlg(v) => Some(SigAlg(v)),
    AlertDescription => Arg::Alert(v) => Some(v),
    Actor => Arg::Actor(v) => Some(v),
    StepKey => Arg::Step(v) => Some(v),
    CheckId => Arg::Check(v) => Some(v),
    ValueId => Arg::Value(v) => Some(v),
    FieldName => Arg::Field(v) => Some(v),
    Box<Msg> => Arg::Msg(v) => Some(v),
    Msg => Arg::Msg(v) => Some(*v),
}

impl<T: FromArg> FromArg for Vec<T> {
    fn from_arg(a: Arg) -> Option<Self> {
        match a {
            Arg::List(v) => v.into_iter().map(T::from_arg).collect(),
            _ => None,
        }
    }
}

impl From<String> for Arg {
    fn from(v: String) -> Self {
        Arg::Text(v)
    }
}
impl From<&str> for Arg {
    fn from(v: &str) -> Self {
        Arg::Text(v.into())
    }
}
impl From<u64> for Arg {
    fn from(v: u64) -> Self {
        Arg::Num(v)
    }
}
impl From<usize> for Arg {
    fn from(v: usize) -> Self {
        Arg::Num(v as u64)
    }
}
impl From<u8> for Arg {
    fn from(v: u8) -> Self {
        Arg::Num(v.into())
    }
}
impl From<u16> for Arg {
    fn from(v: u16) -> Self {
        Arg::Num(v.into())
    }
}
impl From<u32> for Arg {
    fn from(v: u32) -> Self {
        Arg::Num(v.into())
    }
}
impl From<i64> for Arg {
    fn from(v: i64) -> Self {
        Arg::Int(v)
    }
}
impl From<bool> for Arg {
    fn from(v: bool) -> Self {
        Arg::Bool(v)
    }
}
impl From<Hex> for Arg {
    fn from(v: Hex) -> Self {
        Arg::Hex(v.0)
    }
}
impl From<Time> for Arg {
    fn from(v: Time) -> Self {
        Arg::Time(v.0)
    }
}
impl From<Suite> for Arg {
    fn from(v: Suite) -> Self {
        Arg::Suite(v.0)
    }
}
impl From<Version> for Arg {
    fn from(v: Version) -> Self {
        Arg::Version(v.0)
    }
}
impl From<SigAlg> for Arg {
    fn from(v: SigAlg) -> Self {
        Arg::SigAlg(v.0)
    }
}
impl From<AlertDescription> for Arg {
    fn from(v: AlertDescription) -> Self {
        Arg::Alert(v)
    }
}
impl From<Actor> for Arg {
    fn from(v: Actor) -> Self {
        Arg::Actor(v)
    }
}
impl From<StepKey> for Arg {
    fn from(v: StepKey) -> Self {
        Arg::Step(v)
    }
}
impl From<CheckId> for Arg {
    fn from(v: CheckId) -> Self {
        Arg::Check(v)
    }
}
impl From<ValueId> for Arg {
    fn from(v: ValueId) -> Self {
        Arg::Value(v)
    }
}
impl From<FieldName> for Arg {
    fn from(v: FieldName) -> Self {
        Arg::Field(v)
    }
}
impl From<Msg> for Arg {
    fn from(v: Msg) -> Self {
        Arg::Msg(Box::new(v))
    }
}
impl From<Box<Msg>> for Arg {
    fn from(v: Box<Msg>) -> Self {
        Arg::Msg(v)
    }
}
impl<T: Into<Arg>> From<Vec<T>> for Arg {
    fn from(v: Vec<T>) -> Self {
        Arg::List(v.into_iter().map(Into::into).collect())
    }
}
impl<T: Into<Arg>> From<Option<T>> for Arg {
    /// `None` is an empty list.
    fn from(v: Option<T>) -> Self {
        match v {
            Some(v) => v.into(),
            None => Arg::List(Vec::new()),
        }
    }
}
