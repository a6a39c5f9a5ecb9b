//! Readable links: `?preset=<name>` names a scenario button (with `lang`, `step`, `seed`, `now`,
//! `s`, `embed`), the older `sc` still works, and *Copy link* reproduces the exact page. Run
//! natively (`cargo test -p tlsim-web --test preset_links`) and in headless Chromium.

use std::rc::Rc;
use tlsim_core::{Outcome, Scenario};
use tlsim_web::form::Input;
use tlsim_web::i18n::Lang;
use tlsim_web::state::{Action, Preset, State};
use tlsim_web::url;
use yew::Reducible;

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

const NOW: i64 = tlsim_core::scenario::DEFAULT_NOW;
/// Another day: the clock of whoever opens a link later.
const LATER: i64 = NOW + 200 * 86_400;
const DAY: i64 = 86_400;

/// The page a query opens at browser clock `now`, with the link's warnings.
fn open(query: &str, now: i64) -> Rc<State> {
    Rc::new(State::from_url(url::decode_query(query), now))
}

/// The page a query opens, asserting the link is read without a warning.
fn open_clean(query: &str, now: i64) -> Rc<State> {
    let d = url::decode_query(query);
    assert!(d.warnings.is_empty(), "{query}: {:?}", d.warnings);
    Rc::new(State::from_url(d, now))
}

fn act(s: &Rc<State>, a: Action) -> Rc<State> {
    s.clone().reduce(a)
}

fn alert(s: &State) -> Option<&'static str> {
    match &s.transcript.as_ref().expect("a transcript").outcome {
        Outcome::Success => None,
        Outcome::Failed { alert, .. } => Some(alert.name()),
        Outcome::Refused { .. } => Some("refused"),
    }
}

fn wire(s: &State) -> Vec<(bool, Vec<u8>)> {
    s.transcript.as_ref().expect("a transcript").wire.clone()
}

fn s_param(json: &str) -> String {
    url::b64url_encode(json.as_bytes())
}

/// The query *Copy link* writes for this page.
fn link(s: &State) -> String {
    url::encode_query(&s.url_state())
}

/// Does the query carry an `s` param?
fn has_s(q: &str) -> bool {
    q.split('&').any(|p| p.starts_with("s="))
}

/// Opening the page's own link elsewhere (another clock) shows the same page.
fn assert_reproduces(s: &State, what: &str) {
    let q = link(s);
    let r = open_clean(&q, LATER);
    assert_eq!(r.scenario, s.scenario, "{what}: scenario of {q}");
    assert_eq!(r.preset, s.preset, "{what}: preset of {q}");
    assert_eq!(r.seed, s.seed, "{what}: seed");
    assert_eq!(r.now, s.now, "{what}: clock");
    assert_eq!(r.step, s.step, "{what}: step");
    assert_eq!(r.lang, s.lang, "{what}: lang");
    assert_eq!(wire(&r), wire(s), "{what}: the same bytes");
    assert_eq!(link(&r), q, "{what}: the link is stable");
}

#[test]
fn preset_expired_with_lang_and_step() {
    let s = open_clean("?preset=expired&lang=ko&step=3", NOW);
    assert_eq!(s.preset, Some(Preset::Expired));
    assert_eq!(s.lang, Lang::Ko);
    assert_eq!(s.step, 3);
    assert_eq!(s.now, NOW, "no `now`: the browser clock");
    assert_eq!(s.scenario.not_after, NOW - 30 * DAY);
    assert_eq!(s.scenario.not_before, NOW - 400 * DAY);
    assert_eq!(alert(&s), Some("certificate_expired"));
    assert!(s.errors.is_empty(), "{:?}", s.errors);
    // Expired on any day it is opened.
    let later = open_clean("?preset=expired", LATER);
    assert_eq!(later.scenario.not_after, LATER - 30 * DAY);
    assert_eq!(alert(&later), Some("certificate_expired"));
}

