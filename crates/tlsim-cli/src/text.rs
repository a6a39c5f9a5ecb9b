//! The transcript as plain text for a terminal.

use tlsim_core::transcript::{Actor, Outcome, Transcript};

fn actor(a: Actor) -> &'static str {
    match a {
        Actor::Ca => "CA",
        Actor::Client => "Client",
        Actor::Network => "Network",
        Actor::Server => "Server",
    }
}

fn short(b: &[u8], max: usize) -> String {
    if b.len() > max {
        format!("{}… ({} bytes)", hex::encode(&b[..max]), b.len())
    } else {
        hex::encode(b)
    }
}

/// One paragraph per step: who, what, the fields (top levels), derived values, checks.
pub fn text(t: &Transcript, seed: &[u8; 32], now: i64) -> String {
    let mut o = String::new();
    o.push_str(&format!(
        "seed {}  now {} ({})\n\n",
        hex::encode(seed),
        now,
        crate::time::format_time(now)
    ));
    for (i, s) in t.steps.iter().enumerate() {
        let who = if s.from == s.to {
            actor(s.from).to_string()
        } else {
            format!("{} -> {}", actor(s.from), actor(s.to))
        };
        o.push_str(&format!("{:>2}. [{who}] {}", i + 1, s.title));
        if !s.bytes.is_empty() {
            o.push_str(&format!("  ({} bytes)", s.bytes.len()));
        }
        o.push('\n');
        if !s.note.is_empty() {
            o.push_str(&format!("    {}\n", s.note.replace('\n', "\n    ")));
        }
        for f in s.fields.iter().filter(|f| f.depth <= 2) {
            let raw = s.bytes.get(f.offset..f.offset + f.len).unwrap_or_default();
            o.push_str(&format!(
                "    {}{:<24} {}  {}\n",
                "  ".repeat(f.depth as usize),
                f.name,
                short(raw, 16),
                f.meaning
            ));
        }
        for d in &s.derived {
            o.push_str(&format!(
                "    {} = {}\n      {}\n",
                d.name,
                hex::encode(&d.value),
                d.formula
            ));
        }
        for c in &s.checks {
            o.push_str(&format!(
                "    [{}] {}: {}\n",
                if c.ok { "ok" } else { "FAIL" },
                c.name,
                c.detail
            ));
        }
        if let Some(a) = s.alert {
            o.push_str(&format!("    alert: {} ({})\n", a.name(), a.code()));
        }
    }
    o.push('\n');
    match &t.outcome {
        Outcome::Success => o.push_str("Outcome: success\n"),
        Outcome::Failed {
            by,
            alert,
            reason,
            step,
        } => o.push_str(&format!(
            "Outcome: FAILED at step {}: {} sent {} ({}): {reason}\n",
            step + 1,
            actor(*by),
            alert.name(),
            alert.code()
        )),
    }
    o
}
