//! English and Korean texts of the page: every label, help text, validation message, banner,
//! step title, learner explanation and alert meaning, looked up by a stable key.
//!
//! Keys are dotted, lowercase: `ui.play`, `lane.ca`, `detail.fields`, `scenario.mitm`,
//! `input.client_random`, `input.client_random.help`, `error.hex_length`, `banner.rsa_kex`,
//! `step.client_hello.title`, `step.client_hello.explain`, `alert.bad_record_mac`, `check.finished`, ...
//! (the full list is [`keys`]). Texts may hold `{name}` placeholders, filled by [`tf`].
//!
//! Korean is translated by meaning, with TLS terms as Korean learners meet them
//! (핸드셰이크, 프리마스터 시크릿, 마스터 시크릿, 세션 키, 인증 기관(CA), 인증서, 서명, 암호 스위트,
//! 확장 마스터 시크릿, 중간자 공격).
//!
//! ## How to integrate
//!
//! - Keep the language in the app state (`Lang`, default English) and in the URL
//!   (`url::UrlState::lang`, param `lang=ko`); offer [`Lang::ALL`] with [`Lang::native_name`] in a
//!   switch (`data-testid="lang-en"` / `"lang-ko"`), and set `<html lang>` with
//!   [`set_document_lang`].
//! - Render text with `t(lang, "ui.play")`; with values: `tf(lang, "outcome.failure", &[("alert", a.name())])`.
//! - A step: [`step_title`] / [`step_explain`] with `step.key`; an alert: [`alert_meaning`] with
//!   `AlertDescription::name()`; a check: [`check_label`] with `check.name`; a scenario button:
//!   `t(lang, &format!("scenario.{name}"))` for the names in [`SCENARIOS`].
//! - The core's run-specific `Step::note`, `Check::detail` and field meanings stay English
//!   (they come from the core); the explanations here are the translated, learner-facing text.
//! - A missing key falls back to English, then to the key itself, so a typo shows up on screen
//!   instead of panicking.

pub use tlsim_text::{has, keys, leak_key, placeholders, t, table, tf, Lang};

/// Step keys the core emits (`tlsim_core::Step::key`, all listed in its doc comment), in handshake
/// order, each with `step.<key>.title` and `step.<key>.explain`.
pub const STEP_KEYS: [&str; 30] = [
    "issue_ca_cert",
    "issue_server_cert",
    "issue_client_cert",
    "client_hello",
    "server_hello",
    "certificate",
    "certificate_request",
    "server_hello_done",
    "verify_server_cert",
    "client_certificate",
    "verify_client_cert",
    "client_key_exchange",
    "decrypt_pre_master",
    "derive_keys_client",
    "derive_keys_server",
    "certificate_verify",
    "verify_certificate_verify",
    "change_cipher_spec_client",
    "finished_client",
    "verify_finished_server",
    "change_cipher_spec_server",
    "finished_server",
    "verify_finished_client",
    "app_data_client",
    "app_data_server",
    "close_notify_client",
    "close_notify_server",
    "tamper",
    "mitm",
    "alert",
];

/// Alert names (`AlertDescription::name()`), each with `alert.<name>`.
pub const ALERT_NAMES: [&str; 14] = [
    "close_notify",
    "unexpected_message",
    "bad_record_mac",
    "handshake_failure",
    "bad_certificate",
    "certificate_expired",
    "certificate_unknown",
    "illegal_parameter",
    "unknown_ca",
    "decode_error",
    "decrypt_error",
    "protocol_version",
    "internal_error",
    "unknown",
];

/// Scenario presets the page offers, each with `scenario.<name>` and `scenario.<name>.help`.
pub const SCENARIOS: [&str; 8] = [
    "normal",
    "untrusted_ca",
    "expired",
    "wrong_host",
    "forged_signature",
    "mitm",
    "byte_flipped",
    "mutual_tls",
];

