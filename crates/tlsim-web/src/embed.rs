//! Embed mode: the page inside an `<iframe>` in course notes (`?embed=1`).
//!
//! URL params (parsed by [`crate::url::decode_query`], written by [`crate::url::encode_query`]):
//!
//! | param        | meaning                                                             |
//! |--------------|---------------------------------------------------------------------|
//! | `embed=1`    | embedded: no page chrome (header, inputs, scenario bar, footer)     |
//! | `compact=0/1`| compact layout; on by default when embedded, can be set on its own |
//! | `from=N`     | first step shown (0-based, inclusive)                               |
//! | `to=N`       | last step shown (0-based, inclusive)                                |
//! | `autoplay=1` | start playing on load (honours `prefers-reduced-motion` in the UI)  |
//!
//! ## How to integrate
//!
//! ```ignore
//! let embed = decoded.state.embed;                  // from url::read_location()
//! html! { <div class={classes!("app", embed.root_classes())}> ... </div> }
//! if embed.shows_chrome() { /* header, inputs, scenarios, downloads */ }
//! let range = embed.step_range(transcript.steps.len());   // steps to list / play through
//! let step  = embed.clamp_step(step, transcript.steps.len());
//! if embed.autoplay { /* dispatch Play once the transcript is there */ }
//! ```
//! In embed mode, show a small link [`t(lang, "banner.embed_open_full")`](crate::i18n::t) to
//! `url::share_link(&state)` with `target="_blank" rel="noopener"`. CSS for the classes below goes in
//! the lead's stylesheet; the page must work from 600x400 up inside the iframe.

use crate::url::UrlWarning;
use std::ops::Range;

/// Class on the root element when embedded: hide the page chrome.
pub const CLASS_EMBED: &str = "tlsim-embed";
/// Class for the compact layout: smaller paddings, diagram above the detail panel.
pub const CLASS_COMPACT: &str = "tlsim-compact";
/// Class when a fixed step range is set (e.g. dim the step list outside it).
pub const CLASS_RANGE: &str = "tlsim-range";
/// Class when autoplay is on.
pub const CLASS_AUTOPLAY: &str = "tlsim-autoplay";
/// The smallest iframe the embedded page is designed for.
pub const MIN_SIZE: (u32, u32) = (600, 400);
/// The size the embed code uses.
pub const EMBED_SIZE: (u32, u32) = (800, 500);

/// Parsed embed options.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct EmbedOptions {
    /// `embed=1`: running inside an iframe, no page chrome.
    pub enabled: bool,
    /// Compact layout (default: same as `enabled`).
    pub compact: bool,
    /// First step shown (inclusive).
    pub from: Option<usize>,
    /// Last step shown (inclusive).
    pub to: Option<usize>,
    /// Start playing on load.
    pub autoplay: bool,
}

impl EmbedOptions {
    /// Embedded, compact, whole handshake, no autoplay.
    pub fn embedded() -> Self {
        Self {
            enabled: true,
            compact: true,
            ..Self::default()
        }
    }

    /// Show the header, inputs, scenario bar, share and download buttons?
    pub fn shows_chrome(&self) -> bool {
        !self.enabled
    }

    /// CSS classes for the root element.
    pub fn root_classes(&self) -> Vec<&'static str> {
        let mut c = Vec::new();
        if self.enabled {
            c.push(CLASS_EMBED);
        }
        if self.compact {
            c.push(CLASS_COMPACT);
        }
        if self.from.is_some() || self.to.is_some() {
            c.push(CLASS_RANGE);
        }
        if self.autoplay {
            c.push(CLASS_AUTOPLAY);
        }
        c
    }

    /// The same classes, space separated.
    pub fn class_string(&self) -> String {
        self.root_classes().join(" ")
    }

    /// The steps to show, as a half-open range clamped to `n_steps` (never empty when `n_steps > 0`).
    pub fn step_range(&self, n_steps: usize) -> Range<usize> {
        if n_steps == 0 {
            return 0..0;
        }
        let last = n_steps - 1;
        let from = self.from.unwrap_or(0).min(last);
        let to = self.to.unwrap_or(last).min(last).max(from);
        from..to + 1
    }

    /// `step` moved inside [`Self::step_range`].
    pub fn clamp_step(&self, step: usize, n_steps: usize) -> usize {
        let r = self.step_range(n_steps);
        if r.is_empty() {
            0
        } else {
            step.clamp(r.start, r.end - 1)
        }
    }

    /// The URL params for these options (empty when nothing is set).
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut p = Vec::new();
        if self.enabled {
            p.push(("embed", "1".to_string()));
        }
        if self.compact != self.enabled {
            p.push(("compact", if self.compact { "1" } else { "0" }.to_string()));
        }
        if let Some(f) = self.from {
            p.push(("from", f.to_string()));
        }
        if let Some(t) = self.to {
            p.push(("to", t.to_string()));
        }
        if self.autoplay {
            p.push(("autoplay", "1".to_string()));
        }
        p
    }

    /// Parse from URL params (`get` returns the last value of a param); bad values become
    /// defaults plus a warning.
    pub fn from_params(
        get: impl Fn(&str) -> Option<String>,
        warnings: &mut Vec<UrlWarning>,
    ) -> Self {
        let mut o = EmbedOptions::default();
        let flag = |name: &str, warnings: &mut Vec<UrlWarning>| -> Option<bool> {
            let v = get(name)?;
            match parse_flag(&v) {
                Some(b) => Some(b),
                None => {
                    warnings.push(UrlWarning::new(
                        name,
                        &v,
                        "url.bad_embed",
                        "expected 1 or 0",
                    ));
                    None
                }
            }
        };
        o.enabled = flag("embed", warnings).unwrap_or(false);
        o.compact = flag("compact", warnings).unwrap_or(o.enabled);
        o.autoplay = flag("autoplay", warnings).unwrap_or(false);
        let index = |name: &str, warnings: &mut Vec<UrlWarning>| -> Option<usize> {
            let v = get(name)?;
            match v.trim().parse::<usize>() {
                Ok(n) if n <= MAX_STEP => Some(n),
                _ => {
                    warnings.push(UrlWarning::new(
                        name,
                        &v,
                        "url.bad_embed",
                        "expected a step number",
                    ));
                    None
                }
            }
        };
        o.from = index("from", warnings);
        o.to = index("to", warnings);
        if let (Some(f), Some(t)) = (o.from, o.to) {
            if f > t {
                warnings.push(UrlWarning::new(
                    "from",
                    &format!("{f}..{t}"),
                    "url.bad_embed",
                    "from is after to: swapped",
                ));
                o.from = Some(t);
                o.to = Some(f);
            }
        }
        o
    }
}

/// Step indexes above this are refused in URLs (a transcript has a few dozen steps).
pub const MAX_STEP: usize = 10_000;

/// "1", "true", "yes", "on" and a bare `?embed` (empty) are true; "0", "false", "no", "off" false.
pub fn parse_flag(v: &str) -> Option<bool> {
    match v.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" | "" => Some(true),
        "0" | "false" | "no" | "off" => Some(false),
        _ => None,
    }
}
