//! Tests of the simulator page's logic (issue 4): the state reducer, input validation, hex
//! parsing, the field/byte mapping of the hex view, keyboard shortcuts and step status. They run in
//! headless Chromium (`cargo test -p tlsim-web --target wasm32-unknown-unknown`) and natively
//! (`cargo test -p tlsim-web --test page_logic`). The core runs with its builtin teaching keys.

use std::rc::Rc;
use tlsim_core::{Field, Outcome, Scenario};
use tlsim_web::app::shortcut;
use tlsim_web::components::hex_view::{byte_class, byte_owners, in_field, marked, rows_html};
use tlsim_web::components::step_list::status;
use tlsim_web::form::{self, Form, Input, Msg};
use tlsim_web::i18n::Lang;
use tlsim_web::keygen_protocol::{KeyGenSpec, KeyRole};
use tlsim_web::state::{changed_steps, failed_steps, Action, Preset, State};
use yew::Reducible;

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

const NOW: i64 = tlsim_core::scenario::DEFAULT_NOW;

fn fresh() -> Rc<State> {
    Rc::new(State::new(NOW))
}

fn act(s: &Rc<State>, a: Action) -> Rc<State> {
    s.clone().reduce(a)
}

fn outcome_alert(s: &State) -> Option<&'static str> {
    match &s.transcript.as_ref().expect("a transcript").outcome {
        Outcome::Success => None,
        Outcome::Failed { alert, .. } => Some(alert.name()),
        Outcome::Refused { .. } => Some("refused"),
    }
}

fn key(m: Option<&Msg>) -> Option<&'static str> {
    m.and_then(Msg::key_name)
}

// ---- hex parsing and validation ----------------------------------------------------------

#[test]
fn hex_accepts_spaces_and_colons_and_rejects_garbage() {
    assert_eq!(form::parse_hex("00 ff:10").unwrap(), vec![0x00, 0xff, 0x10]);
    assert_eq!(form::parse_hex("").unwrap(), Vec::<u8>::new());
    assert_eq!(
        form::parse_hex("zz").unwrap_err().key_name(),
        Some("error.hex_invalid")
    );
    assert_eq!(
        form::parse_hex("abc").unwrap_err().key_name(),
        Some("error.hex_odd")
    );
    assert_eq!(
        form::parse_hex("0x00").unwrap_err().key_name(),
        Some("error.hex_invalid")
    );
    assert_eq!(
        form::parse_hex("é1").unwrap_err().key_name(),
        Some("error.hex_invalid")
    );
}

#[test]
fn fixed_length_hex_says_what_length_it_needs() {
    assert_eq!(
        form::parse_fixed::<32>("").unwrap(),
        None,
        "empty: drawn from the seed"
    );
    assert_eq!(
        form::parse_fixed::<32>(&"ab".repeat(32)).unwrap(),
        Some([0xab; 32])
    );
    let e = form::parse_fixed::<32>("0011").unwrap_err();
    assert_eq!(e.key_name(), Some("error.hex_length"));
    let text = e.render(Lang::En);
    assert!(
        text.contains("32") && text.contains("64") && text.contains('2'),
        "{text}"
    );
    assert!(form::parse_fixed::<48>(&"00".repeat(49)).is_err());
}

#[test]
fn dates_round_trip_and_bad_dates_are_refused() {
    for t in [
        0,
        86_400 * 365,
        tlsim_core::scenario::DEFAULT_NOT_BEFORE,
        tlsim_core::scenario::DEFAULT_NOT_AFTER,
        951_782_400,
    ] {
        let d = form::unix_to_date(t);
        assert_eq!(
            form::date_to_unix(&d).unwrap(),
            t - t.rem_euclid(86_400),
            "{d}"
        );
    }
    assert_eq!(form::unix_to_date(951_782_400), "2000-02-29");
    assert_eq!(
        form::date_to_unix("2026-01-01").unwrap(),
        tlsim_core::scenario::DEFAULT_NOT_BEFORE
    );
    for bad in [
        "2026-02-30",
        "2023-02-29",
        "2026-13-01",
        "yesterday",
        "1900-01-01",
        "2026-1",
    ] {
        assert!(form::date_to_unix(bad).is_err(), "{bad}");
    }
    assert_eq!(
        form::date_to_unix("").unwrap_err().key_name(),
        Some("error.required")
    );
}

