//! Messages: every sentence the core has to say, as a key plus typed, language-neutral arguments
//! (hex, numbers, names, dates, booleans, other vocabulary; never English fragments). The front
//! ends render them from per-language templates (`tlsim-text`); JSON keeps key and arguments:
//! `{"key": "cert.issuer_not_trusted", "args": {"issuer": {"text": "CN=Evil CA"}}}`.
//!
//! Messages come in groups, one file each, named for who says them: [`CertMsg`] (issuing and
//! checking certificates), [`HsMsg`] (the handshake engines, records, the codec), [`SimMsg`] (the
//! simulated network, the man in the middle, the session's set-up), [`FieldMsg`] (what the bytes
//! of a field mean). Each group is declared with [`messages!`], which also gives every key its
//! stable name (`group.key`) and the names of its arguments, so that the texts can be tested for
//! completeness from the enums.

mod arg;
mod cert;
mod field;
mod hs;
mod replay;
mod sim;

pub use arg::{Arg, Hex, SigAlg, Suite, Time, Version};
pub use cert::{CertKey, CertMsg};
pub use field::{FieldKey, FieldMsg};
pub use hs::{HsKey, HsMsg};
pub use replay::{ReplayKey, ReplayMsg};
pub use sim::{SimKey, SimMsg};

use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Declares a message group: the message enum (struct variants with typed arguments), its key
/// enum (fieldless, with `ALL`, `name()` = `"<prefix>.<name>"` and `arg_names()`), and
/// `key()` / `args()` on the messages.
macro_rules! messages {
    (
        $(#[$meta:meta])*
        pub enum $name:ident / $key:ident = $prefix:literal {
            $( $(#[$vmeta:meta])* $variant:ident = $text:literal { $($arg:ident : $ty:ty),* $(,)? } ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq)]
        #[allow(missing_docs)]
        pub enum $name { $( $(#[$vmeta])* $variant { $( $arg: $ty ),* } ),* }

        #[doc = concat!("The keys of [`", stringify!($name), "`], without their arguments.")]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[allow(missing_docs)]
        pub enum $key { $( $variant ),* }

        impl $key {
            /// Every key of the group.
            pub const ALL: &'static [$key] = &[ $( $key::$variant ),* ];

            /// The stable name, `group.key`.
            pub fn name(self) -> &'static str {
                match self { $( $key::$variant => concat!($prefix, ".", $text) ),* }
            }

            /// The names of the key's arguments, in declaration order.
            pub fn arg_names(self) -> &'static [&'static str] {
                match self { $( $key::$variant => &[ $( stringify!($arg) ),* ] ),* }
            }
        }

        impl $name {
            /// The message's key.
            pub fn key(&self) -> $key {
                match self { $( $name::$variant { .. } => $key::$variant ),* }
            }

            /// The message's arguments by name, in declaration order.
            #[allow(unused_variables)]
            pub fn args(&self) -> Vec<(&'static str, $crate::msg::Arg)> {
                match self {
                    $( $name::$variant { $( $arg ),* } => vec![ $( (stringify!($arg), $crate::msg::Arg::from($arg.clone())) ),* ] ),*
                }
            }
        }

        impl $name {
            /// The message of a stable name without its group prefix (`text`), with its
            /// arguments taken from `args` (`None`: unknown name, missing or mistyped argument).
            pub(crate) fn from_parts(
                text: &str,
                args: &mut std::collections::BTreeMap<String, $crate::msg::Arg>,
            ) -> Option<Self> {
                #[allow(unused_imports)]
                use $crate::msg::arg::take;
                match text {
                    $( $text => Some($name::$variant { $( $arg: take::<$ty>(args, stringify!($arg))? ),* }), )*
                    _ => None,
                }
            }
        }

        impl From<$name> for $crate::msg::Msg {
            fn from(m: $name) -> Self {
                $crate::msg::Msg::$name(m)
            }
        }
    };
}
pub(crate) use messages;

/// A decode error: `what` (a wire struct or field name) must not be empty.
pub(crate) fn empty(what: &str) -> crate::Error {
    crate::Error::Decode(HsMsg::Empty { what: what.into() }.into())
}

/// A decode error: `what` holds 2-byte values but has an odd length (or none).
pub(crate) fn odd_length(what: &str) -> crate::Error {
    crate::Error::Decode(HsMsg::OddLength { what: what.into() }.into())
}

/// A decode error: `what` is `len` bytes, at most `max` are allowed.
pub(crate) fn too_long(what: &str, len: usize, max: usize) -> crate::Error {
    crate::Error::Decode(
        HsMsg::TooLong {
            what: what.into(),
            len,
            max,
        }
        .into(),
    )
}

/// One message: a key and its typed arguments.
#[derive(Clone, Debug, PartialEq, Eq)]
#[allow(clippy::enum_variant_names)]
pub enum Msg {
    /// Issuing and checking certificates.
    CertMsg(CertMsg),
    /// The handshake engines, the record layer, the codec.
    HsMsg(HsMsg),
    /// The simulated network, the man in the middle, the session's set-up.
    SimMsg(SimMsg),
    /// What a field's bytes mean.
    FieldMsg(FieldMsg),
    /// Replaying a recorded session.
    ReplayMsg(ReplayMsg),
}

/// The key of any message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MsgKey {
    /// see [`CertKey`]
    Cert(CertKey),
    /// see [`HsKey`]
    Hs(HsKey),
    /// see [`SimKey`]
    Sim(SimKey),
    /// see [`FieldKey`]
    Field(FieldKey),
    /// see [`ReplayKey`]
    Replay(ReplayKey),
}

impl MsgKey {
    /// Every message key of every group.
    pub fn all() -> Vec<MsgKey> {
        let mut v: Vec<MsgKey> = CertKey::ALL.iter().map(|k| MsgKey::Cert(*k)).collect();
        v.extend(HsKey::ALL.iter().map(|k| MsgKey::Hs(*k)));
        v.extend(SimKey::ALL.iter().map(|k| MsgKey::Sim(*k)));
        v.extend(FieldKey::ALL.iter().map(|k| MsgKey::Field(*k)));
        v.extend(ReplayKey::ALL.iter().map(|k| MsgKey::Replay(*k)));
        v
    }

    /// The stable name, e.g. `cert.issuer_not_trusted`.
    pub fn name(self) -> &'static str {
        match self {
            MsgKey::Cert(k) => k.name(),
            MsgKey::Hs(k) => k.name(),
            MsgKey::Sim(k) => k.name(),
            MsgKey::Field(k) => k.name(),
            MsgKey::Replay(k) => k.name(),
        }
    }

    /// The names of its arguments.
    pub fn arg_names(self) -> &'static [&'static str] {
        match self {
            MsgKey::Cert(k) => k.arg_names(),
            MsgKey::Hs(k) => k.arg_names(),
            MsgKey::Sim(k) => k.arg_names(),
            MsgKey::Field(k) => k.arg_names(),
            MsgKey::Replay(k) => k.arg_names(),
        }
    }
}

impl Msg {
    /// The message's key.
    pub fn key(&self) -> MsgKey {
        match self {
            Msg::CertMsg(m) => MsgKey::Cert(m.key()),
            Msg::HsMsg(m) => MsgKey::Hs(m.key()),
            Msg::SimMsg(m) => MsgKey::Sim(m.key()),
            Msg::FieldMsg(m) => MsgKey::Field(m.key()),
            Msg::ReplayMsg(m) => MsgKey::Replay(m.key()),
        }
    }

    /// The message's arguments by name.
    pub fn args(&self) -> Vec<(&'static str, Arg)> {
        match self {
            Msg::CertMsg(m) => m.args(),
            Msg::HsMsg(m) => m.args(),
            Msg::SimMsg(m) => m.args(),
            Msg::FieldMsg(m) => m.args(),
            Msg::ReplayMsg(m) => m.args(),
        }
    }
}

/// `key{arg=value, ...}`: for logs and test failures, not for learners (they get `tlsim-text`).
impl std::fmt::Display for Msg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.key().name())?;
        let args = self.args();
        if !args.is_empty() {
            f.write_str("{")?;
            for (i, (n, a)) in args.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write!(f, "{n}={a}")?;
            }
            f.write_str("}")?;
        }
        Ok(())
    }
}