#[test]
fn every_preset_link_is_its_button() {
    let fresh = Rc::new(State::new(NOW));
    for p in Preset::ALL {
        let clicked = act(&fresh, Action::Preset(p));
        for q in [
            format!("preset={}", p.name()),
            format!("?lang=en&preset={}&step=0", p.name()),
            format!("sc={}", p.name()),
        ] {
            let s = open_clean(&q, NOW);
            assert_eq!(s.preset, Some(p), "{q}");
            assert_eq!(s.scenario, clicked.scenario, "{q}");
            assert_eq!(alert(&s), alert(&clicked), "{q}");
            assert_eq!(wire(&s), wire(&clicked), "{q}");
            assert_eq!(
                s.step, 0,
                "{q}: a link opens at its step, not playing from it"
            );
            assert!(!s.playing, "{q}");
        }
    }
}

#[test]
fn preset_with_seed_and_now_is_pinned() {
    let seed = "ab".repeat(32);
    let q = format!("preset=expired&seed={seed}&now={NOW}&step=5");
    let d = url::decode_query(&q);
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
    assert_eq!(d.state.preset.as_deref(), Some("expired"));
    assert_eq!(
        d.state.scenario.not_after,
        NOW - 30 * DAY,
        "with `now` the decoder applies the preset itself"
    );
    let s = Rc::new(State::from_url(d, LATER));
    assert_eq!(s.now, NOW, "the link's clock, not the browser's");
    assert_eq!(s.seed, [0xab; 32]);
    assert_eq!(s.step, 5);
    assert_eq!(s.scenario.not_after, NOW - 30 * DAY);
    assert_eq!(alert(&s), Some("certificate_expired"));
}

#[test]
fn byte_flip_link_flips_the_client_finished_record() {
    for q in [
        "preset=byte_flipped".to_string(),
        format!("preset=byte_flipped&seed={}&now={NOW}", "07".repeat(32)),
    ] {
        let s = open_clean(&q, NOW);
        assert_eq!(alert(&s), Some("bad_record_mac"), "{q}");
        let clicked = act(
            &Rc::new(State::from_url(url::decode_query(&q), NOW)),
            Action::Preset(Preset::FlipByte),
        );
        assert_eq!(s.scenario, clicked.scenario, "{q}");
    }
}