#[test]
fn host_names_and_san_lists() {
    assert_eq!(
        form::parse_sans(" WWW.Example.com, *.example.com ").unwrap(),
        vec!["www.example.com", "*.example.com"]
    );
    // No name: a certificate without subjectAltName (issue 12's no-san).
    assert_eq!(form::parse_sans(" , ").unwrap(), Vec::<String>::new());
    assert!(form::parse_sans("ok.com, bad host").is_err());
    assert!(
        form::dns_name("*.example.com", false).is_err(),
        "the client asks for one host"
    );
    for bad in ["-a.com", "a..com", "a_b.com", "", "a.com-"] {
        assert!(form::dns_name(bad, true).is_err(), "{bad:?}");
    }
}

#[test]
fn pem_roots_are_split_and_garbage_refused() {
    let one = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----";
    assert_eq!(form::parse_pems("").unwrap(), Vec::<String>::new());
    assert_eq!(
        form::parse_pems(&format!("{one}\n\n{one}\n"))
            .unwrap()
            .len(),
        2
    );
    assert!(form::parse_pems("hello").is_err());
    assert!(form::parse_pems("-----BEGIN CERTIFICATE-----\nAAAA").is_err());
}

#[test]
fn invalid_inputs_keep_the_last_valid_value_and_say_why() {
    let base = Scenario::default();
    let mut f = Form::from_scenario(&base);
    f.client_random = "xyz".into();
    f.pre_master = "0303".into();
    f.not_before = "2027-01-01".into();
    f.not_after = "2026-01-01".into();
    f.suites.clear();
    f.ca_name = "  ".into();
    f.client_host = "api.example.com".into();
    let (s, errors) = f.apply(&base);
    assert_eq!(
        key(errors.get(&Input::ClientRandom)),
        Some("error.hex_invalid")
    );
    assert_eq!(key(errors.get(&Input::PreMaster)), Some("error.hex_length"));
    assert_eq!(key(errors.get(&Input::NotAfter)), Some("error.date_order"));
    assert_eq!(key(errors.get(&Input::Suites)), Some("error.suites_empty"));
    assert_eq!(key(errors.get(&Input::CaName)), Some("error.required"));
    assert_eq!(s.client_random, base.client_random);
    assert_eq!(s.offered_suites, base.offered_suites);
    assert_eq!(s.ca_name, base.ca_name);
    assert_eq!(
        (s.not_before, s.not_after),
        (base.not_before, base.not_after)
    );
    assert_eq!(s.client_host, "api.example.com", "valid inputs still apply");
    // every message renders in both languages without a placeholder left
    for m in errors.values() {
        for lang in [Lang::En, Lang::Ko] {
            let t = m.render(lang);
            assert!(!t.is_empty() && !t.contains('{'), "{t}");
        }
    }
}

#[test]
fn form_of_the_default_scenario_applies_back_to_it() {
    let d = Scenario::default();
    let (s, errors) = Form::from_scenario(&d).apply(&d);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(s, d);
    let names: Vec<&str> = Input::ALL.iter().map(|i| i.name()).collect();
    let mut dedup = names.clone();
    dedup.sort();
    dedup.dedup();
    assert_eq!(dedup.len(), names.len(), "input names are unique");
}

// ---- field/byte mapping ------------------------------------------------------------------

fn field(name: &str, offset: usize, len: usize, depth: u8) -> Field {
    Field {
        name: tlsim_core::FieldName::from_name(name).expect("a field name"),
        offset,
        len,
        meaning: tlsim_core::msg::FieldMsg::Follow { len }.into(),
        depth,
    }
}

#[test]
fn each_byte_belongs_to_its_deepest_field() {
    let fields = vec![
        field("type", 0, 10, 0),
        field("length", 5, 5, 1),
        field("random", 6, 3, 2),
        field("tag", 9, 50, 2),
    ];
    let owners = byte_owners(&fields, 12);
    assert_eq!(owners.len(), 12);
    assert_eq!(&owners[..5], &[Some(0); 5]);
    assert_eq!(owners[5], Some(1));
    assert_eq!(&owners[6..9], &[Some(2); 3]);
    assert_eq!(owners[9], Some(3));
    assert_eq!(
        &owners[10..],
        &[Some(3), Some(3)],
        "clipped to the bytes there are"
    );
    assert!(
        in_field(&fields, Some(1), 7),
        "a parent field lights its children's bytes"
    );
    assert!(!in_field(&fields, Some(2), 9));
    assert!(!in_field(&fields, None, 0));
    assert!(
        !in_field(&fields, Some(99), 0),
        "an unknown field lights nothing"
    );
    assert_eq!(byte_owners(&[], 3), vec![None; 3]);
}

