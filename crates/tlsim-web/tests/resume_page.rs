//! Issue 14 on the page: the resumption choice and the ticket key are inputs (a bad key gets a
//! message, the rest keeps working), the resumption presets and the 8 failure buttons end as the
//! RFCs say, their links reproduce the scenario and the step, and the comparison counts 2 round
//! trips for the full handshake and 1 for the resumed one. Run natively and in headless Chromium.

use std::rc::Rc;
use tlsim_core::scenario::{Resume, ResumeFault};
use tlsim_core::{Outcome, StepKey};
use tlsim_web::components::resume_compare::{compare, op_keys};
use tlsim_web::form::{Input, Msg};
use tlsim_web::i18n::{has, Lang};
use tlsim_web::state::{Action, Preset, State};
use tlsim_web::url;
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

fn alert(s: &State) -> Option<&'static str> {
    match &s.transcript.as_ref().expect("a transcript").outcome {
        Outcome::Success => None,
        Outcome::Failed { alert, .. } => Some(alert.name()),
        Outcome::Refused { .. } => Some("refused"),
    }
}

fn key(m: Option<&Msg>) -> Option<&'static str> {
    m.and_then(Msg::key_name)
}

#[test]
fn the_resumption_presets_resume_and_the_comparison_counts_2_then_1_round_trip() {
    for (name, mode) in [
        ("resume_id", Resume::SessionId),
        ("resume_ticket", Resume::Ticket),
    ] {
        let p = Preset::from_name(name).expect(name);
        let s = act(&fresh(), Action::Preset(p));
        assert_eq!(s.scenario.resume, mode, "{name}");
        assert_eq!(s.form.resume, mode, "{name}");
        assert_eq!(alert(&s), None, "{name}");
        let t = s.transcript.as_ref().expect("t");
        assert!(t.resumed, "{name}");
        let c = compare(t).expect("a second connection");
        assert!(c.resumed);
        assert_eq!(c.first.round_trips, Some(2), "{name}: full handshake");
        assert_eq!(c.second.round_trips, Some(1), "{name}: abbreviated");
        assert!(c.second.pk_ops.is_empty(), "{name}: {:?}", c.second.pk_ops);
        assert!(c.first.pk_ops.contains(&StepKey::VerifyServerCert));
        assert!(c.first.pk_ops.contains(&StepKey::DecryptPreMaster));
        let skipped = c.skipped_messages();
        for k in [
            StepKey::Certificate,
            StepKey::ServerHelloDone,
            StepKey::ClientKeyExchange,
        ] {
            assert!(skipped.contains(&k), "{name}: {k} skipped");
        }
        assert!(!skipped.contains(&StepKey::ClientHello));
        assert_eq!(
            c.second.messages.len(),
            6,
            "{name}: CH, SH, CCS, Fin, CCS, Fin"
        );
    }
    // ECDHE: the skipped operations name the signature and the shared secrets.
    let s = act(
        &fresh(),
        Action::Preset(Preset::Kx(tlsim_core::kx::KxAlg::Ecdhe)),
    );
    let s = act(&s, Action::Resume(Resume::Ticket));
    let c = compare(s.transcript.as_ref().expect("t")).expect("second");
    assert!(c.resumed && c.first.ephemeral);
    for k in [
        StepKey::ServerKeyExchange,
        StepKey::VerifyServerKeyExchange,
        StepKey::ComputeSharedServer,
    ] {
        assert!(c.skipped_ops().contains(&k), "{k}");
    }
    // Off: no second connection, no panel.
    let off = act(&s, Action::Resume(Resume::Off));
    assert!(compare(off.transcript.as_ref().expect("t")).is_none());
}

#[test]
fn every_resumption_failure_button_ends_as_the_rfcs_say() {
    let s = fresh();
    let mut names = Vec::new();
    for f in ResumeFault::ALL {
        let p = Preset::ALL
            .into_iter()
            .find(|p| *p == Preset::ResumeFailure(f))
            .expect("a button per failure");
        assert!(p.is_resume_failure());
        names.push(p.name());
        let r = act(&s, Action::Preset(p));
        assert!(r.scenario.has_resume_fault(f), "{f:?}");
        let t = r.transcript.as_ref().expect("t");
        assert!(!t.resumed, "{f:?}");
        let c = compare(t).expect("a second connection");
        match f {
            ResumeFault::EmsDropped => {
                assert_eq!(alert(&r), Some("handshake_failure"));
                assert_eq!(c.second.round_trips, None);
            }
            _ => {
                assert_eq!(alert(&r), None, "{f:?}");
                assert_eq!(c.second.round_trips, Some(2), "{f:?}: a full handshake");
                assert!(!c.second.pk_ops.is_empty(), "{f:?}");
            }
        }
        // the server's lookup has a failed check
        let lookup = t
            .steps
            .iter()
            .find(|st| st.key == StepKey::LookupSession)
            .expect("lookup_session");
        assert!(lookup.checks.iter().any(|c| !c.ok), "{f:?}");
    }
    assert_eq!(
        names,
        [
            "server_forgot",
            "ticket_tampered",
            "key_rotated",
            "session_expired",
            "other_host",
            "ems_dropped",
            "ems_added",
            "other_suite"
        ]
    );
    // Every preset name is one button's (the certificate's `expired` stays the certificate's).
    for p in Preset::ALL {
        assert_eq!(Preset::from_name(p.name()), Some(p), "{}", p.name());
    }
    assert_eq!(Preset::from_name("expired"), Some(Preset::Expired));
}

