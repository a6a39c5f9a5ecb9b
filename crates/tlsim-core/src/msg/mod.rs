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
/// enum (fieldless, with `ALL`, `name()` = `"<prefix>.<name>"` and `arg_names()`), the
/// conversion into a [`Msg`] (key plus arguments in declaration order) and the way back, `of`.
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

            /// The key of a stable name (`group.key`): a search of `ALL`, which compiles to
            /// far less code than a `match` on the strings.
            pub(crate) fn from_name(name: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|k| k.name() == name)
            }
        }

        impl $name {
            /// The message's key.
            pub fn key(&self) -> $key {
                match self { $( $name::$variant { .. } => $key::$variant ),* }
            }

            /// The arguments, moved out, in declaration order.
            fn into_args(self) -> Vec<$crate::msg::Arg> {
                match self {
                    $( $name::$variant { $( $arg ),* } => vec![ $( $crate::msg::Arg::from($arg) ),* ] ),*
                }
            }

            /// The typed message `m` holds, if it belongs to this group and its arguments have
            /// the declared types: for code and tests that match on variants.
            #[allow(unused_variables, unused_mut)]
            pub fn of(m: &$crate::msg::Msg) -> Option<Self> {
                use $crate::msg::arg::FromArg;
                let k = $key::try_from(m.key()).ok()?;
                let mut args = m.arg_values().iter().cloned();
                match k {
                    $( $key::$variant => Some($name::$variant { $( $arg: <$ty>::from_arg(args.next()?)? ),* }), )*
                }
            }
        }

        impl From<$name> for $crate::msg::Msg {
            fn from(m: $name) -> Self {
                let key = m.key().into();
                $crate::msg::Msg::new(key, m.into_args())
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

/// One message: a key and its arguments, in the order of the key's [`MsgKey::arg_names`].
/// Made from a group's typed message (`CertMsg::IssuerNotTrusted { .. }.into()`), read back as
/// one with `CertMsg::of(&msg)`. Front ends render it from the key and the arguments alone, so
/// they need no code per message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Msg {
    key: MsgKey,
    args: Vec<Arg>,
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

/// `From<group key> for MsgKey` and back.
macro_rules! key_groups {
    ($($group:ident($key:ty)),* $(,)?) => {
        $(
            impl From<$key> for MsgKey {
                fn from(k: $key) -> Self {
                    MsgKey::$group(k)
                }
            }
            impl TryFrom<MsgKey> for $key {
                type Error = MsgKey;
                fn try_from(k: MsgKey) -> Result<Self, MsgKey> {
                    match k {
                        MsgKey::$group(k) => Ok(k),
                        other => Err(other),
                    }
                }
            }
        )*
    };
}
key_groups!(
    Cert(CertKey),
    Hs(HsKey),
    Sim(SimKey),
    Field(FieldKey),
    Replay(ReplayKey)
);

impl MsgKey {
    /// The key of a stable name (`cert.issuer_not_trusted`), if there is one.
    pub fn from_name(name: &str) -> Option<MsgKey> {
        let (group, _) = name.split_once('.')?;
        match group {
            "cert" => CertKey::from_name(name).map(MsgKey::Cert),
            "hs" => HsKey::from_name(name).map(MsgKey::Hs),
            "sim" => SimKey::from_name(name).map(MsgKey::Sim),
            "field" => FieldKey::from_name(name).map(MsgKey::Field),
            "replay" => ReplayKey::from_name(name).map(MsgKey::Replay),
            _ => None,
        }
    }
}

impl Msg {
    /// A message of `key` with `args` in the key's declaration order (the groups' `From`).
    fn new(key: MsgKey, args: Vec<Arg>) -> Self {
        debug_assert_eq!(args.len(), key.arg_names().len(), "{}", key.name());
        Msg { key, args }
    }

    /// The message's key.
    pub fn key(&self) -> MsgKey {
        self.key
    }

    /// The message's arguments with their names, in declaration order.
    pub fn args(&self) -> impl Iterator<Item = (&'static str, &Arg)> {
        self.key.arg_names().iter().copied().zip(&self.args)
    }

    /// The arguments alone, in declaration order.
    pub fn arg_values(&self) -> &[Arg] {
        &self.args
    }

    /// The argument called `name`.
    pub fn arg(&self, name: &str) -> Option<&Arg> {
        self.args().find_map(|(n, a)| (n == name).then_some(a))
    }
}

/// `key{arg=value, ...}`: for logs and test failures, not for learners (they get `tlsim-text`).
impl std::fmt::Display for Msg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.key().name())?;
        if !self.args.is_empty() {
            f.write_str("{")?;
            for (i, (n, a)) in self.args().enumerate() {
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
        struct Args<'a>(&'a Msg);
        impl Serialize for Args<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut m = s.serialize_map(Some(self.0.args.len()))?;
                for (k, v) in self.0.args() {
                    m.serialize_entry(k, v)?;
                }
                m.end()
            }
        }
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("key", self.key().name())?;
        m.serialize_entry("args", &Args(self))?;
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
        use serde::de::Error;
        let Raw { key, mut args } = Raw::deserialize(d)?;
        let k = MsgKey::from_name(&key)
            .ok_or_else(|| D::Error::custom(format!("unknown message: {key}")))?;
        // The arguments in declaration order. Their types are not checked here: the front ends
        // render any argument, and `CertMsg::of` & co. check them where variants are matched.
        let args = k
            .arg_names()
            .iter()
            .map(|n| {
                args.remove(*n)
                    .ok_or_else(|| D::Error::custom(format!("{key}: missing argument {n}")))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Msg::new(k, args))
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

    #[test]
    fn a_group_message_comes_back_from_its_parts() {
        let inner: Msg = CertMsg::BadPadding {
            em_head: Hex(vec![0, 1]),
        }
        .into();
        let typed = CertMsg::SignatureUnrecoverable {
            hash: Hex(vec![1, 2, 3]),
            why: Box::new(inner.clone()),
        };
        let m: Msg = typed.clone().into();
        assert_eq!(CertMsg::of(&m), Some(typed));
        assert_eq!(HsMsg::of(&m), None, "another group's view is None");
        assert_eq!(m.arg("hash"), Some(&Arg::Hex(vec![1, 2, 3])));
        assert_eq!(m.arg("why"), Some(&Arg::Msg(Box::new(inner))));
        assert_eq!(m.arg("nope"), None);
        let back: Msg = serde_json::from_str(&serde_json::to_string(&m).unwrap()).unwrap();
        assert_eq!(back, m);
        assert_eq!(
            m.to_string(),
            "cert.signature_unrecoverable{hash=010203, why=(cert.bad_padding{em_head=0001})}"
        );
    }

    #[test]
    fn every_key_is_found_by_its_name() {
        for k in MsgKey::all() {
            assert_eq!(MsgKey::from_name(k.name()), Some(k));
        }
        assert_eq!(MsgKey::from_name("cert"), None);
        assert_eq!(MsgKey::from_name("cert.no_such_key"), None);
        assert_eq!(MsgKey::from_name("nogroup.bad_padding"), None);
    }

    #[test]
    fn a_message_with_an_unknown_key_or_a_missing_argument_is_refused() {
        let unknown = r#"{"key":"cert.no_such_key","args":{}}"#;
        let e = serde_json::from_str::<Msg>(unknown).unwrap_err();
        assert!(e.to_string().contains("unknown message"), "{e}");
        let missing = r#"{"key":"cert.issuer_not_trusted","args":{}}"#;
        let e = serde_json::from_str::<Msg>(missing).unwrap_err();
        assert!(e.to_string().contains("missing argument issuer"), "{e}");
        // A mistyped argument reads (front ends render any argument) but has no typed view.
        let mistyped = r#"{"key":"cert.issuer_not_trusted","args":{"issuer":{"num":3}}}"#;
        let m: Msg = serde_json::from_str(mistyped).unwrap();
        assert_eq!(CertMsg::of(&m), None);
    }
}