/// The hex view's rows, made as one HTML string (issue 11): one span per byte with its index and
/// its colour and change mark, 16 to a row; the hover and the cursor mark the bytes `marked`
/// names with the classes `byte_class` gives.
#[test]
fn hex_rows_html_has_one_span_per_byte_with_its_marks() {
    let fields = vec![field("type", 0, 10, 0), field("random", 6, 3, 2)];
    let bytes: Vec<u8> = (0u8..20).collect();
    let owners = byte_owners(&fields, bytes.len());
    let mut before = bytes.clone();
    before[7] ^= 0xff;
    let html = rows_html(&bytes, &owners, Some(&before));
    assert_eq!(
        html.matches("<div class=\"hex-row\">").count(),
        2,
        "16 bytes a row"
    );
    assert!(html.starts_with("<div class=\"hex-row\"><span class=\"off\">0000</span>"));
    assert!(html.contains("<span class=\"off\">0010</span>"));
    assert_eq!(html.matches("<span class=\"b").count(), 20);
    for i in 0..20 {
        assert!(
            html.contains(&format!("data-i=\"{i}\">{i:02x}</span>")),
            "byte {i}"
        );
    }
    assert!(html.contains("<span class=\"b c0\" data-i=\"0\">00</span>"));
    assert!(html.contains("<span class=\"b c1\" data-i=\"6\">06</span>"));
    assert!(
        html.contains("<span class=\"b c1 delta\" data-i=\"7\">07</span>"),
        "a byte that differs from the run before is marked"
    );
    assert!(
        html.contains("<span class=\"b\" data-i=\"17\">11</span>"),
        "a byte no field owns has no colour"
    );
    assert!(
        !html.contains("lit") && !html.contains("cursor"),
        "hover and cursor come later"
    );
    assert_eq!(rows_html(&[], &[], None), "");
    // hovering "type" marks its 10 bytes (its child's too); the cursor adds its own byte
    assert_eq!(
        marked(&fields, Some(0), Some(17), 20),
        [(0..10).collect::<Vec<_>>(), vec![17]].concat()
    );
    assert_eq!(
        marked(&fields, Some(1), Some(7), 20),
        vec![6, 7, 8],
        "once each"
    );
    assert_eq!(marked(&fields, None, None, 20), Vec::<usize>::new());
    assert_eq!(
        marked(&fields, Some(9), Some(99), 20),
        Vec::<usize>::new(),
        "unknown field, cursor past the end"
    );
    assert_eq!(
        byte_class(Some(7), true, true, true, true),
        "b c1 lit own delta cursor"
    );
    assert_eq!(byte_class(None, false, false, false, false), "b");
}

#[test]
fn real_fields_cover_real_bytes() {
    let s = fresh();
    let t = s.transcript.as_ref().expect("transcript");
    for step in &t.steps {
        let owners = byte_owners(&step.fields, step.bytes.len());
        if !step.fields.is_empty() && !step.bytes.is_empty() {
            assert!(
                owners.iter().any(Option::is_some),
                "{}: fields map to bytes",
                step.key
            );
        }
    }
}

// ---- the reducer -------------------------------------------------------------------------

#[test]
fn default_page_is_a_reproducible_successful_handshake() {
    let a = fresh();
    let b = fresh();
    assert_eq!(outcome_alert(&a), None);
    assert_eq!(a.transcript, b.transcript, "fixed default seed: same bytes");
    assert_eq!(a.preset, Some(Preset::Normal));
    assert!(a.len() >= 15);
    assert!(
        a.changed.iter().all(|c| !c),
        "nothing marked changed on load"
    );
    assert!(a.errors.is_empty());
}

