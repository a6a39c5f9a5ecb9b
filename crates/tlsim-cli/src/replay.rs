//! `tlsim replay` as text: the core replays the session ([`tlsim_core::replay`]); this renders its
//! [`Report`] and its errors in a language, labels and sentences from `tlsim-text`.

use tlsim_core::msg::Arg;
use tlsim_core::replay::Report;
use tlsim_core::tls13::replay::Report13;
use tlsim_text::{arg, render, t, Lang};

/// Terminal columns of `s`: Hangul and other wide scripts take two.
fn width(s: &str) -> usize {
    s.chars().map(|c| if c >= '\u{1100}' { 2 } else { 1 }).sum()
}

/// The report as text: the messages, then one labelled line per value, then the verdict.
pub fn report_text(r: &Report, lang: Lang) -> String {
    let mut o = format!("{}:\n", t(lang, "replay.messages_heading"));
    for m in &r.messages {
        o.push_str(&format!("  {}\n", render(lang, m)));
    }
    let mut rows: Vec<(&str, String)> = vec![
        (
            "replay.cipher_suite",
            format!("{} {}", r.cipher_suite, r.cipher_suite_name),
        ),
        (
            "replay.extended_master_secret",
            arg(lang, &Arg::Bool(r.extended_master_secret)),
        ),
        ("replay.key_exchange", r.key_exchange.clone()),
        ("replay.client_random", r.client_random.clone()),
        ("replay.server_random", r.server_random.clone()),
    ];
    if let Some(ok) = r.server_key_exchange_ok {
        let v = t(
            lang,
            if ok {
                "replay.signature_ok"
            } else {
                "replay.signature_bad"
            },
        );
        rows.push(("replay.server_key_exchange", v.to_string()));
    }
    if let Some(p) = &r.pre_master_secret {
        rows.push(("replay.pre_master_secret", p.clone()));
    }
    if let Some(h) = &r.session_hash {
        rows.push(("replay.session_hash", h.clone()));
    }
    rows.push((
        "replay.master_secret",
        format!("{}\n  = {}", r.master_secret, r.master_secret_formula),
    ));
    rows.push(("replay.client_finished", render(lang, &r.client_finished())));
    rows.push(("replay.server_finished", render(lang, &r.server_finished())));
    let col = rows
        .iter()
        .map(|(k, _)| width(t(lang, k)))
        .max()
        .unwrap_or(0)
        + 2;
    for (k, v) in rows {
        let label = t(lang, k);
        o.push_str(&format!("{label}{}{v}\n", " ".repeat(col - width(label))));
    }
    o.push_str(&render(lang, &r.verdict()));
    o.push('\n');
    o
}

/// A TLS 1.3 report as text: the messages, the values, both Finished, the verdict.
pub fn report13_text(r: &Report13, lang: Lang) -> String {
    let mut o = format!("{}:\n", t(lang, "replay.messages_heading"));
    for m in &r.messages {
        o.push_str(&format!("  {}\n", render(lang, m)));
    }
    let rows: Vec<(&str, String)> = vec![
        ("replay.version", r.version.clone()),
        (
            "replay.cipher_suite",
            format!("{} {}", r.cipher_suite, r.cipher_suite_name),
        ),
        ("replay.group", r.group.clone()),
        (
            "replay.hello_retry_request",
            arg(lang, &Arg::Bool(r.hello_retry_request)),
        ),
        ("replay.client_random", r.client_random.clone()),
        ("replay.server_random", r.server_random.clone()),
        (
            "replay.client_handshake_traffic_secret",
            r.client_handshake_traffic_secret.clone(),
        ),
        (
            "replay.server_handshake_traffic_secret",
            r.server_handshake_traffic_secret.clone(),
        ),
        ("replay.server_finished", render(lang, &r.server_finished())),
        ("replay.client_finished", render(lang, &r.client_finished())),
    ];
    let col = rows
        .iter()
        .map(|(k, _)| width(t(lang, k)))
        .max()
        .unwrap_or(0)
        + 2;
    for (k, v) in rows {
        let label = t(lang, k);
        o.push_str(&format!("{label}{}{v}\n", " ".repeat(col - width(label))));
    }
    o.push_str(&render(lang, &r.verdict()));
    o.push('\n');
    o
}

/// A replay error in `lang`: its typed reason rendered (it names the line where there is one).
pub fn error_text(lang: Lang, e: &tlsim_core::Error) -> String {
    render(lang, &e.reason())
}

#[cfg(test)]
mod tests {
    use super::*;
    use tlsim_core::msg::ReplayMsg;
    use tlsim_core::MsgKey;

    fn report(ok: bool) -> Report {
        Report {
            messages: vec![ReplayMsg::Message {
                line: 1,
                name: "client_hello".into(),
                len: 80,
            }
            .into()],
            cipher_suite: "0x009c".into(),
            cipher_suite_name: "TLS_RSA_WITH_AES_128_GCM_SHA256".into(),
            extended_master_secret: true,
            client_random: "aa".repeat(32),
            server_random: "bb".repeat(32),
            key_exchange: "ecdhe".into(),
            pre_master_secret: Some("03".repeat(48)),
            server_key_exchange_ok: Some(ok),
            session_hash: Some("cc".repeat(32)),
            master_secret: "dd".repeat(48),
            master_secret_formula: "PRF(...)".into(),
            client_verify_data_expected: "01".repeat(12),
            client_verify_data: "01".repeat(12),
            client_finished_ok: true,
            server_verify_data_expected: "02".repeat(12),
            server_verify_data: if ok { "02" } else { "03" }.repeat(12),
            server_finished_ok: ok,
            resumed: false,
            keylog: String::new(),
        }
    }

    #[test]
    fn every_label_has_a_text_in_both_languages() {
        for lang in Lang::ALL {
            for ok in [true, false] {
                let s = report_text(&report(ok), lang);
                assert!(
                    !s.contains("replay."),
                    "{lang}: a key without a text in {s}"
                );
                assert!(!s.contains('{'), "{s}");
            }
        }
        let ko = report_text(&report(false), Lang::Ko);
        assert!(ko.contains("1번째 줄: client_hello (80바이트)"), "{ko}");
        assert!(ko.contains("마스터 시크릿(master secret)"), "{ko}");
        assert!(ko.contains("일치하지 않습니다"), "{ko}");
        let en = report_text(&report(true), Lang::En);
        assert!(
            en.contains("client Finished") && en.contains(": OK"),
            "{en}"
        );
    }

    #[test]
    fn report_labels_are_not_message_keys() {
        // Page texts and message templates are two tables; their keys must not be confused.
        let msg_keys: Vec<&str> = MsgKey::all().iter().map(|k| k.name()).collect();
        for (k, _) in tlsim_text::table(Lang::En) {
            assert!(!msg_keys.contains(k), "{k} is a page key and a message key");
        }
    }

    #[test]
    fn an_error_renders_its_line_in_both_languages() {
        let e = tlsim_core::Error::input(ReplayMsg::NotHex { line: 3 });
        assert_eq!(
            error_text(Lang::En, &e),
            "line 3: not hex (one handshake message per line, in hex; # starts a comment)."
        );
        assert!(error_text(Lang::Ko, &e).starts_with("3번째 줄: 16진수(hex)가 아닙니다"));
    }

    #[test]
    fn korean_labels_line_up() {
        assert_eq!(width("ab"), 2);
        assert_eq!(width("암호 a"), 6);
    }
}
