//! Completeness, from the enums: every step, check, alert and message the core can emit has an
//! English and a Korean text, and every message template names exactly its key's arguments.

use super::*;
use std::collections::HashSet;
use tlsim_core::error::AlertDescription;
use tlsim_core::msg::MsgKey;
use tlsim_core::{CheckId, StepKey};

fn keyset(lang: Lang) -> HashSet<&'static str> {
    table(lang).iter().map(|(k, _)| *k).collect()
}

fn msg_keyset(lang: Lang) -> HashSet<&'static str> {
    msg_table(lang).iter().map(|(k, _)| *k).collect()
}

fn msg_text(lang: Lang, key: &str) -> Option<&'static str> {
    msg_table(lang)
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, v)| *v)
}

#[test]
fn every_message_key_has_both_texts_with_exactly_its_arguments() {
    let mut missing = Vec::new();
    let mut wrong = Vec::new();
    for k in MsgKey::all() {
        let mut want: Vec<&str> = k.arg_names().to_vec();
        want.sort_unstable();
        for lang in Lang::ALL {
            match msg_text(lang, k.name()) {
                None => missing.push(format!("{lang} {}", k.name())),
                Some(text) => {
                    if placeholders(text) != want {
                        wrong.push(format!(
                            "{lang} {}: placeholders {:?}, arguments {:?}",
                            k.name(),
                            placeholders(text),
                            want
                        ));
                    }
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "message keys without a text: {missing:#?}"
    );
    assert!(
        wrong.is_empty(),
        "templates that do not match their arguments: {wrong:#?}"
    );
}

#[test]
fn no_template_for_a_key_the_core_does_not_have() {
    let known: HashSet<&str> = MsgKey::all().iter().map(|k| k.name()).collect();
    for lang in Lang::ALL {
        let mut seen = HashSet::new();
        for (k, v) in msg_table(lang) {
            assert!(known.contains(k), "{lang}: stale message key {k}");
            assert!(seen.insert(*k), "{lang}: duplicate message key {k}");
            assert!(!v.trim().is_empty(), "{lang}: empty template for {k}");
        }
    }
    assert_eq!(msg_keyset(Lang::En), msg_keyset(Lang::Ko));
}

#[test]
fn every_step_check_and_alert_has_both_texts() {
    for lang in Lang::ALL {
        for s in StepKey::ALL {
            for part in ["title", "explain"] {
                let k = format!("step.{}.{part}", s.name());
                assert!(has(lang, &k), "{lang} {k}");
            }
        }
        for c in CheckId::ALL {
            let k = format!("check.{}", c.name());
            assert!(has(lang, &k), "{lang} {k}");
        }
        for f in tlsim_core::ScenarioField::ALL {
            let k = format!("unused13.{}", f.name());
            assert!(has(lang, &k), "{lang} {k}");
        }
        for a in AlertDescription::ALL {
            let k = format!("alert.{}", a.name());
            assert!(has(lang, &k), "{lang} {k}");
        }
    }
}

#[test]
fn every_english_key_has_korean_and_back() {
    let en = keyset(Lang::En);
    let ko = keyset(Lang::Ko);
    let missing_ko: Vec<_> = en.difference(&ko).collect();
    let missing_en: Vec<_> = ko.difference(&en).collect();
    assert!(missing_ko.is_empty(), "keys without Korean: {missing_ko:?}");
    assert!(
        missing_en.is_empty(),
        "Korean keys not in English: {missing_en:?}"
    );
}

#[test]
fn no_duplicate_keys_and_no_empty_texts() {
    for lang in Lang::ALL {
        let mut seen = HashSet::new();
        for (k, v) in table(lang) {
            assert!(seen.insert(*k), "{lang}: duplicate key {k}");
            assert!(!v.trim().is_empty(), "{lang}: empty text for {k}");
        }
    }
}

#[test]
fn placeholders_match_between_languages() {
    for (k, v) in table(Lang::En) {
        assert_eq!(
            placeholders(v),
            placeholders(t(Lang::Ko, k)),
            "placeholders of {k}"
        );
    }
}

/// Korean particles whose form depends on the last syllable of the word before them.
const VARIABLE_PARTICLES: [&str; 11] = [
    "은", "는", "이", "가", "을", "를", "과", "와", "으로", "로", "이다",
];

#[test]
fn korean_never_hangs_a_variable_particle_on_a_placeholder() {
    let texts = table(Lang::Ko).iter().chain(msg_table(Lang::Ko).iter());
    for (k, v) in texts {
        let mut rest = *v;
        while let Some(close) = rest.find('}') {
            let after = &rest[close + 1..];
            for p in VARIABLE_PARTICLES {
                if let Some(tail) = after.strip_prefix(p) {
                    // A particle is a word's end: what follows is a space, punctuation or the end.
                    let ends = tail
                        .chars()
                        .next()
                        .is_none_or(|c| c.is_whitespace() || c.is_ascii_punctuation());
                    assert!(
                        !ends,
                        "ko {k}: particle {p} right after a placeholder in {v:?}"
                    );
                }
            }
            rest = after;
        }
    }
}

#[test]
fn korean_texts_are_korean() {
    // Every Korean text that is not a bare name, number or template of names holds Hangul.
    for (k, v) in table(Lang::Ko).iter().chain(msg_table(Lang::Ko).iter()) {
        let hangul = v.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c));
        let no_words = {
            let mut s = v.to_string();
            for p in placeholders(v) {
                s = s.replace(&format!("{{{p}}}"), "");
            }
            !s.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .any(|w| w.len() > 3 && w.chars().all(|c| c.is_ascii_lowercase()))
        };
        let latin_ok = k.starts_with("lang.") || v.len() < 6 || no_words;
        assert!(
            hangul || latin_ok || NOT_TRANSLATED.contains(k),
            "not Korean: {k} = {v}"
        );
    }
}

/// Keys whose Korean text is, on purpose, the same protocol name as in English.
const NOT_TRANSLATED: &[&str] = &[
    "step.client_hello.title",
    "step.server_hello.title",
    "step.server_hello_done.title",
    "tcp.syn_ack",
    "step.certificate_verify.title",
];

#[test]
fn messages_render_with_their_arguments_in_both_languages() {
    use tlsim_core::msg::{Hex, SimMsg};
    let m: tlsim_core::Msg = SimMsg::ByteFlipped {
        record: 7,
        offset: 13,
        before: Hex(vec![0xab]),
        after: Hex(vec![0xaa]),
    }
    .into();
    let en = render(Lang::En, &m);
    let ko = render(Lang::Ko, &m);
    for s in [&en, &ko] {
        assert!(
            s.contains("#7") && s.contains("13") && s.contains("ab → aa"),
            "{s}"
        );
        assert!(!s.contains('{'), "{s}");
    }
    assert!(ko.contains("네트워크"), "{ko}");
}
