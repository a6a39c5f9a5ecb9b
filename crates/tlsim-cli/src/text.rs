//! The transcript as plain text for a terminal, in a language (texts from `tlsim-text`).

use tlsim_core::transcript::Transcript;
use tlsim_text::{check_label, lane, outcome, render, render_all, step_title, t, tf, Lang};

fn short(b: &[u8], max: usize) -> String {
    if b.len() > max {
        format!("{}… ({})", hex::encode(&b[..max]), b.len())
    } else {
        hex::encode(b)
    }
}

/// One paragraph per step: who, what, the notes, the fields (top levels), derived values, checks.
pub fn text(tr: &Transcript, seed: &[u8; 32], now: i64, lang: Lang) -> String {
    let mut o = String::new();
    o.push_str(&format!(
        "seed {}  now {} ({})\n\n",
        hex::encode(seed),
        now,
        crate::time::format_time(now)
    ));
    for (i, s) in tr.steps.iter().enumerate() {
        let who = if s.from == s.to {
            lane(lang, s.from).to_string()
        } else {
            format!("{} -> {}", lane(lang, s.from), lane(lang, s.to))
        };
        o.push_str(&format!(
            "{:>2}. [{who}] {}",
            i + 1,
            step_title(lang, s.key)
        ));
        if !s.bytes.is_empty() {
            o.push_str(&format!(
                "  ({})",
                tf(
                    lang,
                    "detail.bytes_count",
                    &[("count", &s.bytes.len().to_string())]
                )
            ));
        }
        o.push('\n');
        if !s.notes.is_empty() {
            o.push_str(&format!(
                "    {}\n",
                render_all(lang, &s.notes).replace('\n', "\n    ")
            ));
        }
        for f in s.fields.iter().filter(|f| f.depth <= 2) {
            let raw = s.bytes.get(f.offset..f.offset + f.len).unwrap_or_default();
            o.push_str(&format!(
                "    {}{:<24} {}  {}\n",
                "  ".repeat(f.depth as usize),
                f.name.name(),
                short(raw, 16),
                render(lang, &f.meaning)
            ));
        }
        for d in &s.derived {
            o.push_str(&format!(
                "    {} = {}\n",
                d.name.name(),
                hex::encode(&d.value)
            ));
            if !d.formula.is_empty() {
                o.push_str(&format!("      {}\n", d.formula));
            }
            if let Some(a) = &d.aside {
                o.push_str(&format!("      ({})\n", render(lang, a)));
            }
        }
        for c in &s.checks {
            o.push_str(&format!(
                "    [{}] {}: {}\n",
                if c.ok { "ok" } else { "FAIL" },
                check_label(lang, c.name),
                render(lang, &c.detail)
            ));
        }
        if let Some(a) = s.alert {
            o.push_str(&format!("    alert: {} ({})\n", a.name(), a.code()));
        }
    }
    o.push('\n');
    o.push_str(&format!(
        "{}: {}\n",
        t(lang, "md.outcome"),
        outcome(lang, &tr.outcome)
    ));
    o
}
