//! Where the tables live: compiled in (feature `embedded`, the default: the CLI, the Markdown
//! export, the tests), or supplied at run time (the page: `web/static/text/<lang>.json`,
//! generated from `en.rs`, `ko.rs`, `msg_en.rs` and `msg_ko.rs` by [`to_json`], installed once
//! per language with [`install`]).
//!
//! Either way a language's tables become one [`Loaded`]: the pairs in table order and a map
//! from key to text, built once, so a lookup is one hash probe and never allocates the table.
//!
//! The file format is JSON, one pair per line so a diff reads like the Rust tables:
//!
//! ```text
//! {"lang":"en","version":"<TABLES_VERSION>",
//! "texts":[
//! ["app.title","TLS 1.2 and 1.3 handshake simulator"],
//! ...
//! ],
//! "msgs":[
//! ["cert.issuer_not_trusted","The issuer \"{issuer}\" is not in the trust store."],
//! ...
//! ]}
//! ```
//!
//! `version` is a hash of every table of every language ([`TABLES_VERSION`], written into
//! `version.rs` with the files): a file of another build (a stale cache after a deploy) is
//! refused as [`TablesError::Stale`], and the page fetches it again past the caches.

use crate::Lang;
use std::collections::HashMap;
use std::sync::OnceLock;

pub use crate::version::TABLES_VERSION;
use crate::Pairs;

/// (key, text) pairs read from a table file.
pub type OwnedPairs = Vec<(String, String)>;

/// A language's tables, ready for lookups.
pub(crate) struct Loaded {
    /// Page texts, in table order.
    pub texts: Pairs,
    /// The core's message templates, in table order.
    pub msgs: Pairs,
    text_map: HashMap<&'static str, &'static str>,
    msg_map: HashMap<&'static str, &'static str>,
}

impl Loaded {
    fn new(texts: Pairs, msgs: Pairs) -> Loaded {
        Loaded {
            texts,
            msgs,
            text_map: texts.iter().copied().collect(),
            msg_map: msgs.iter().copied().collect(),
        }
    }

    /// The page text of `key`, if this language has it.
    pub fn text(&self, key: &str) -> Option<&'static str> {
        self.text_map.get(key).copied()
    }

    /// The message template of `key`, if this language has it.
    pub fn msg(&self, key: &str) -> Option<&'static str> {
        self.msg_map.get(key).copied()
    }
}

fn cell(lang: Lang) -> &'static OnceLock<Loaded> {
    static EN: OnceLock<Loaded> = OnceLock::new();
    static KO: OnceLock<Loaded> = OnceLock::new();
    match lang {
        Lang::En => &EN,
        Lang::Ko => &KO,
    }
}

/// The tables of `lang`: the compiled ones, or the installed ones (`None` before [`install`]).
#[cfg(feature = "embedded")]
pub(crate) fn loaded(lang: Lang) -> Option<&'static Loaded> {
    Some(cell(lang).get_or_init(|| {
        let (texts, msgs) = crate::embedded::tables(lang);
        Loaded::new(texts, msgs)
    }))
}

/// The tables of `lang`: the compiled ones, or the installed ones (`None` before [`install`]).
#[cfg(not(feature = "embedded"))]
pub(crate) fn loaded(lang: Lang) -> Option<&'static Loaded> {
    cell(lang).get()
}

/// Are the texts of `lang` available (always, with the tables compiled in)?
pub fn is_loaded(lang: Lang) -> bool {
    loaded(lang).is_some()
}

/// Why a table file was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TablesError {
    /// Not the JSON described in this module, at this line and column (1-based).
    Malformed {
        /// Line of the first error.
        line: usize,
        /// Column of the first error.
        column: usize,
    },
    /// The file is the table of another language.
    WrongLanguage {
        /// The language asked for.
        expected: Lang,
        /// The file's `"lang"`.
        found: String,
    },
    /// The file holds no page texts at all.
    Empty,
    /// The file comes from another version of the tables (e.g. a stale cache).
    Stale {
        /// The file's `"version"`.
        found: String,
    },
}