#[test]
fn navigation_stays_inside_the_steps() {
    let s = fresh();
    let n = s.len();
    let s = act(&s, Action::Prev);
    assert_eq!(s.step, 0);
    let s = act(&act(&s, Action::Next), Action::Next);
    assert_eq!(s.step, 2);
    let s = act(&s, Action::Last);
    assert_eq!(s.step, n - 1);
    let s = act(&s, Action::Next);
    assert_eq!(s.step, n - 1);
    let s = act(&s, Action::Goto(10_000));
    assert_eq!(s.step, n - 1);
    let s = act(&s, Action::First);
    assert_eq!(s.step, 0);
}

#[test]
fn play_runs_to_the_end_and_stops() {
    let mut s = act(&fresh(), Action::TogglePlay);
    assert!(s.playing);
    for _ in 0..1000 {
        if !s.playing {
            break;
        }
        s = act(&s, Action::Tick);
    }
    assert!(!s.playing);
    assert_eq!(s.step, s.len() - 1);
    // play again from the end restarts at the first step
    let s = act(&s, Action::TogglePlay);
    assert!(s.playing);
    assert_eq!(s.step, 0);
    // a tick while paused does nothing; stepping by hand pauses
    let s = act(&s, Action::Next);
    assert!(!s.playing);
    let before = s.step;
    assert_eq!(act(&s, Action::Tick).step, before);
}

#[test]
fn every_preset_gives_its_outcome() {
    let expected = [
        (Preset::Normal, None),
        (Preset::UntrustedCa, Some("unknown_ca")),
        (Preset::Expired, Some("certificate_expired")),
        (Preset::WrongHost, Some("certificate_unknown")),
        (Preset::ForgedSignature, Some("bad_certificate")),
        (Preset::ManInTheMiddle, Some("unknown_ca")),
        (Preset::FlipByte, Some("bad_record_mac")),
        (Preset::MutualTls, None),
    ];
    let s = fresh();
    for (p, alert) in expected {
        let r = act(&s, Action::Preset(p));
        assert_eq!(outcome_alert(&r), alert, "{}", p.name());
        assert_eq!(r.preset, Some(p));
        assert_eq!(Preset::from_name(p.name()), Some(p));
        let t = r.transcript.as_ref().expect("transcript");
        let failed = failed_steps(t);
        match alert {
            None => assert!(failed.is_empty()),
            Some(_) => {
                let last = *failed.last().expect("a failing step");
                assert_eq!(
                    t.steps[last].key,
                    tlsim_core::StepKey::Alert,
                    "{}: the alert is marked",
                    p.name()
                );
                assert_eq!(r.failed_step(), failed.first().copied());
            }
        }
    }
    let mtls = act(&s, Action::Preset(Preset::MutualTls));
    assert!(mtls
        .transcript
        .as_ref()
        .expect("t")
        .steps
        .iter()
        .any(|st| st.key == tlsim_core::StepKey::CertificateRequest));
}

#[test]
fn the_byte_flip_hits_the_client_finished_record() {
    // The preset names the step; the tamper step lands right after the client's Finished and the
    // record it hits is the one that step sent, whatever its index on the wire.
    let s = act(&fresh(), Action::Preset(Preset::FlipByte));
    let t = s.transcript.as_ref().expect("transcript");
    let fin = t
        .steps
        .iter()
        .position(|st| st.key == tlsim_core::StepKey::FinishedClient)
        .expect("the client's Finished");
    let tamper = &t.steps[fin + 1];
    assert_eq!(tamper.key, tlsim_core::StepKey::Tamper);
    assert_eq!(tamper.bytes.len(), t.steps[fin].bytes.len());
    assert_ne!(tamper.bytes, t.steps[fin].bytes);
    assert_eq!(outcome_alert(&s), Some("bad_record_mac"));
}

#[test]
fn editing_recomputes_and_marks_what_changed() {
    let s = fresh();
    let r = act(
        &s,
        Action::Text(Input::ClientHost, "other.example.org".into()),
    );
    assert_eq!(outcome_alert(&r), Some("certificate_unknown"));
    assert_eq!(r.changed.len(), r.len());
    let ch = r
        .transcript
        .as_ref()
        .expect("t")
        .steps
        .iter()
        .position(|st| st.key == tlsim_core::StepKey::ClientHello)
        .expect("ClientHello");
    assert!(r.changed[ch], "the SNI in the ClientHello changed");
    assert!(!r.changed[0], "the CA's own certificate did not change");
    // the same value again: nothing to do
    let again = act(
        &r,
        Action::Text(Input::ClientHost, "other.example.org".into()),
    );
    assert!(Rc::ptr_eq(&again, &r));
}

