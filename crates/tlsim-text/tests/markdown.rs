//! `transcript.md` from real sessions, in English and Korean; one golden Korean file pins the
//! whole rendering (run with `BLESS=1` to rewrite it after an intended change, and read the diff).
//! (Needs the tables compiled in: the default feature `embedded`.)
#![cfg(feature = "embedded")]

use std::path::PathBuf;
use tlsim_core::scenario::DEFAULT_NOW;
use tlsim_core::{simulate, Fault, Scenario, Transcript};
use tlsim_text::{markdown, Lang};

const SEED: [u8; 32] = [42; 32];

fn run(s: &Scenario) -> Transcript {
    simulate(s, SEED, DEFAULT_NOW).expect("valid input")
}

fn expired() -> Scenario {
    Scenario {
        not_before: DEFAULT_NOW - 400 * 86_400,
        not_after: DEFAULT_NOW - 30 * 86_400,
        ..Scenario::default()
    }
}

#[test]
fn english_markdown_has_table_fields_formulas_checks_outcome() {
    let md = markdown(&run(&Scenario::default()), Lang::En);
    assert!(md.starts_with("# TLS 1.2 handshake\n"), "{md}");
    assert!(md.contains("**Outcome:** success"), "{md}");
    assert!(
        md.contains("- Cipher suite: TLS_RSA_WITH_AES_128_GCM_SHA256 (0x009c)"),
        "{md}"
    );
    assert!(md.contains("| Client → Server | ClientHello |"), "{md}");
    assert!(md.contains("**master_secret** = `"), "{md}");
    assert!(md.contains("- ✓ **"), "{md}");
    assert!(md.contains("```text\nCLIENT_RANDOM "), "{md}");
    // The learner's message keeps its CR LF on one line.
    assert!(md.contains("GET / HTTP/1.1\\r\\n"), "{md}");
    assert!(!md.contains('{'), "an unfilled placeholder: {md}");
}

#[test]
fn a_failure_names_who_which_alert_and_why_in_both_languages() {
    let t = run(&expired());
    let en = markdown(&t, Lang::En);
    assert!(
        en.contains("the client sent the fatal alert `certificate_expired` (45)"),
        "{en}"
    );
    let ko = markdown(&t, Lang::Ko);
    assert!(ko.starts_with("# TLS 1.2 핸드셰이크\n"), "{ko}");
    assert!(
        ko.contains("치명적 경고: `certificate_expired` (45)"),
        "{ko}"
    );
    assert!(ko.contains("보낸 쪽: 클라이언트"), "{ko}");
}

#[test]
fn korean_markdown_has_no_english_sentences() {
    // The man in the middle whose CA the client trusts: his steps on both legs, in Korean too.
    let mut trusted_mitm = Scenario {
        faults: vec![Fault::ManInTheMiddle],
        ..Scenario::default()
    };
    trusted_mitm.extra_trusted_pems =
        vec![tlsim_core::simulate::mitm_ca_pem(&trusted_mitm).expect("the attacker's CA")];
    for s in [
        Scenario::default(),
        expired(),
        Scenario {
            client_auth: true,
            ..Scenario::default()
        },
        trusted_mitm,
    ] {
        let md = markdown(&run(&s), Lang::Ko);
        for line in md.lines() {
            let run = longest_latin_run(line);
            assert!(
                run < 4,
                "English in the Korean transcript ({run} words): {line}"
            );
        }
    }
}

/// The longest run of plain English words (lowercase letters only, optionally capitalized, at
/// least two letters) in a line; identifiers (with `_`, digits, dots) and code spans don't count.
fn longest_latin_run(line: &str) -> usize {
    let mut outside_code = String::new();
    for (i, part) in line.split('`').enumerate() {
        if i % 2 == 0 {
            outside_code.push_str(part);
            outside_code.push(' ');
        }
    }
    let (mut best, mut cur) = (0, 0);
    for w in outside_code.split_whitespace() {
        let w = w.trim_matches(|c: char| ",.;:!?()\"'".contains(c));
        let plain = w.len() >= 2
            && w.chars().skip(1).all(|c| c.is_ascii_lowercase())
            && w.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
        if plain {
            cur += 1;
            best = best.max(cur);
        } else {
            cur = 0;
        }
    }
    best
}

#[test]
fn golden_korean_transcript_md() {
    let s = Scenario {
        faults: vec![Fault::ManInTheMiddle],
        ..Scenario::default()
    };
    let md = markdown(&run(&s), Lang::Ko);
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden/mitm.ko.md");
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(&path, &md).expect("write golden");
        return;
    }
    let want = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run with BLESS=1 to create it)", path.display()));
    if want != md {
        let line = want
            .lines()
            .zip(md.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        panic!(
            "transcript.md differs from {} at line {}:\n  want: {}\n  got:  {}\n(BLESS=1 if intended)",
            path.display(),
            line + 1,
            want.lines().nth(line).unwrap_or(""),
            md.lines().nth(line).unwrap_or("")
        );
    }
}

#[test]
fn json_keeps_message_keys_and_typed_arguments() {
    let t = run(&expired());
    let v: serde_json::Value = serde_json::from_str(&tlsim_core::export::json(&t)).expect("json");
    assert_eq!(v["steps"][0]["key"], "issue_ca_cert");
    let reason = &v["outcome"]["reason"];
    assert!(
        reason["key"]
            .as_str()
            .is_some_and(|k| k.starts_with("cert.")),
        "{reason}"
    );
    assert!(reason["args"].is_object(), "{reason}");
    let note = &v["steps"][0]["notes"][0];
    assert_eq!(note["key"], "sim.ca_self_signed");
    assert_eq!(note["args"]["ca"]["text"], "Teaching Root CA");
}

#[test]
fn the_title_names_the_version_that_ran() {
    let s13 = Scenario {
        version: tlsim_core::TlsVersion::Tls13,
        ..Scenario::default()
    };
    let t = run(&s13);
    assert!(markdown(&t, Lang::En).starts_with("# TLS 1.3 handshake\n"));
    assert!(markdown(&t, Lang::Ko).starts_with("# TLS 1.3 핸드셰이크\n"));
}