impl std::fmt::Display for TablesError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Shown only in the console: the page says it in both languages from index.html.
        match self {
            TablesError::Malformed { line, column } => {
                write!(f, "not a tlsim text table (line {line}, column {column})")
            }
            TablesError::WrongLanguage { expected, found } => {
                write!(f, "the table of {found:?}, expected {expected}")
            }
            TablesError::Empty => f.write_str("an empty text table"),
            TablesError::Stale { found } => {
                write!(f, "text table version {found}, expected {TABLES_VERSION}")
            }
        }
    }
}

impl std::error::Error for TablesError {}

#[derive(serde::Deserialize)]
struct File {
    lang: String,
    version: String,
    texts: Vec<(String, String)>,
    msgs: Vec<(String, String)>,
}

/// Parse a table file of `lang` into its (texts, msgs) pairs, without installing it.
pub fn parse(lang: Lang, json: &str) -> Result<(OwnedPairs, OwnedPairs), TablesError> {
    let file: File = serde_json::from_str(json).map_err(|e| TablesError::Malformed {
        line: e.line(),
        column: e.column(),
    })?;
    if Lang::from_code(&file.lang) != Some(lang) {
        return Err(TablesError::WrongLanguage {
            expected: lang,
            found: file.lang,
        });
    }
    if file.texts.is_empty() {
        return Err(TablesError::Empty);
    }
    if file.version != TABLES_VERSION {
        return Err(TablesError::Stale {
            found: file.version,
        });
    }
    Ok((file.texts, file.msgs))
}

/// Install the table file of `lang` (once: later calls, and every call with the tables compiled
/// in, only check the file). The strings live for the rest of the program.
pub fn install(lang: Lang, json: &str) -> Result<(), TablesError> {
    let (texts, msgs) = parse(lang, json)?;
    if is_loaded(lang) {
        return Ok(());
    }
    fn leak(pairs: OwnedPairs) -> Pairs {
        let v: Vec<(&'static str, &'static str)> = pairs
            .into_iter()
            .map(|(k, v)| {
                let k: &'static str = Box::leak(k.into_boxed_str());
                let v: &'static str = Box::leak(v.into_boxed_str());
                (k, v)
            })
            .collect();
        Box::leak(v.into_boxed_slice())
    }
    // A race with another install of the same language loses harmlessly (same file).
    let _ = cell(lang).set(Loaded::new(leak(texts), leak(msgs)));
    Ok(())
}

/// The table file of `lang`, generated from the compiled tables (see the module's format).
#[cfg(feature = "embedded")]
pub fn to_json(lang: Lang) -> String {
    fn q(s: &str) -> String {
        serde_json::Value::from(s).to_string()
    }
    fn pairs(out: &mut String, pairs: Pairs) {
        let lines: Vec<String> = pairs
            .iter()
            .map(|(k, v)| format!("[{},{}]", q(k), q(v)))
            .collect();
        out.push_str(&lines.join(",\n"));
    }
    let (texts, msgs) = crate::embedded::tables(lang);
    let mut out = format!(
        "{{\"lang\":{},\"version\":{},\n\"texts\":[\n",
        q(lang.code()),
        q(&tables_hash())
    );
    pairs(&mut out, texts);
    out.push_str("\n],\n\"msgs\":[\n");
    pairs(&mut out, msgs);
    out.push_str("\n]}\n");
    out
}

/// What [`TABLES_VERSION`] must be: FNV-1a (64 bits) over every language's texts and templates.
#[cfg(feature = "embedded")]
pub fn tables_hash() -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |s: &str| {
        for b in s.bytes().chain([0]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    };
    for lang in Lang::ALL {
        eat(lang.code());
        let (texts, msgs) = crate::embedded::tables(lang);
        for (k, v) in texts.iter().chain(msgs.iter()) {
            eat(k);
            eat(v);
        }
    }
    format!("{h:016x}")
}
