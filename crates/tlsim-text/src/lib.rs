//! # tlsim-text
//!
//! Every sentence tlsim shows, once per language: English in [`en`], Korean in [`ko`]. The page,
//! the CLI and the Markdown export all render from here; the core only names things (typed step
//! kinds, check ids, value ids, field names) and says things (a [`tlsim_core::msg::Msg`]: a key
//! with typed, language-neutral arguments).
//!
//! Keys of the tables are dotted, lowercase: `ui.play`, `step.client_hello.title`,
//! `check.host_name`, `msg.issuer_not_trusted`, ... Texts may hold `{name}` placeholders, filled
//! by [`tf`] (page texts) or [`render`] (the core's messages).
//!
//! Korean is translated by meaning, in 합니다체, with the English term in parentheses on first use
//! where learners must match RFCs and Wireshark. Templates never put a particle that depends on
//! the last syllable (은/는, 이/가, 을/를) right after a placeholder.
#![forbid(unsafe_code)]
#![cfg_attr(not(test), deny(clippy::unwrap_used))]
#![warn(missing_docs)]

#[cfg(feature = "embedded")]
mod en;
#[cfg(feature = "embedded")]
mod ko;
pub mod markdown;
#[cfg(feature = "embedded")]
mod msg_en;
#[cfg(feature = "embedded")]
mod msg_ko;
mod render;
mod supply;
mod version;

pub use supply::{install, is_loaded, parse, OwnedPairs, TablesError, TABLES_VERSION};
#[cfg(feature = "embedded")]
pub use supply::{tables_hash, to_json};

/// A table: (key, text) pairs, in table order.
pub type Pairs = &'static [(&'static str, &'static str)];

pub use markdown::markdown;
pub use render::{
    actor, alert_meaning, arg, check_label, lane, outcome, render, render_all, step_explain,
    step_title, template, time,
};

use std::collections::HashMap;
use std::sync::OnceLock;

/// The compiled tables (feature `embedded`).
#[cfg(feature = "embedded")]
mod embedded {
    use crate::Lang;

    /// (texts, message templates) of `lang`.
    pub(crate) fn tables(lang: Lang) -> (crate::Pairs, crate::Pairs) {
        match lang {
            Lang::En => (crate::en::TEXTS, crate::msg_en::TEXTS),
            Lang::Ko => (crate::ko::TEXTS, crate::msg_ko::TEXTS),
        }
    }
}

/// A language of the page.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, Hash)]
pub enum Lang {
    /// English (the default, and the fallback for missing texts).
    #[default]
    En,
    /// Korean (한국어).
    Ko,
}

impl Lang {
    /// Every language, in the order the switch shows them.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Ko];

    /// The BCP 47 code used in URLs and `<html lang>`: "en" or "ko".
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ko => "ko",
        }
    }

    /// From a code: "en", "ko", also "en-US", "ko-KR" and any letter case. `None` otherwise.
    pub fn from_code(code: &str) -> Option<Lang> {
        let primary = code.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Lang::En),
            "ko" | "kr" => Some(Lang::Ko),
            _ => None,
        }
    }

    /// The language's own name, for the switch: "English", "한국어".
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Ko => "한국어",
        }
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

impl std::str::FromStr for Lang {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Lang::from_code(s).ok_or_else(|| format!("unknown language {s:?} (use en or ko)"))
    }
}

/// The message templates of a language: (message key name, template) pairs (empty while a
/// run-time table is not installed).
pub fn msg_table(lang: Lang) -> &'static [(&'static str, &'static str)] {
    supply::loaded(lang).map_or(&[], |l| l.msgs)
}

/// The raw table of a language: (key, text) pairs (empty while a run-time table is not installed).
pub fn table(lang: Lang) -> &'static [(&'static str, &'static str)] {
    supply::loaded(lang).map_or(&[], |l| l.texts)
}

/// Does `lang` have its own text for `key` (no fallback)?
pub fn has(lang: Lang, key: &str) -> bool {
    supply::loaded(lang).is_some_and(|l| l.text(key).is_some())
}

/// The text of `key` in `lang`; falls back to English, then to the key itself.
pub fn t(lang: Lang, key: &str) -> &'static str {
    let find = |l: Lang| supply::loaded(l).and_then(|t| t.text(key));
    find(lang)
        .or_else(|| find(Lang::En))
        // Unknown key: show it (leaked once per distinct key; keys are few and static in practice).
        .unwrap_or_else(|| leak_key(key))
}

/// The message template of `key` in `lang`, if that language has one (no fallback).
pub(crate) fn msg_template(lang: Lang, key: &str) -> Option<&'static str> {
    supply::loaded(lang).and_then(|t| t.msg(key))
}

/// A key shown as its own text (leaked once per distinct key; keys are few and static in practice).
pub fn leak_key(key: &str) -> &'static str {
    use std::sync::Mutex;
    static UNKNOWN: OnceLock<Mutex<HashMap<String, &'static str>>> = OnceLock::new();
    let m = UNKNOWN.get_or_init(|| Mutex::new(HashMap::new()));
    let Ok(mut m) = m.lock() else {
        return "?";
    };
    if let Some(s) = m.get(key) {
        return s;
    }
    let s: &'static str = Box::leak(key.to_string().into_boxed_str());
    m.insert(key.to_string(), s);
    s
}

/// [`t`] with `{name}` placeholders replaced by `args` (unknown placeholders are left as they are).
pub fn tf(lang: Lang, key: &str, args: &[(&str, &str)]) -> String {
    let mut s = t(lang, key).to_string();
    for (name, value) in args {
        s = s.replace(&format!("{{{name}}}"), value);
    }
    s
}

/// Every key of the English table (the reference set), in table order.
pub fn keys() -> impl Iterator<Item = &'static str> {
    table(Lang::En).iter().map(|(k, _)| *k)
}

/// Placeholders (`{name}`) in a text, sorted and deduplicated (used by the completeness test).
pub fn placeholders(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close)
                if close > 0
                    && after[..close]
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_') =>
            {
                out.push(&after[..close]);
                rest = &after[close + 1..];
            }
            _ => rest = after,
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(all(test, feature = "embedded"))]
mod tests;

#[cfg(test)]
mod supply_tests;