#[test]
fn s_on_top_of_a_preset() {
    // A field the preset does not touch: both apply.
    let q = format!("preset=wrong_host&s={}", s_param(r#"{"client_auth":true}"#));
    let s = open_clean(&q, NOW);
    assert_eq!(s.preset, Some(Preset::WrongHost));
    assert_eq!(s.scenario.client_host, "login.example.net");
    assert!(s.scenario.client_auth);
    assert_eq!(alert(&s), Some("certificate_unknown"));
    // A field the preset sets: `s` wins, even with the default's value.
    let q = format!(
        "preset=untrusted_ca&now={NOW}&s={}",
        s_param(r#"{"trust_issuing_ca":true}"#)
    );
    let s = open_clean(&q, NOW);
    assert!(s.scenario.trust_issuing_ca);
    assert_eq!(alert(&s), None);
    // The expired preset with other dates in `s`.
    let q = format!(
        "preset=expired&s={}",
        s_param(&format!(r#"{{"not_after":{}}}"#, NOW - DAY))
    );
    let s = open_clean(&q, NOW);
    assert_eq!(s.scenario.not_before, NOW - 400 * DAY);
    assert_eq!(s.scenario.not_after, NOW - DAY);
    assert_eq!(alert(&s), Some("certificate_expired"));
}

#[test]
fn unknown_preset_is_a_warning_and_the_default_scenario() {
    for (q, param) in [
        ("preset=expird&lang=ko&step=2", "preset"),
        ("sc=../etc", "sc"),
        ("preset=EXPIRED", "preset"),
    ] {
        let d = url::decode_query(q);
        assert_eq!(d.warnings.len(), 1, "{q}: {:?}", d.warnings);
        let w = &d.warnings[0];
        assert_eq!((w.param.as_str(), w.key), (param, "url.bad_preset"), "{q}");
        assert!(!w.message(Lang::Ko).is_empty());
        assert_ne!(w.message(Lang::Ko), w.message(Lang::En));
        let s = Rc::new(State::from_url(d, NOW));
        assert_eq!(s.scenario, Scenario::default(), "{q}");
        assert_eq!(s.preset, Some(Preset::Normal), "{q}");
        assert_eq!(s.url_warnings.len(), 1);
    }
    // The rest of the link still counts.
    let s = open("preset=nope&lang=ko&step=2", NOW);
    assert_eq!((s.lang, s.step), (Lang::Ko, 2));
}

#[test]
fn preset_wins_over_sc_and_old_sc_links_open_as_before() {
    let s = open_clean("sc=mitm&preset=mutual_tls", NOW);
    assert_eq!(s.preset, Some(Preset::MutualTls));
    assert!(s.scenario.client_auth && s.scenario.faults.is_empty());
    // An old link: `sc` was a label, `s` the whole scenario. Someone re-ticked "trust the CA" in
    // the untrusted_ca scenario and changed the host: `s` has no trust_issuing_ca (default).
    let old = format!(
        "lang=ko&sc=untrusted_ca&s={}&seed={}&now={NOW}&step=4",
        s_param(r#"{"client_host":"www.example.com","server_sans":["www.example.com"]}"#),
        "00".repeat(32)
    );
    let s = open_clean(&old, LATER);
    assert!(s.scenario.trust_issuing_ca, "as it opened before");
    assert_eq!(s.scenario.client_host, "www.example.com");
    assert_eq!(
        s.preset,
        Some(Preset::UntrustedCa),
        "the button still lights"
    );
    assert_eq!(s.step, 4);
    assert_reproduces(&s, "an old sc link");
}

#[test]
fn old_style_links_of_every_preset_still_reproduce() {
    // What the page wrote before `preset`: sc=<name> and s = the diff over the default.
    let fresh = Rc::new(State::new(NOW));
    for p in Preset::ALL {
        let s = act(&fresh, Action::Preset(p));
        let diff = url::scenario_diff(&s.scenario, None);
        let mut q = format!(
            "sc={}&seed={}&now={NOW}&step=2",
            p.name(),
            hex::encode(s.seed)
        );
        if !diff.is_empty() {
            q.push_str(&format!(
                "&s={}",
                s_param(&serde_json::Value::Object(diff).to_string())
            ));
        }
        let r = open_clean(&q, LATER);
        assert_eq!(r.scenario, s.scenario, "{q}");
        assert_eq!(r.preset, Some(p), "{q}");
    }
}

#[test]
fn copy_link_of_an_unedited_preset_is_readable() {
    let fresh = Rc::new(State::new(NOW));
    for p in Preset::ALL {
        let s = act(&fresh, Action::Preset(p));
        let s = act(&s, Action::Goto(3));
        let q = link(&s);
        assert!(q.contains(&format!("preset={}", p.name())), "{q}");
        assert!(!has_s(&q), "an unedited preset needs no `s`: {q}");
        assert!(!q.contains("sc="), "{q}");
        assert_reproduces(&s, p.name());
        let ko = act(&s, Action::Lang(Lang::Ko));
        assert!(link(&ko).starts_with("lang=ko&preset="), "{}", link(&ko));
        assert_reproduces(&ko, p.name());
    }
    // The default page.
    let q = link(&fresh);
    assert!(q.contains("preset=normal") && !has_s(&q), "{q}");
}

#[test]
fn copy_link_of_an_edited_preset_is_exact() {
    let fresh = Rc::new(State::new(NOW));
    let cases: Vec<(&str, Preset, Vec<Action>)> = vec![
        (
            "re-trusted CA",
            Preset::UntrustedCa,
            vec![Action::Flag(Input::TrustCa, true)],
        ),
        (
            "host typed back",
            Preset::WrongHost,
            vec![Action::Text(
                Input::ClientHost,
                Scenario::default().client_host,
            )],
        ),
        (
            "mTLS unticked",
            Preset::MutualTls,
            vec![Action::Flag(Input::ClientAuth, false)],
        ),
        (
            "expired, other host",
            Preset::Expired,
            vec![Action::Text(Input::ClientHost, "example.com".into())],
        ),
        (
            "expired, clock moved",
            Preset::Expired,
            vec![Action::Now(LATER)],
        ),
        (
            "flip, new seed",
            Preset::FlipByte,
            vec![Action::Seed([9; 32])],
        ),
        (
            "mitm, EMS off",
            Preset::ManInTheMiddle,
            vec![Action::Flag(Input::Ems, false)],
        ),
        (
            "forged, other message",
            Preset::ForgedSignature,
            vec![Action::Text(Input::AppMessage, "hello".into())],
        ),
    ];
    for (what, p, actions) in cases {
        let mut s = act(&fresh, Action::Preset(p));
        for a in actions {
            s = act(&s, a);
        }
        s = act(&s, Action::Goto(2));
        let q = link(&s);
        assert!(q.contains(&format!("preset={}", p.name())), "{what}: {q}");
        // A new seed moves no record: the byte flip is still the preset as its button loads it.
        let unedited = s.scenario == p.scenario(s.now);
        assert_eq!(has_s(&q), !unedited, "{what}: edits travel in `s`: {q}");
        assert_eq!(unedited, what == "flip, new seed", "{what}");
        assert_reproduces(&s, what);
        // The link's `s` alone (a reader that ignores `preset`) is the scenario too.
        if !unedited {
            let d = url::decode_query(&q.replace(&format!("preset={}", p.name()), "x=1"));
            assert_eq!(d.state.scenario, s.scenario, "{what}: s alone");
        }
    }
}

#[test]
fn preset_links_combine_with_embed_and_keys() {
    let s = open_clean("preset=mitm&embed=1&step=6&lang=ko", NOW);
    assert!(s.embed.enabled);
    assert_eq!(
        (s.preset, s.step, s.lang),
        (Some(Preset::ManInTheMiddle), 6, Lang::Ko)
    );
    assert_eq!(alert(&s), Some("unknown_ca"));
    let q = url::embed_code_with_base("https://x.example/sim/", &s.url_state(), s.embed, Lang::Ko);
    assert!(q.contains("preset=mitm") && q.contains("embed=1"), "{q}");
    // Generated keys travel beside the preset.
    let q = format!("preset=expired&kseed={}&kbits=server:512", "01".repeat(32));
    let s = open_clean(&q, NOW);
    assert_eq!(s.preset, Some(Preset::Expired));
    assert!(s.keygen.is_some() && s.keys_pending());
    let q = link(&s);
    assert!(q.contains("preset=expired") && !has_s(&q), "{q}");
}

// ---- issue 12: the certificate failures, one link each ----

#[test]
fn every_certificate_failure_link_ends_in_its_alert() {
    let cases = [
        ("chain", None),
        ("incomplete_chain", Some("unknown_ca")),
        ("intermediate_not_ca", Some("unknown_ca")),
        ("path_len", Some("unknown_ca")),
        ("self_signed", Some("unknown_ca")),
        ("sha1_leaf", Some("bad_certificate")),
        ("sha1_intermediate", Some("bad_certificate")),
        ("weak_key", Some("bad_certificate")),
        ("no_san", Some("certificate_unknown")),
        ("no_server_auth", Some("unsupported_certificate")),
        ("no_key_encipherment", Some("unsupported_certificate")),
        ("not_yet_valid", Some("bad_certificate")),
        ("revoked", Some("certificate_revoked")),
        ("bad_csr", Some("refused")),
    ];
    assert_eq!(
        cases.len(),
        Preset::ALL.iter().filter(|p| p.is_cert_failure()).count() + 1
    );
    for (name, want) in cases {
        let s = open_clean(&format!("?preset={name}&lang=ko"), NOW);
        assert_eq!(s.preset.map(Preset::name), Some(name));
        assert_eq!(alert(&s), want, "{name}");
        assert!(s.errors.is_empty(), "{name}: {:?}", s.errors);
        assert_reproduces(&s, name);
    }
    // The chain preset checks the chain box; unticking it goes back to root -> leaf.
    let s = open_clean("?preset=chain", NOW);
    assert_eq!(
        (s.scenario.chain_depth, s.scenario.check_revocation),
        (2, true)
    );
    assert!(s.form.intermediate && s.form.check_revocation);
    let s = act(&s, Action::Flag(Input::ChainDepth, false));
    assert_eq!(s.scenario.chain_depth, 1);
    assert_eq!(alert(&s), None);
    // A failure that needs the intermediate keeps it, box or not.
    let s = open_clean("?preset=incomplete_chain", NOW);
    let s = act(&s, Action::Flag(Input::ChainDepth, false));
    assert_eq!(s.scenario.chain_depth, 2);
    assert_eq!(alert(&s), Some("unknown_ca"));
    // Revocation off: the revoked preset's CRL is no longer read, and the handshake succeeds.
    let s = open_clean("?preset=revoked", NOW);
    let s = act(&s, Action::Flag(Input::CheckRevocation, false));
    assert_eq!(alert(&s), None);
}

#[test]
fn faults_in_a_link_read_in_any_key_order_and_a_bad_one_is_a_warning() {
    use tlsim_core::{CertFault, Fault, StepKey};
    // The page sorts the keys of `s` (a JSON map): the tag `kind` may come last.
    for (json, want) in [
        (
            r#"{"faults":[{"cert":"self_signed","kind":"cert"}]}"#,
            Fault::Cert {
                cert: CertFault::SelfSigned,
            },
        ),
        (
            r#"{"faults":[{"offset":9,"record":3,"kind":"flip_byte"}]}"#,
            Fault::FlipByte {
                record: 3,
                offset: 9,
            },
        ),
        (
            r#"{"faults":[{"step":"finished_client","offset":12,"kind":"flip_in_step"}]}"#,
            Fault::FlipInStep {
                step: StepKey::FinishedClient,
                offset: 12,
            },
        ),
    ] {
        let s = open_clean(&format!("s={}&lang=ko", s_param(json)), NOW);
        assert_eq!(s.scenario.faults, vec![want], "{json}");
        assert_reproduces(&s, json);
    }
    // A fault the core cannot read: one warning, in both languages, and the rest of `s` counts.
    for bad in [
        r#"{"kind":"flip_bytes","record":3,"offset":9}"#,
        r#"{"record":3,"offset":9}"#,
        r#"{"kind":"flip_byte","record":3}"#,
        r#"{"kind":"cert","cert":"expird"}"#,
        r#"{"kind":"tls13","tls13":7}"#,
        r#""forged_signature""#,
    ] {
        let json = format!(r#"{{"faults":[{bad}],"client_auth":true}}"#);
        let d = url::decode_query(&format!("s={}", s_param(&json)));
        assert_eq!(d.warnings.len(), 1, "{json}: {:?}", d.warnings);
        let w = &d.warnings[0];
        assert_eq!(
            (w.param.as_str(), w.key),
            ("s.faults", "url.bad_scenario_field"),
            "{json}"
        );
        assert!(!w.detail.is_empty(), "{json}");
        assert!(w.message(Lang::En).contains("scenario field"), "{json}");
        assert!(!w.message(Lang::Ko).is_empty());
        assert_ne!(w.message(Lang::Ko), w.message(Lang::En));
        let s = Rc::new(State::from_url(d, NOW));
        assert!(
            s.scenario.faults.is_empty() && s.scenario.client_auth,
            "{json}"
        );
    }
}
