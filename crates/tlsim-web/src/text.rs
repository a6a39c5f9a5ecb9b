//! Thin helpers over the i18n module for what the page shows about a step.

use crate::i18n::{self, has, t, Lang};
use tlsim_core::{Actor, Step};

/// A lane's name.
pub fn lane(lang: Lang, a: Actor) -> &'static str {
    i18n::lane_label(lang, a)
}

/// An actor in a sentence ("the client").
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

/// A step's title: the translated one for its key, else the core's.
pub fn step_title(lang: Lang, s: &Step) -> String {
    let key = format!("step.{}.title", s.key);
    if has(lang, &key) || has(Lang::En, &key) {
        t(lang, &key).to_string()
    } else {
        s.title.clone()
    }
}

/// A short explanation of a step for a learner who has never seen TLS ("" if none).
pub fn explain(lang: Lang, key: &str) -> &'static str {
    let k = format!("step.{key}.explain");
    if has(lang, &k) || has(Lang::En, &k) {
        t(lang, &k)
    } else {
        ""
    }
}

/// What an alert means, for a learner.
pub fn alert_meaning(lang: Lang, name: &str) -> &'static str {
    i18n::alert_meaning(lang, name)
}

/// A check's label.
pub fn check_label(lang: Lang, name: &str) -> String {
    let k = format!("check.{name}");
    if has(lang, &k) || has(Lang::En, &k) {
        t(lang, &k).to_string()
    } else {
        name.to_string()
    }
}

/// The extra note on steps where RSA key exchange shows its weakness: the recorded encrypted
/// pre-master is all an attacker with the server key needs.
pub fn rsa_weakness(lang: Lang, key: &str) -> Option<&'static str> {
    if !matches!(key, "client_key_exchange" | "decrypt_pre_master") {
        return None;
    }
    Some(match lang {
        Lang::Ko => "RSA 키 교환이 퇴출된 이유: 이 암호화된 프리마스터 시크릿만 있으면 충분합니다. 세션을 녹화해 둔 누군가가 나중에 서버의 개인 키를 얻으면(유출, 법적 요구, 약한 키) 이것을 복호화하고 모든 세션 키와 메시지를 알아냅니다. 순방향 비밀성(forward secrecy)이 없습니다. 복호화할 때의 패딩 검사도 정보를 흘립니다(Bleichenbacher 방식의 패딩 오라클). TLS 1.3은 RSA 키 교환을 없애고 ECDHE를 씁니다.",
        _ => "Why RSA key exchange is retired: this encrypted pre-master is all an eavesdropper needs. Whoever records the session and later obtains the server's private key (a breach, a legal order, a weak key) decrypts it, and with it every session key and message: no forward secrecy. The padding check on decryption also leaks (Bleichenbacher-style padding oracles). TLS 1.3 removed RSA key exchange in favour of ECDHE.",
    })
}

/// Steps where "signed, not encrypted" is worth saying.
pub fn shows_signed_note(key: &str) -> bool {
    matches!(
        key,
        "issue_server_cert" | "verify_server_cert" | "certificate"
    )
}
