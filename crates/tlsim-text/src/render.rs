//! Rendering the core's vocabulary and messages in a language.

use crate::{t, tf, Lang};
use tlsim_core::error::AlertDescription;
use tlsim_core::msg::{Arg, Msg, MsgKey};
use tlsim_core::{Actor, CheckId, Outcome, StepKey};

/// The template of a message key in `lang` (English if `lang` lacks it, the key name if both do).
pub fn template(lang: Lang, key: MsgKey) -> &'static str {
    crate::msg_template(lang, key.name())
        .or_else(|| crate::msg_template(Lang::En, key.name()))
        .unwrap_or_else(|| crate::leak_key(key.name()))
}

/// A message in `lang`: its template with every `{arg}` filled.
pub fn render(lang: Lang, m: &Msg) -> String {
    let mut s = template(lang, m.key()).to_string();
    for (name, a) in m.args() {
        let needle = format!("{{{name}}}");
        if s.contains(&needle) {
            s = s.replace(&needle, &arg(lang, a));
        }
    }
    s
}

/// Several messages as one paragraph.
pub fn render_all(lang: Lang, ms: &[Msg]) -> String {
    ms.iter()
        .map(|m| render(lang, m))
        .collect::<Vec<_>>()
        .join(" ")
}

/// One argument in `lang`.
pub fn arg(lang: Lang, a: &Arg) -> String {
    match a {
        Arg::Text(s) => s.clone(),
        Arg::Num(n) => n.to_string(),
        Arg::Int(n) => n.to_string(),
        Arg::Hex(b) => hex::encode(b),
        Arg::Time(s) => time(*s),
        Arg::Bool(b) => t(lang, if *b { "word.yes" } else { "word.no" }).to_string(),
        Arg::Alert(a) => a.name().to_string(),
        Arg::Suite(v) => tlsim_core::suites::suite_name(*v),
        Arg::Version(v) => tlsim_core::msgs::enums::version_name(*v),
        Arg::SigAlg(v) => tlsim_core::msgs::enums::sig_alg_name(*v),
        Arg::Actor(x) => actor(lang, *x).to_string(),
        Arg::Step(s) => step_title(lang, *s).to_string(),
        Arg::Check(c) => check_label(lang, *c).to_string(),
        Arg::Value(v) => v.name().to_string(),
        Arg::Field(f) => f.name().to_string(),
        Arg::List(l) => {
            if l.is_empty() {
                t(lang, "word.none").to_string()
            } else {
                l.iter()
                    .map(|x| arg(lang, x))
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        }
        Arg::Msg(m) => render(lang, m),
    }
}

/// A moment as `YYYY-MM-DD HH:MM:SS UTC` (the same in every language).
pub fn time(unix: i64) -> String {
    let days = unix.div_euclid(86_400);
    let secs = unix.rem_euclid(86_400);
    let (y, m, d) = tlsim_core::calendar::civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02} UTC",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

/// A step's title.
pub fn step_title(lang: Lang, k: StepKey) -> &'static str {
    t(lang, &format!("step.{}.title", k.name()))
}

/// A step's learner explanation.
pub fn step_explain(lang: Lang, k: StepKey) -> &'static str {
    t(lang, &format!("step.{}.explain", k.name()))
}

/// A check's label.
pub fn check_label(lang: Lang, c: CheckId) -> &'static str {
    t(lang, &format!("check.{}", c.name()))
}

/// What an alert means.
pub fn alert_meaning(lang: Lang, a: AlertDescription) -> &'static str {
    let key = format!("alert.{}", a.name());
    // Known to English, or to `lang` when only its table is installed (the page).
    if crate::has(Lang::En, &key) || crate::has(lang, &key) {
        t(lang, &key)
    } else {
        t(lang, "alert.unknown")
    }
}

/// Someone, in a sentence.
pub fn actor(lang: Lang, a: Actor) -> &'static str {
    t(
        lang,
        match a {
            Actor::Ca => "actor.ca",
            Actor::Client => "actor.client",
            Actor::Network => "actor.network",
            Actor::Server => "actor.server",
        },
    )
}

/// Someone as a lane label (capitalized in English: "Client", "Server", "CA", "Network").
pub fn lane(lang: Lang, a: Actor) -> &'static str {
    t(
        lang,
        match a {
            Actor::Ca => "lane.ca",
            Actor::Client => "lane.client",
            Actor::Network => "lane.network",
            Actor::Server => "lane.server",
        },
    )
}

/// How the session ended, in one line: success, or who sent which alert at which step and why.
pub fn outcome(lang: Lang, o: &Outcome) -> String {
    match o {
        Outcome::Success => t(lang, "md.success").to_string(),
        Outcome::Failed {
            by,
            alert,
            reason,
            step,
        } => tf(
            lang,
            "md.failed",
            &[
                ("step", &(step + 1).to_string()),
                ("by", actor(lang, *by)),
                ("alert", alert.name()),
                ("code", &alert.code().to_string()),
                ("reason", &render(lang, reason)),
            ],
        ),
        Outcome::Refused { by, reason, step } => tf(
            lang,
            "md.refused",
            &[
                ("step", &(step + 1).to_string()),
                ("by", actor(lang, *by)),
                ("reason", &render(lang, reason)),
            ],
        ),
    }
}