/// Editable inputs, each with `input.<name>` and `input.<name>.help`
/// (names follow `tlsim_core::Scenario`'s fields, plus `seed`, `now`, `key_seed` and the key sizes).
pub const INPUTS: [&str; 30] = [
    "ca_name",
    "server_name",
    "server_sans",
    "client_host",
    "not_before",
    "not_after",
    "ca_key",
    "server_key",
    "client_key",
    "ca_key_bits",
    "server_key_bits",
    "client_key_bits",
    "trust_issuing_ca",
    "extra_trusted_pems",
    "offered_suites",
    "accepted_suites",
    "client_random",
    "server_random",
    "pre_master",
    "session_id",
    "client_ems",
    "server_ems",
    "client_auth",
    "app_message",
    "server_reply",
    "faults",
    "seed",
    "now",
    "key_seed",
    "flip_byte",
];

/// Check names the core emits (`tlsim_core::Check::name`), each with `check.<name>`.
pub const CHECKS: [&str; 11] = [
    "chain",
    "signature",
    "validity",
    "host_name",
    "finished",
    "record_mac",
    "pre_master_version",
    "cipher_suite",
    "certificate_verify",
    "padding",
    "version",
];

/// The title of a step, by `Step::key` (falls back to the key itself for an unknown step).
pub fn step_title(lang: Lang, step_key: &str) -> &'static str {
    t(lang, &format!("step.{step_key}.title"))
}

/// The learner explanation of a step, by `Step::key` (empty for an unknown step).
pub fn step_explain(lang: Lang, step_key: &str) -> &'static str {
    let key = format!("step.{step_key}.explain");
    if has(Lang::En, &key) {
        t(lang, &key)
    } else {
        ""
    }
}

/// What an alert means, by `AlertDescription::name()`.
pub fn alert_meaning(lang: Lang, alert_name: &str) -> &'static str {
    let key = format!("alert.{alert_name}");
    if has(Lang::En, &key) {
        t(lang, &key)
    } else {
        t(lang, "alert.unknown")
    }
}

/// The label of a check, by `Check::name` (unknown checks show their machine name).
pub fn check_label(lang: Lang, check_name: &str) -> &'static str {
    let key = format!("check.{check_name}");
    if has(Lang::En, &key) {
        t(lang, &key)
    } else {
        leak_key(check_name)
    }
}

/// The label of an actor lane: "ca", "client", "network", "server".
pub fn lane_label(lang: Lang, actor: tlsim_core::Actor) -> &'static str {
    use tlsim_core::Actor;
    t(
        lang,
        match actor {
            Actor::Ca => "lane.ca",
            Actor::Client => "lane.client",
            Actor::Network => "lane.network",
            Actor::Server => "lane.server",
        },
    )
}

/// An actor in a sentence ("the client" / "클라이언트"), by `Actor`.
pub fn actor_label(lang: Lang, actor: tlsim_core::Actor) -> &'static str {
    use tlsim_core::Actor;
    t(
        lang,
        match actor {
            Actor::Ca => "actor.ca",
            Actor::Client => "actor.client",
            Actor::Network => "actor.network",
            Actor::Server => "actor.server",
        },
    )
}

/// A step's title: the translated one for its key, else the core's own (English) title.
pub fn step_title_of(lang: Lang, step: &tlsim_core::Step) -> String {
    let key = format!("step.{}.title", step.key);
    if has(Lang::En, &key) {
        t(lang, &key).to_string()
    } else {
        step.title.clone()
    }
}

/// The note on steps where RSA key exchange shows its weakness (the recorded encrypted
/// pre-master is all an attacker with the server key needs), by `Step::key`.
pub fn rsa_weakness(lang: Lang, step_key: &str) -> Option<&'static str> {
    matches!(step_key, "client_key_exchange" | "decrypt_pre_master")
        .then(|| t(lang, "detail.rsa_weakness"))
}

/// The message shown in `#panic`, in the language of `<html lang>` (`lang_code`).
///
/// Called from the panic hook, so it scans the static tables instead of the lazily built maps
/// (a panic while building a map must not re-enter it).
pub fn panic_message(lang_code: &str, info: &str) -> String {
    let lang = Lang::from_code(lang_code).unwrap_or_default();
    let find = |l: Lang| {
        table(l)
            .iter()
            .find(|(k, _)| *k == "banner.panic")
            .map(|(_, v)| *v)
    };
    find(lang)
        .or_else(|| find(Lang::En))
        .unwrap_or(
            "The simulator stopped because of a bug: {info}. Reload the page to start again.",
        )
        .replace("{info}", info)
}

