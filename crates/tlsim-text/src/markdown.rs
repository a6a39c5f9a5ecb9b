//! The transcript as Markdown in a language, to paste into course notes: a summary table of the
//! steps, then each step with its notes, fields, the values derived (with formulas and inputs),
//! its checks, and the outcome.

use crate::{check_label, lane, outcome, render, render_all, step_title, t, tf, Lang};
use std::fmt::Write;
use tlsim_core::transcript::{Step, StepKind, Transcript};

/// Longest hex shown in a table cell (bytes); longer values are cut with "…".
const CELL_BYTES: usize = 24;

/// Make text safe inside a table cell: no pipes, no line breaks.
fn cell(s: &str) -> String {
    s.replace('|', "\\|")
        .replace("\r\n", "<br>")
        .replace('\n', "<br>")
}

/// Keep text on one line: show CR and LF as `\r` and `\n` (HTTP messages carry them).
fn text(s: &str) -> String {
    s.replace('\r', "\\r").replace('\n', "\\n")
}

fn hex_cut(b: &[u8], max: usize) -> String {
    if b.len() > max {
        format!("{}…", hex::encode(&b[..max]))
    } else {
        hex::encode(b)
    }
}

fn arrow(lang: Lang, s: &Step) -> String {
    if s.from == s.to {
        lane(lang, s.from).to_string()
    } else {
        format!("{} → {}", lane(lang, s.from), lane(lang, s.to))
    }
}

fn result_cell(lang: Lang, s: &Step) -> String {
    if let Some(a) = s.alert {
        return format!("alert {}", a.name());
    }
    let failed: Vec<&str> = s
        .checks
        .iter()
        .filter(|c| !c.ok)
        .map(|c| check_label(lang, c.name))
        .collect();
    if !failed.is_empty() {
        return format!("✗ {}", failed.join(", "));
    }
    let mut parts: Vec<String> = s
        .checks
        .iter()
        .map(|c| format!("✓ {}", check_label(lang, c.name)))
        .collect();
    parts.extend(s.derived.iter().map(|d| d.name.name().to_string()));
    parts.join(", ")
}

/// The transcript as Markdown, in `lang`.
pub fn markdown(tr: &Transcript, lang: Lang) -> String {
    let mut o = String::new();
    // `write!` into a String cannot fail; the results are ignored on purpose.
    let version = tr.version.to_string();
    let _ = writeln!(o, "# {}\n", tf(lang, "md.title", &[("version", &version)]));
    let ending = text(&outcome(lang, &tr.outcome));
    let _ = writeln!(o, "**{}:** {ending}\n", t(lang, "md.outcome"));
    let suite = tr
        .cipher_suite
        .map(tlsim_core::suites::suite_name)
        .unwrap_or_else(|| t(lang, "md.suite_none").into());
    let _ = writeln!(o, "- {}: {suite}", t(lang, "md.suite"));
    let _ = writeln!(
        o,
        "- {}: {}",
        t(lang, "md.ems"),
        t(
            lang,
            if tr.extended_master_secret {
                "word.yes"
            } else {
                "word.no"
            }
        )
    );
    let records = tr.wire.len().to_string();
    let bytes = tr
        .wire
        .iter()
        .map(|(_, r)| r.len())
        .sum::<usize>()
        .to_string();
    let _ = writeln!(
        o,
        "- {}\n",
        tf(lang, "md.wire", &[("records", &records), ("bytes", &bytes)])
    );

    let _ = writeln!(o, "## {}\n", t(lang, "md.steps"));
    let _ = writeln!(
        o,
        "| # | {} | {} | {} | {} |",
        t(lang, "md.col_who"),
        t(lang, "md.col_step"),
        t(lang, "md.col_bytes"),
        t(lang, "md.col_result")
    );
    let _ = writeln!(o, "|---|-----|------|------:|--------|");
    for (i, s) in tr.steps.iter().enumerate() {
        let _ = writeln!(
            o,
            "| {} | {} | {} | {} | {} |",
            i + 1,
            arrow(lang, s),
            cell(step_title(lang, s.key)),
            s.bytes.len(),
            cell(&result_cell(lang, s))
        );
    }
    let _ = writeln!(o);

    for (i, s) in tr.steps.iter().enumerate() {
        let kind = match s.kind {
            StepKind::Issue => "md.kind.issue",
            StepKind::Message => "md.kind.message",
            StepKind::Compute => "md.kind.compute",
            StepKind::Tamper => "md.kind.tamper",
            StepKind::Alert => "md.kind.alert",
        };
        let _ = writeln!(
            o,
            "## {}. {} ({}, {})\n",
            i + 1,
            step_title(lang, s.key),
            arrow(lang, s),
            t(lang, kind)
        );
        if !s.notes.is_empty() {
            let _ = writeln!(o, "{}\n", text(&render_all(lang, &s.notes)));
        }
        if let Some(a) = s.alert {
            let _ = writeln!(
                o,
                "{}\n",
                tf(
                    lang,
                    "md.alert_line",
                    &[("alert", a.name()), ("code", &a.code().to_string())]
                )
            );
        }
        if !s.fields.is_empty() {
            let _ = writeln!(
                o,
                "| {} | {} | {} | {} | {} |",
                t(lang, "md.col_field"),
                t(lang, "md.col_offset"),
                t(lang, "md.col_length"),
                t(lang, "md.col_bytes"),
                t(lang, "md.col_meaning")
            );
            let _ = writeln!(o, "|-------|-------:|-------:|-------|---------|");
            for f in &s.fields {
                let raw = s.bytes.get(f.offset..f.offset + f.len).unwrap_or_default();
                let _ = writeln!(
                    o,
                    "| {}{} | {} | {} | `{}` | {} |",
                    "· ".repeat(f.depth as usize),
                    f.name.name(),
                    f.offset,
                    f.len,
                    hex_cut(raw, CELL_BYTES),
                    cell(&render(lang, &f.meaning))
                );
            }
            let _ = writeln!(o);
        } else if !s.bytes.is_empty() {
            let _ = writeln!(
                o,
                "{}: `{}`\n",
                tf(
                    lang,
                    "md.bytes_line",
                    &[("count", &s.bytes.len().to_string())]
                ),
                hex_cut(&s.bytes, 64)
            );
        }
        for d in &s.derived {
            if d.formula.is_empty() {
                let _ = writeln!(o, "**{}**\n", d.name.name());
            } else {
                let _ = writeln!(o, "**{}** = `{}`\n", d.name.name(), d.formula);
            }
            if let Some(a) = &d.aside {
                let _ = writeln!(o, "{}\n", text(&render(lang, a)));
            }
            for (name, value) in &d.inputs {
                let _ = writeln!(o, "- {} = `{}`", name.name(), text(value));
            }
            let _ = writeln!(
                o,
                "- **{}** = `{}`\n",
                t(lang, "md.result"),
                hex::encode(&d.value)
            );
        }
        for c in &s.checks {
            let _ = writeln!(
                o,
                "- {} **{}**: {}",
                if c.ok { "✓" } else { "✗" },
                check_label(lang, c.name),
                text(&render(lang, &c.detail))
            );
        }
        if !s.checks.is_empty() {
            let _ = writeln!(o);
        }
    }
    if !tr.keylog.is_empty() {
        let _ = writeln!(
            o,
            "## {}\n\n```text\n{}\n```",
            t(lang, "md.keylog"),
            tr.keylog.trim_end()
        );
    }
    o
}
