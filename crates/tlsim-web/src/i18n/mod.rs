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
//! - A step: [`step_title`] / [`step_explain`] with `step.key` (a `StepKey`); an alert:
//!   [`alert_meaning`]; a check: [`check_label`] with `check.name` (a `CheckId`); a scenario
//!   button: `t(lang, &format!("scenario.{name}"))` for the names in [`SCENARIOS`].
//! - The core's run-specific notes, check details, field meanings, formula asides and failure
//!   reasons are typed messages: [`render`] them (the texts live in `tlsim-text`, once per
//!   language, shared with the CLI and the Markdown export).
//! - The page's binary gets its tables at run time, one language at a time ([`load`]): start
//!   the page with [`boot`], and switch the language through [`when_loaded`].
//! - A missing key falls back to English, then to the key itself, so a typo shows up on screen
//!   instead of panicking.

pub mod load;

pub use load::{boot, when_loaded};
use tlsim_core::StepKey;
pub use tlsim_text::{
    actor as actor_label, alert_meaning, check_label, has, keys, lane as lane_label, leak_key,
    placeholders, render, render_all, step_explain, step_title, t, table, tf, Lang,
};

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
pub const INPUTS: [&str; 35] = [
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
    "group",
    "client_ephemeral",
    "server_ephemeral",
    "resume",
    "ticket_key",
];

/// A step's title, by its key.
pub fn step_title_of(lang: Lang, step: &tlsim_core::Step) -> &'static str {
    step_title(lang, step.key)
}

/// The note on steps where RSA key exchange shows its weakness (the recorded encrypted
/// pre-master is all an attacker with the server key needs).
pub fn rsa_weakness(lang: Lang, step: StepKey) -> Option<&'static str> {
    matches!(step, StepKey::ClientKeyExchange | StepKey::DecryptPreMaster)
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
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn every_scenario_and_input_is_covered() {
        for lang in Lang::ALL {
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
        }
    }

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
                rsa_weakness(lang, StepKey::ClientKeyExchange),
                Some(t(lang, "detail.rsa_weakness"))
            );
            assert!(rsa_weakness(lang, StepKey::DecryptPreMaster).is_some());
            assert_eq!(rsa_weakness(lang, StepKey::ClientHello), None);
        }
        assert!(rsa_weakness(Lang::Ko, StepKey::DecryptPreMaster)
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