/// Set `<html lang="..">` so screen readers and fonts follow the language (no-op outside a browser).
pub fn set_document_lang(lang: Lang) {
    #[cfg(target_arch = "wasm32")]
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = el.set_attribute("lang", lang.code());
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = lang;
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn keyset(lang: Lang) -> HashSet<&'static str> {
        table(lang).iter().map(|(k, _)| *k).collect()
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

    #[test]
    fn every_step_alert_scenario_input_and_check_is_covered() {
        for lang in Lang::ALL {
            for s in STEP_KEYS {
                assert!(
                    has(lang, &format!("step.{s}.title")),
                    "{lang} step.{s}.title"
                );
                assert!(
                    has(lang, &format!("step.{s}.explain")),
                    "{lang} step.{s}.explain"
                );
            }
            for a in ALERT_NAMES {
                assert!(has(lang, &format!("alert.{a}")), "{lang} alert.{a}");
            }
            for s in SCENARIOS {
                assert!(has(lang, &format!("scenario.{s}")), "{lang} scenario.{s}");
                assert!(
                    has(lang, &format!("scenario.{s}.help")),
                    "{lang} scenario.{s}.help"
                );
            }
            for i in INPUTS {
                assert!(has(lang, &format!("input.{i}")), "{lang} input.{i}");
                assert!(
                    has(lang, &format!("input.{i}.help")),
                    "{lang} input.{i}.help"
                );
            }
            for c in CHECKS {
                assert!(has(lang, &format!("check.{c}")), "{lang} check.{c}");
            }
        }
    }

    #[test]
    fn korean_texts_are_korean() {
        // Every Korean text that is not a bare name/number holds Hangul.
        for (k, v) in table(Lang::Ko) {
            let hangul = v.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c));
            let latin_ok = k.starts_with("lang.") || v.len() < 6;
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
    fn lookup_falls_back_and_codes_round_trip() {
        assert_eq!(t(Lang::Ko, "no.such.key"), "no.such.key");
        for l in Lang::ALL {
            assert_eq!(Lang::from_code(l.code()), Some(l));
        }
        assert_eq!(Lang::from_code("ko-KR"), Some(Lang::Ko));
        assert_eq!(Lang::from_code("EN"), Some(Lang::En));
        assert_eq!(Lang::from_code("fr"), None);
        assert_eq!(Lang::from_code(""), None);
        assert_eq!(
            tf(
                Lang::En,
                "keygen.progress",
                &[
                    ("role", "server"),
                    ("index", "2"),
                    ("total", "3"),
                    ("bits", "2048")
                ]
            ),
            "Generating server key 2/3 (2048 bits)…"
        );
    }

    #[test]
    fn panic_message_follows_the_page_language() {
        assert!(panic_message("ko", "boom").starts_with("버그 때문에"));
        assert!(panic_message("ko-KR", "boom").contains("boom"));
        assert!(panic_message("", "boom").starts_with("The simulator stopped"));
        assert!(panic_message("fr", "boom").contains("boom"));
    }

    #[test]
    fn rsa_weakness_note_only_on_the_pre_master_steps() {
        for lang in Lang::ALL {
            assert_eq!(
                rsa_weakness(lang, "client_key_exchange"),
                Some(t(lang, "detail.rsa_weakness"))
            );
            assert!(rsa_weakness(lang, "decrypt_pre_master").is_some());
            assert_eq!(rsa_weakness(lang, "client_hello"), None);
        }
        assert!(rsa_weakness(Lang::Ko, "decrypt_pre_master")
            .is_some_and(|s| s.starts_with("RSA 키 교환이 퇴출된 이유")));
    }

    #[test]
    fn explanations_say_signed_not_encrypted() {
        for (k, v) in table(Lang::En) {
            let low = v.to_lowercase();
            assert!(
                !low.contains("encrypted with the private key")
                    && !low.contains("encrypted with its private key")
                    && !low.contains("encrypts with the private key"),
                "{k}: a certificate is signed, not encrypted"
            );
        }
    }
}
