//! The transcript as Markdown, to paste into course notes: a summary table of the steps, then each
//! step with its fields, the values derived (with formulas and inputs), its checks, and the outcome.

use crate::transcript::{Actor, Outcome, Step, StepKind, Transcript};
use std::fmt::Write;

/// Longest hex shown in a table cell (bytes); longer values are cut with "…".
const CELL_BYTES: usize = 24;

fn actor(a: Actor) -> &'static str {
    match a {
        Actor::Ca => "CA",
        Actor::Client => "Client",
        Actor::Network => "Network",
        Actor::Server => "Server",
    }
}

fn suite_name(s: u16) -> String {
    let name = match s {
        0x009c => "TLS_RSA_WITH_AES_128_GCM_SHA256",
        0x009d => "TLS_RSA_WITH_AES_256_GCM_SHA384",
        0x002f => "TLS_RSA_WITH_AES_128_CBC_SHA",
        0x0035 => "TLS_RSA_WITH_AES_256_CBC_SHA",
        _ => "unknown",
    };
    format!("0x{s:04x} {name}")
}

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

fn arrow(s: &Step) -> String {
    if s.from == s.to {
        actor(s.from).to_string()
    } else {
        format!("{} → {}", actor(s.from), actor(s.to))
    }
}

fn result_cell(s: &Step) -> String {
    if let Some(a) = s.alert {
        return format!("alert {}", a.name());
    }
    let failed: Vec<&str> = s
        .checks
        .iter()
        .filter(|c| !c.ok)
        .map(|c| c.name.as_str())
        .collect();
    if !failed.is_empty() {
        return format!("✗ {}", failed.join(", "));
    }
    let mut parts: Vec<String> = s.checks.iter().map(|c| format!("✓ {}", c.name)).collect();
    parts.extend(s.derived.iter().map(|d| d.name.clone()));
    parts.join(", ")
}

/// The transcript as Markdown.
pub fn markdown(t: &Transcript) -> String {
    let mut o = String::new();
    // `write!` into a String cannot fail; the results are ignored on purpose.
    let _ = writeln!(o, "# TLS 1.2 handshake, RSA key exchange\n");
    match &t.outcome {
        Outcome::Success => {
            let _ = writeln!(o, "**Outcome:** success: handshake completed, data exchanged, closed with close_notify.");
        }
        Outcome::Failed {
            by,
            alert,
            reason,
            step,
        } => {
            let _ = writeln!(
                o,
                "**Outcome:** failed: {} sent the fatal alert `{}` ({}) at step {}: {}",
                actor(*by),
                alert.name(),
                alert.code(),
                step + 1,
                text(reason)
            );
        }
    }
    let _ = writeln!(o);
    let suite = t
        .cipher_suite
        .map(suite_name)
        .unwrap_or_else(|| "none negotiated".into());
    let _ = writeln!(o, "- Cipher suite: {suite}");
    let _ = writeln!(
        o,
        "- Extended master secret (RFC 7627): {}",
        if t.extended_master_secret {
            "yes"
        } else {
            "no"
        }
    );
    let records = t.wire.len();
    let bytes: usize = t.wire.iter().map(|(_, r)| r.len()).sum();
    let _ = writeln!(o, "- On the wire: {records} records, {bytes} bytes\n");

    let _ = writeln!(o, "## Steps\n");
    let _ = writeln!(o, "| # | Who | Step | Bytes | Result |");
    let _ = writeln!(o, "|---|-----|------|------:|--------|");
    for (i, s) in t.steps.iter().enumerate() {
        let _ = writeln!(
            o,
            "| {} | {} | {} | {} | {} |",
            i + 1,
            arrow(s),
            cell(&s.title),
            s.bytes.len(),
            cell(&result_cell(s))
        );
    }
    let _ = writeln!(o);

    for (i, s) in t.steps.iter().enumerate() {
        let kind = match s.kind {
            StepKind::Issue => "issue",
            StepKind::Message => "message",
            StepKind::Compute => "computation",
            StepKind::Tamper => "tampering",
            StepKind::Alert => "alert",
        };
        let _ = writeln!(o, "## {}. {} ({}, {})\n", i + 1, s.title, arrow(s), kind);
        if !s.note.is_empty() {
            let _ = writeln!(o, "{}\n", text(&s.note));
        }
        if let Some(a) = s.alert {
            let _ = writeln!(o, "Alert: `{}` ({}), fatal.\n", a.name(), a.code());
        }
        if !s.fields.is_empty() {
            let _ = writeln!(o, "| Field | Offset | Length | Bytes | Meaning |");
            let _ = writeln!(o, "|-------|-------:|-------:|-------|---------|");
            for f in &s.fields {
                let raw = s.bytes.get(f.offset..f.offset + f.len).unwrap_or_default();
                let _ = writeln!(
                    o,
                    "| {}{} | {} | {} | `{}` | {} |",
                    "· ".repeat(f.depth as usize),
                    cell(&f.name),
                    f.offset,
                    f.len,
                    hex_cut(raw, CELL_BYTES),
                    cell(&f.meaning)
                );
            }
            let _ = writeln!(o);
        } else if !s.bytes.is_empty() {
            let _ = writeln!(
                o,
                "Bytes ({}): `{}`\n",
                s.bytes.len(),
                hex_cut(&s.bytes, 64)
            );
        }
        for d in &s.derived {
            let _ = writeln!(o, "**{}** = `{}`\n", d.name, d.formula);
            for (name, value) in &d.inputs {
                let _ = writeln!(o, "- {name} = `{}`", text(value));
            }
            let _ = writeln!(o, "- **result** = `{}`\n", hex::encode(&d.value));
        }
        for c in &s.checks {
            let _ = writeln!(
                o,
                "- {} **{}**: {}",
                if c.ok { "✓" } else { "✗" },
                c.name,
                text(&c.detail)
            );
        }
        if !s.checks.is_empty() {
            let _ = writeln!(o);
        }
    }
    if !t.keylog.is_empty() {
        let _ = writeln!(
            o,
            "## Key log (NSS format, for Wireshark)\n\n```text\n{}\n```",
            t.keylog.trim_end()
        );
    }
    o
}