#[test]
fn garbage_hex_gives_a_message_and_keeps_the_transcript() {
    let s = fresh();
    let r = act(
        &s,
        Action::Text(Input::ClientRandom, "not hex at all".into()),
    );
    assert_eq!(
        key(r.errors.get(&Input::ClientRandom)),
        Some("error.hex_invalid")
    );
    assert_eq!(
        r.transcript, s.transcript,
        "the last valid inputs still run"
    );
    let r = act(&r, Action::Text(Input::ClientRandom, "ab".repeat(32)));
    assert!(r.errors.is_empty());
    assert_eq!(r.scenario.client_random, Some([0xab; 32]));
    assert_ne!(r.transcript, s.transcript);
    let r = act(&r, Action::Text(Input::PreMaster, "03".repeat(47)));
    assert_eq!(
        key(r.errors.get(&Input::PreMaster)),
        Some("error.hex_length")
    );
}

#[test]
fn toggles_and_suites() {
    let s = fresh();
    let r = act(&s, Action::Flag(Input::TrustCa, false));
    assert_eq!(outcome_alert(&r), Some("unknown_ca"));
    let r = act(&s, Action::Suite(0x009c, false));
    assert_eq!(
        outcome_alert(&r),
        Some("handshake_failure"),
        "no suite in common"
    );
    let r = act(&r, Action::Suite(0x009c, true));
    assert_eq!(
        r.form.suites,
        vec![0x009d, 0x009c, 0x002f],
        "the list keeps its order"
    );
    assert_eq!(outcome_alert(&r), None);
    let r = act(&s, Action::Flag(Input::Ems, false));
    assert!(!r.transcript.as_ref().expect("t").extended_master_secret);
}

#[test]
fn seed_and_clock_live_in_state() {
    let s = fresh();
    let r = act(&s, Action::Seed([9; 32]));
    assert_eq!(r.seed, [9; 32]);
    assert_ne!(r.transcript, s.transcript);
    let r = act(
        &s,
        Action::Now(tlsim_core::scenario::DEFAULT_NOT_AFTER + 86_400 * 2),
    );
    assert_eq!(outcome_alert(&r), Some("certificate_expired"));
    let u = r.url_state();
    assert_eq!(
        u.now,
        Some(tlsim_core::scenario::DEFAULT_NOT_AFTER + 86_400 * 2)
    );
    assert_eq!(u.seed, Some(s.seed));
}

#[test]
fn key_sizes_ask_the_worker_and_stale_answers_are_ignored() {
    let s = fresh();
    assert!(s.keygen.is_none() && !s.keys_pending());
    let r = act(&s, Action::KeyBits(Input::ServerKeyBits, 512));
    let spec = r.keygen.clone().expect("a key spec");
    assert!(spec.bits.contains(&(KeyRole::Server, 512)));
    assert!(r.keys_pending());
    // an answer for other keys is dropped
    let other = KeyGenSpec::new([1; 32], vec![(KeyRole::Server, 1024)]);
    let same = act(&r, Action::KeysDone(other, Ok(Vec::new())));
    assert!(Rc::ptr_eq(&same, &r));
    // a failure is reported
    let failed = act(&r, Action::KeysDone(spec.clone(), Err("boom".into())));
    assert_eq!(failed.keygen_error.as_deref(), Some("boom"));
    assert!(!failed.keys_pending());
    // back to 2048 everywhere without a key seed: builtin keys again
    let back = act(&r, Action::KeyBits(Input::ServerKeyBits, 2048));
    assert!(back.keygen.is_some(), "the key seed is kept once chosen");
}

#[test]
fn language_switch_is_state() {
    let s = fresh();
    let r = act(&s, Action::Lang(Lang::Ko));
    assert_eq!(r.lang, Lang::Ko);
    assert_eq!(r.url_state().lang, Some(Lang::Ko));
    assert_eq!(
        r.transcript, s.transcript,
        "the bytes do not depend on the language"
    );
}