#[test]
fn the_ticket_key_is_an_input_a_bad_one_gets_a_message_and_the_rest_keeps_working() {
    let s = act(&fresh(), Action::Preset(Preset::Resume(Resume::Ticket)));
    for (typed, want) in [
        ("zz", "error.hex_invalid"),
        ("abc", "error.hex_odd"),
        ("abcd", "error.hex_length"),
    ] {
        let bad = act(&s, Action::Text(Input::TicketKey, typed.into()));
        assert_eq!(
            key(bad.errors.get(&Input::TicketKey)),
            Some(want),
            "{typed}"
        );
        assert!(bad.transcript.as_ref().expect("t").resumed, "{typed}");
        assert_eq!(alert(&bad), None);
        for lang in Lang::ALL {
            let m = bad.errors[&Input::TicketKey].render(lang);
            assert!(!m.is_empty() && !m.contains('{'), "{lang:?}: {m}");
        }
    }
    let good = act(&s, Action::Text(Input::TicketKey, "11".repeat(16)));
    assert!(good.errors.is_empty(), "{:?}", good.errors);
    assert_eq!(good.scenario.ticket_key, Some(vec![0x11; 16]));
    let t = good.transcript.as_ref().expect("t");
    assert!(t.resumed);
    let used = t
        .steps
        .iter()
        .filter(|st| st.key == StepKey::NewSessionTicket)
        .flat_map(|st| st.derived.iter())
        .find(|d| d.name == tlsim_core::ValueId::TicketKey)
        .map(|d| d.value.clone());
    assert_eq!(used, Some(vec![0x11; 16]));
    // The choice: by session ID, then off.
    let id = act(&good, Action::Resume(Resume::SessionId));
    assert_eq!(id.scenario.resume, Resume::SessionId);
    assert!(id.transcript.as_ref().expect("t").resumed);
    let off = act(&id, Action::Resume(Resume::Off));
    assert_eq!(off.transcript.as_ref().expect("t").reconnect_at, None);
}

#[test]
fn resumption_links_reproduce_the_scenario_and_the_step() {
    let all: Vec<Preset> = Preset::ALL
        .into_iter()
        .filter(|p| matches!(p, Preset::Resume(_) | Preset::ResumeFailure(_)))
        .collect();
    assert_eq!(all.len(), 10);
    for p in all {
        let clicked = act(&fresh(), Action::Preset(p));
        let q = format!("preset={}&step=3", p.name());
        let d = url::decode_query(&q);
        assert!(d.warnings.is_empty(), "{q}: {:?}", d.warnings);
        let s = State::from_url(d, NOW);
        assert_eq!(s.preset, Some(p), "{q}");
        assert_eq!(s.scenario, clicked.scenario, "{q}");
        assert_eq!(s.step, 3, "{q}");
        assert_eq!(
            s.transcript.as_ref().expect("t").wire,
            clicked.transcript.as_ref().expect("t").wire,
            "{q}"
        );
    }
    // An edited ticket scenario at a step of the second connection: the link carries it all.
    let s = act(&fresh(), Action::Preset(Preset::Resume(Resume::Ticket)));
    let s = act(&s, Action::Text(Input::TicketKey, "ab".repeat(16)));
    let at = s
        .transcript
        .as_ref()
        .and_then(|t| t.reconnect_at)
        .expect("second");
    let s = act(&s, Action::Goto(at + 2));
    let q = url::encode_query(&s.url_state());
    let r = State::from_url(url::decode_query(&q), NOW + 86_400);
    assert_eq!(r.scenario, s.scenario, "{q}");
    assert_eq!(r.scenario.ticket_key, Some(vec![0xab; 16]));
    assert_eq!(r.form.ticket_key, "ab".repeat(16));
    assert_eq!(r.form.resume, Resume::Ticket);
    assert_eq!(r.step, at + 2);
    assert_eq!(
        r.transcript.as_ref().expect("t").wire,
        s.transcript.as_ref().expect("t").wire
    );
    assert_eq!(url::encode_query(&r.url_state()), q, "a stable link");
    // The choice alone, set on the default scenario, travels in `s` too.
    let s = act(&fresh(), Action::Resume(Resume::SessionId));
    let r = State::from_url(url::decode_query(&url::encode_query(&s.url_state())), NOW);
    assert_eq!(r.scenario.resume, Resume::SessionId);
    assert!(r.transcript.as_ref().expect("t").resumed);
}

#[test]
fn every_resumption_text_exists_in_both_languages() {
    let mut keys: Vec<String> = op_keys();
    for p in Preset::ALL {
        keys.push(format!("scenario.{}", p.name()));
        keys.push(format!("scenario.{}.help", p.name()));
    }
    for r in Resume::ALL {
        keys.push(format!("resume.{}", r.name()));
        keys.push(format!("resume.{}.help", r.name()));
    }
    for k in [
        "ui.resume_failures",
        "button.new_ticket_key",
        "rc.title",
        "rc.lead",
        "rc.first",
        "rc.second_resumed",
        "rc.second_full",
        "rc.second_failed",
        "rc.messages",
        "rc.ops",
        "rc.ops_none",
        "rc.rtt",
        "rc.rtt_none",
        "rc.skipped",
        "rc.nothing_skipped",
        "rc.skipped_lead",
        "rc.skipped_messages",
        "rc.skipped_ops",
        "rc.saved_rtt",
        "rc.not_resumed",
        "rc.aborted",
    ] {
        keys.push(k.into());
    }
    for lang in Lang::ALL {
        for k in &keys {
            assert!(has(lang, k), "{lang:?}: {k}");
        }
    }
}