impl Serialize for Msg {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct Args(Vec<(&'static str, Arg)>);
        impl Serialize for Args {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut m = s.serialize_map(Some(self.0.len()))?;
                for (k, v) in &self.0 {
                    m.serialize_entry(k, v)?;
                }
                m.end()
            }
        }
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("key", self.key().name())?;
        m.serialize_entry("args", &Args(self.args()))?;
        m.end()
    }
}

/// Reads back what [`Msg`]'s `Serialize` writes: `{"key": "group.name", "args": {..}}`.
impl<'de> Deserialize<'de> for Msg {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Raw {
            key: String,
            args: std::collections::BTreeMap<String, Arg>,
        }
        let Raw { key, mut args } = Raw::deserialize(d)?;
        let (group, text) = key.split_once('.').unwrap_or(("", ""));
        let a = &mut args;
        let msg = match group {
            "cert" => CertMsg::from_parts(text, a).map(Msg::CertMsg),
            "hs" => HsMsg::from_parts(text, a).map(Msg::HsMsg),
            "sim" => SimMsg::from_parts(text, a).map(Msg::SimMsg),
            "field" => FieldMsg::from_parts(text, a).map(Msg::FieldMsg),
            "replay" => ReplayMsg::from_parts(text, a).map(Msg::ReplayMsg),
            _ => None,
        };
        msg.ok_or_else(|| serde::de::Error::custom(format!("unknown message or arguments: {key}")))
    }
}

impl Serialize for MsgKey {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn names_are_unique_and_prefixed() {
        let mut seen = HashSet::new();
        for k in MsgKey::all() {
            assert!(seen.insert(k.name()), "duplicate key {}", k.name());
            let group = k.name().split('.').next().unwrap_or_default();
            assert!(
                ["cert", "hs", "sim", "field", "replay"].contains(&group),
                "{}",
                k.name()
            );
        }
    }

    #[test]
    fn a_message_serializes_as_key_and_typed_args() {
        let m: Msg = CertMsg::IssuerNotTrusted {
            issuer: "CN=Evil".into(),
        }
        .into();
        let j = serde_json::to_value(&m).expect("json");
        assert_eq!(j["key"], "cert.issuer_not_trusted");
        assert_eq!(j["args"]["issuer"]["text"], "CN=Evil");
        assert_eq!(m.key().arg_names(), &["issuer"]);
    }
}