#[test]
fn changed_steps_compares_by_key() {
    let s = fresh();
    let t = s.transcript.as_ref().expect("t");
    assert!(changed_steps(t, t).iter().all(|c| !c));
    let mtls = act(&s, Action::Preset(Preset::MutualTls));
    let t2 = mtls.transcript.as_ref().expect("t2");
    let marks = changed_steps(t, t2);
    let cr = t2
        .steps
        .iter()
        .position(|st| st.key == tlsim_core::StepKey::CertificateRequest)
        .expect("CR");
    assert!(marks[cr], "a new step is a change");
}

#[test]
fn hover_only_redraws_when_it_changes() {
    let s = fresh();
    let r = act(&s, Action::Hover(Some(1)));
    assert_eq!(r.hover, Some(1));
    assert!(Rc::ptr_eq(&act(&r, Action::Hover(Some(1))), &r));
    let r = act(&r, Action::Next);
    assert_eq!(r.hover, None, "a new step starts without a hovered field");
}

// ---- small pure helpers ------------------------------------------------------------------

#[test]
fn keyboard_shortcuts() {
    assert_eq!(shortcut("ArrowRight", false), Some(Action::Next));
    assert_eq!(shortcut("ArrowLeft", false), Some(Action::Prev));
    assert_eq!(shortcut("Home", false), Some(Action::First));
    assert_eq!(shortcut("End", false), Some(Action::Last));
    assert_eq!(shortcut(" ", false), Some(Action::TogglePlay));
    assert_eq!(shortcut(" ", true), None, "typing a space in an input");
    assert_eq!(shortcut("ArrowRight", true), None);
    assert_eq!(shortcut("a", false), None);
}

#[test]
fn step_status_names() {
    assert_eq!(status(3, 3, &[]), "current");
    assert_eq!(status(2, 3, &[]), "ok");
    assert_eq!(status(3, 3, &[3]), "failed");
    assert_eq!(status(5, 3, &[3, 5]), "failed");
}

#[test]
fn diagram_labels_fit_their_room() {
    use tlsim_web::components::diagram::fit;
    assert_eq!(fit("3. ClientHello", 400), "3. ClientHello");
    let cut = fit("8. ClientKeyExchange: the encrypted pre-master secret", 120);
    assert!(cut.ends_with('…') && cut.chars().count() < 25, "{cut}");
    let ko = fit("8. 클라이언트 키 교환: 암호화된 프리마스터 시크릿", 100);
    assert!(ko.ends_with('…') && ko.chars().count() <= 10, "{ko}");
}

#[test]
fn extreme_clocks_and_links_do_not_panic() {
    use tlsim_web::url::{Decoded, UrlState};
    for now in [i64::MIN, -1, 0, i64::MAX] {
        let u = UrlState {
            now: Some(now),
            step: Some(usize::MAX),
            ..UrlState::default()
        };
        let s = Rc::new(State::from_url(
            Decoded {
                state: u,
                warnings: Vec::new(),
            },
            NOW,
        ));
        assert!(s.step < s.len().max(1));
        // The key-exchange presets do not touch the dates (and DHE's 2048-bit arithmetic is the
        // slowest run in a debug build): the rest, each at every extreme clock.
        for p in Preset::ALL
            .into_iter()
            .filter(|p| !p.is_kx_failure() && !matches!(p, Preset::Kx(_)))
        {
            let r = act(&s, Action::Preset(p));
            let _ = form::unix_to_date(r.scenario.not_after);
        }
    }
}

#[test]
fn out_of_range_dates_in_a_link_are_reset_with_a_message() {
    use tlsim_web::url::{Decoded, UrlState};
    let scenario = Scenario {
        not_before: i64::MIN + 5,
        not_after: i64::MAX - 5,
        ..Scenario::default()
    };
    let u = UrlState {
        scenario,
        ..UrlState::default()
    };
    let s = State::from_url(
        Decoded {
            state: u,
            warnings: Vec::new(),
        },
        NOW,
    );
    assert_eq!(
        key(s.errors.get(&Input::NotBefore)),
        Some("error.date_invalid")
    );
    assert_eq!(s.scenario.not_before, Scenario::default().not_before);
    assert_eq!(outcome_alert(&s), None);
}

#[test]
fn key_exchange_presets_and_choices_give_their_outcome() {
    use tlsim_core::kx::{Group, KxAlg};
    let s = fresh();
    for (name, alert) in [
        ("ecdhe", None),
        ("forged_params", Some("decrypt_error")),
        ("low_order", Some("illegal_parameter")),
        ("reused_key", None),
    ] {
        let p = Preset::from_name(name).expect(name);
        let r = act(&s, Action::Preset(p));
        assert_eq!(outcome_alert(&r), alert, "{name}");
        assert!(p.is_kx_failure() || name == "ecdhe");
    }
    // The choices: DHE takes ffdhe2048, a curve brings ECDHE back.
    let r = act(&s, Action::Kx(KxAlg::Dhe));
    assert_eq!(r.form.group, Group::Ffdhe2048);
    assert_eq!(r.transcript.as_ref().expect("t").cipher_suite, Some(0x009e));
    let r = act(&r, Action::Group(Group::Secp256r1));
    assert_eq!(r.form.kx, KxAlg::Ecdhe);
    assert_eq!(r.transcript.as_ref().expect("t").cipher_suite, Some(0xc02f));
    // An ephemeral secret of the wrong length: a message, the transcript stays.
    let bad = act(&r, Action::Text(Input::ServerEphemeral, "abcd".into()));
    assert_eq!(
        key(bad.errors.get(&Input::ServerEphemeral)),
        Some("error.hex_length")
    );
    assert!(bad.transcript.is_some());
    assert_eq!(outcome_alert(&bad), None);
}

// ---- issue 11: deferred runs, the step editors, what an edit changed ----

#[test]
fn a_deferred_edit_shows_at_once_and_runs_on_recompute() {
    let s = fresh();
    let before = s.transcript.clone().expect("transcript");
    let typed = act(
        &s,
        Action::Deferred(Box::new(Action::Text(
            Input::ClientHost,
            "example.org".into(),
        ))),
    );
    // the form has the keystroke, the session has not run yet
    assert_eq!(typed.form.client_host, "example.org");
    assert!(typed.stale > 0);
    assert_eq!(typed.stale_wait_ms, tlsim_web::state::TYPING_PAUSE_MS);
    assert!(Rc::ptr_eq(typed.transcript.as_ref().expect("t"), &before));
    // a second keystroke restarts the wait (another generation)
    let typed2 = act(
        &typed,
        Action::Deferred(Box::new(Action::Text(
            Input::ClientHost,
            "example.orgx".into(),
        ))),
    );
    assert!(typed2.stale > typed.stale);
    // the run gives what the immediate edit gives
    let ran = act(&typed2, Action::Recompute);
    assert_eq!(ran.stale, 0);
    let direct = act(&s, Action::Text(Input::ClientHost, "example.orgx".into()));
    assert_eq!(ran.transcript, direct.transcript);
    assert_eq!(outcome_alert(&ran), Some("certificate_unknown"));
    // a Recompute with nothing pending changes nothing
    let again = act(&ran, Action::Recompute);
    assert!(Rc::ptr_eq(&again, &ran));
    // and the previous transcript is kept for the marks of what changed
    assert!(Rc::ptr_eq(
        ran.previous.as_ref().expect("previous"),
        &before
    ));
}

#[test]
fn a_deferred_click_waits_only_for_the_next_paint_and_validation_is_immediate() {
    let s = fresh();
    let r = act(
        &s,
        Action::Deferred(Box::new(Action::Flag(Input::TrustCa, false))),
    );
    assert!(r.stale > 0);
    assert_eq!(r.stale_wait_ms, 0);
    assert_eq!(
        outcome_alert(&act(&r, Action::Recompute)),
        Some("unknown_ca")
    );
    // a bad value says why at once, without a run
    let bad = act(
        &s,
        Action::Deferred(Box::new(Action::Text(Input::ClientRandom, "zz".into()))),
    );
    assert!(bad.errors.contains_key(&Input::ClientRandom));
    // an unchanged value is no edit at all
    let same = act(
        &s,
        Action::Deferred(Box::new(Action::Text(
            Input::ClientHost,
            s.form.client_host.clone(),
        ))),
    );
    assert_eq!(same.stale, 0);
}

#[test]
fn every_input_field_of_a_step_has_its_editor_in_that_step() {
    use tlsim_web::components::step_inputs::{input_of_field, inputs_for};
    for p in Preset::ALL {
        let s = act(&fresh(), Action::Preset(p));
        let t = s.transcript.clone().expect("transcript");
        let mut editable = 0;
        for (si, step) in t.steps.iter().enumerate() {
            for (fi, f) in step.fields.iter().enumerate() {
                if let Some(i) = input_of_field(&t, si, fi) {
                    editable += 1;
                    assert!(
                        inputs_for(step.key).contains(&i),
                        "{p:?}: {:?} field {:?} maps to {i:?}, not offered in that step",
                        step.key,
                        f.name
                    );
                }
            }
        }
        // A refused CSR ends before the handshake: only the names are there to click.
        let least = if matches!(t.outcome, tlsim_core::Outcome::Refused { .. }) {
            3
        } else {
            5
        };
        assert!(
            editable >= least,
            "{p:?}: randoms, names, dates, pre-master are clickable"
        );
    }
    // the steps the issue names offer their inputs
    use tlsim_core::StepKey as K;
    for (k, i) in [
        (K::ClientHello, Input::ClientRandom),
        (K::ClientHello, Input::Suites),
        (K::ServerHello, Input::ServerRandom),
        (K::IssueServerCert, Input::ServerName),
        (K::IssueServerCert, Input::NotAfter),
        (K::ServerCsr, Input::Sans),
        (K::PublishCrl, Input::CheckRevocation),
        (K::VerifyServerCert, Input::TrustCa),
        (K::ClientKeyExchange, Input::PreMaster),
        (K::AppDataClient, Input::AppMessage),
    ] {
        assert!(inputs_for(k).contains(&i), "{k:?} offers {i:?}");
    }
}

#[test]
fn the_matching_step_of_the_previous_run_is_the_same_key_and_occurrence() {
    let s = fresh();
    let r = act(&s, Action::Text(Input::AppMessage, "other message".into()));
    let old = r.previous.clone().expect("previous");
    let new = r.transcript.clone().expect("new");
    for i in 0..new.steps.len() {
        let m = tlsim_web::state::matching_step(&old, &new, i).expect("same shape");
        assert_eq!(m.key, new.steps[i].key);
    }
    // the client's application data changed bytes; the CA's certificate did not
    let ad = new
        .steps
        .iter()
        .position(|s| s.key == tlsim_core::StepKey::AppDataClient)
        .expect("app data");
    assert_ne!(
        tlsim_web::state::matching_step(&old, &new, ad)
            .expect("m")
            .bytes,
        new.steps[ad].bytes
    );
    assert_eq!(
        tlsim_web::state::matching_step(&old, &new, 0)
            .expect("m")
            .bytes,
        new.steps[0].bytes
    );
}

#[test]
fn in_a_chain_only_the_servers_own_certificate_and_a_root_issuer_are_inputs() {
    use tlsim_web::components::step_inputs::input_of_field;
    let s = act(&fresh(), Action::Preset(Preset::Chain));
    let t = s.transcript.clone().expect("transcript");
    let step = t
        .steps
        .iter()
        .position(|s| s.key == tlsim_core::StepKey::Certificate)
        .expect("Certificate");
    let fields = &t.steps[step].fields;
    let certs: Vec<usize> = (0..fields.len())
        .filter(|&i| fields[i].name == tlsim_core::FieldName::Certificate)
        .collect();
    assert_eq!(certs.len(), 2, "the leaf and the intermediate");
    let inputs = |range: std::ops::Range<usize>| -> Vec<Input> {
        range.filter_map(|i| input_of_field(&t, step, i)).collect()
    };
    let leaf = inputs(certs[0]..certs[1]);
    assert!(leaf.contains(&Input::ServerName) && leaf.contains(&Input::NotAfter));
    assert!(
        !leaf.contains(&Input::CaName),
        "the intermediate CA issued the leaf, not the root the CA name names"
    );
    assert!(inputs(certs[1]..fields.len()).is_empty());
    // with the root as issuer (depth 1) the leaf's issuer is the CA name
    let t1 = fresh().transcript.clone().expect("t");
    let step1 = t1
        .steps
        .iter()
        .position(|s| s.key == tlsim_core::StepKey::IssueServerCert)
        .expect("issue");
    let all: Vec<Input> = (0..t1.steps[step1].fields.len())
        .filter_map(|i| input_of_field(&t1, step1, i))
        .collect();
    assert!(all.contains(&Input::CaName));
}
