//! Issue 15 on the page: the version choice (the form's first field, in the link as `v=1.3`, old
//! links stay TLS 1.2), the inputs TLS 1.3 does not use greyed out with a reason in both
//! languages, the TLS 1.3 presets and failures ending in the alerts RFC 8446 names, their links
//! reproducing scenario and step, the 1.2-beside-1.3 comparison counted from two real runs, the
//! key schedule's labels read back from the HKDF inputs, and the 1.3 downloads. Run natively and
//! in headless Chromium (`cargo test --target wasm32-unknown-unknown --test tls13_page`).

use std::rc::Rc;
use tlsim_core::kx::KxAlg;
use tlsim_core::scenario::{force_hello_retry, Tls13Fault};
use tlsim_core::{Outcome, Scenario, StepKey, TlsVersion, ValueId};
use tlsim_web::components::key_schedule::{label_of, read_hkdf_label};
use tlsim_web::components::version_compare::{column, encrypted, play, saved, Secrecy, REMOVED};
use tlsim_web::form::{unused_inputs, Input};
use tlsim_web::i18n::{has, Lang};
use tlsim_web::state::{Action, Preset, State};
use tlsim_web::url;
use yew::Reducible;

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

const NOW: i64 = tlsim_core::scenario::DEFAULT_NOW;
const SEED: [u8; 32] = tlsim_web::state::DEFAULT_SEED;

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

fn keys(s: &State) -> Vec<StepKey> {
    s.transcript
        .as_ref()
        .expect("t")
        .steps
        .iter()
        .map(|st| st.key)
        .collect()
}

/// The TLS 1.3 buttons, their names, and how each ends (`None`: success).
const PRESETS: [(&str, Option<&str>); 8] = [
    ("tls13", None),
    ("tls13_hrr", None),
    ("tls13_untrusted_ca", Some("unknown_ca")),
    ("tls13_wrong_host", Some("certificate_unknown")),
    ("tls13_expired", Some("certificate_expired")),
    ("tls13_forged_certificate_verify", Some("decrypt_error")),
    ("tls13_flipped_record", Some("bad_record_mac")),
    ("tls13_downgrade", Some("illegal_parameter")),
];

#[test]
fn the_version_is_the_forms_first_input_and_switches_the_run() {
    assert_eq!(Input::ALL[0], Input::Version);
    let s = fresh();
    assert_eq!(s.form.version, TlsVersion::Tls12);
    assert_eq!(s.transcript.as_ref().expect("t").version, TlsVersion::Tls12);
    assert!(s.unused_inputs().is_empty(), "TLS 1.2 uses every input");
    assert!(keys(&s).contains(&StepKey::ClientHello));

    let v13 = act(&s, Action::Version(TlsVersion::Tls13));
    assert_eq!(v13.scenario.version, TlsVersion::Tls13);
    let t = v13.transcript.as_ref().expect("t");
    assert_eq!(t.version, TlsVersion::Tls13);
    assert_eq!(alert(&v13), None);
    let k = keys(&v13);
    for want in [
        StepKey::ClientHello13,
        StepKey::ServerHello13,
        StepKey::EncryptedExtensions,
        StepKey::Certificate13,
        StepKey::CertificateVerify13,
        StepKey::Finished13Server,
        StepKey::Finished13Client,
    ] {
        assert!(k.contains(&want), "{want} in {k:?}");
    }
    assert!(!k.contains(&StepKey::ClientKeyExchange));
    // the plain handshake's button follows the version, and back
    assert_eq!(v13.preset, Some(Preset::Tls13));
    let back = act(&v13, Action::Version(TlsVersion::Tls12));
    assert_eq!(back.preset, Some(Preset::Normal));
    assert_eq!(
        back.transcript.as_ref().expect("t").steps,
        s.transcript.as_ref().expect("t").steps
    );

    // What 1.3 has no use for is greyed out, each with its reason in both languages.
    let unused = v13.unused_inputs();
    for i in [
        Input::Suites,
        Input::Kx,
        Input::PreMaster,
        Input::Ems,
        Input::SessionId,
        Input::Resume,
    ] {
        assert!(unused.contains_key(&i), "{i:?} unused in 1.3: {unused:?}");
    }
    for i in [
        Input::ClientHost,
        Input::CaName,
        Input::AppMessage,
        Input::TrustCa,
    ] {
        assert!(!unused.contains_key(&i), "{i:?} is used by 1.3");
    }
    // every reason any field of the core can give has its text
    let all = unused_inputs(TlsVersion::Tls13, &[], tlsim_core::ScenarioField::ALL);
    assert!(all.len() >= unused.len());
    for (i, key) in &all {
        for lang in Lang::ALL {
            assert!(has(lang, key), "{lang} {key} ({i:?})");
        }
    }
    for lang in Lang::ALL {
        for k in [
            "input.version",
            "input.version.help",
            "version.tls12",
            "version.tls13",
        ] {
            assert!(has(lang, k), "{lang} {k}");
        }
    }
    // An edit of an input 1.3 ignores changes nothing on screen but the form.
    let edited = act(&v13, Action::Text(Input::PreMaster, "03".repeat(48)));
    assert_eq!(
        edited.transcript.as_ref().expect("t").steps.len(),
        t.steps.len()
    );
}

#[test]
fn every_tls13_preset_runs_and_ends_as_rfc_8446_says() {
    let s = fresh();
    let mut names = Vec::new();
    for p in Preset::ALL
        .into_iter()
        .filter(|p| p.is_tls13() || p.is_tls13_failure())
    {
        names.push(p.name());
        let (_, want) = PRESETS
            .iter()
            .find(|(n, _)| *n == p.name())
            .expect("a listed preset");
        let r = act(&s, Action::Preset(p));
        assert_eq!(r.preset, Some(p));
        assert_eq!(r.form.version, TlsVersion::Tls13, "{}", p.name());
        let t = r.transcript.as_ref().expect("t");
        assert_eq!(alert(&r), *want, "{}: {:?}", p.name(), t.outcome);
        for lang in Lang::ALL {
            for k in [
                format!("scenario.{}", p.name()),
                format!("scenario.{}.help", p.name()),
            ] {
                assert!(has(lang, &k), "{lang} {k}");
            }
        }
        if let Preset::Tls13Failure(f) = p {
            assert!(r.scenario.has_tls13_fault(f), "{f:?}");
            // the failing step is marked, and the run stopped there
            assert!(!r.failed_steps().is_empty(), "{}", p.name());
        }
        assert_eq!(Preset::from_name(p.name()), Some(p));
    }
    assert_eq!(names, PRESETS.map(|(n, _)| n));
    // The HelloRetryRequest: the server's request and the client's second ClientHello.
    let hrr = act(&s, Action::Preset(Preset::Tls13Hrr));
    let k = keys(&hrr);
    let at = k
        .iter()
        .position(|k| *k == StepKey::HelloRetryRequest)
        .expect("HelloRetryRequest");
    assert!(k[at..].contains(&StepKey::ClientHello13Retry), "{k:?}");
    // The downgrade: the client's check of the sentinel fails.
    let dg = act(
        &s,
        Action::Preset(Preset::Tls13Failure(Tls13Fault::Downgrade)),
    );
    let t = dg.transcript.as_ref().expect("t");
    assert!(
        t.steps
            .iter()
            .flat_map(|st| &st.checks)
            .any(|c| c.name.name() == "downgrade_sentinel" && !c.ok),
        "the sentinel check fails"
    );
}

#[test]
fn a_tls13_link_carries_v_and_reproduces_scenario_and_step() {
    let s = fresh();
    for (name, _) in PRESETS {
        let p = Preset::from_name(name).expect(name);
        let r = act(&s, Action::Preset(p));
        let step = r.len() / 2;
        let r = act(&r, Action::Goto(step));
        let q = url::encode_query(&r.url_state());
        assert!(q.contains("v=1.3"), "{name}: {q}");
        assert!(q.contains(&format!("preset={name}")), "{name}: {q}");
        assert!(
            !q.contains("&s="),
            "an unedited preset is just its name: {q}"
        );
        let back = State::from_url(url::decode_query(&q), NOW + 999);
        assert!(
            back.url_warnings.is_empty(),
            "{name}: {:?}",
            back.url_warnings
        );
        assert_eq!(back.scenario, r.scenario, "{name}");
        assert_eq!(back.step, step, "{name}");
        assert_eq!(back.preset, Some(p));
        assert_eq!(back.form.version, TlsVersion::Tls13);
        assert_eq!(
            back.transcript.as_ref().expect("t").steps,
            r.transcript.as_ref().expect("t").steps,
            "{name}: the same bytes"
        );
    }
    // A 1.2 preset switched to 1.3 travels as the preset and `v`, and reads back.
    let e = act(&s, Action::Preset(Preset::Expired));
    let e13 = act(&e, Action::Version(TlsVersion::Tls13));
    let q = url::encode_query(&e13.url_state());
    assert!(q.contains("preset=expired") && q.contains("v=1.3"), "{q}");
    let back = State::from_url(url::decode_query(&q), NOW);
    assert_eq!(back.scenario, e13.scenario);
    // Old links (no `v`) stay TLS 1.2; `v=1.3` alone is the default scenario in 1.3; a bad `v`
    // is reported and dropped.
    for q in [
        "",
        "?preset=normal",
        "?preset=expired&now=1795424400",
        "?seed=00&step=3",
    ] {
        let d = url::decode_query(q);
        assert_eq!(d.state.scenario.version, TlsVersion::Tls12, "{q}");
        assert!(!url::encode_query(&State::from_url(d, NOW).url_state()).contains("v="));
    }
    let d = url::decode_query("?v=1.3");
    let want = Scenario {
        version: TlsVersion::Tls13,
        ..Scenario::default()
    };
    assert_eq!(d.state.scenario, want);
    assert_eq!(State::from_url(d, NOW).preset, Some(Preset::Tls13));
    let bad = url::decode_query("?v=1.1");
    assert_eq!(bad.state.scenario.version, TlsVersion::Tls12);
    assert_eq!(bad.warnings.len(), 1);
    assert_eq!(bad.warnings[0].key, "url.bad_version");
    for lang in Lang::ALL {
        assert!(has(lang, "url.bad_version"));
    }
}

#[test]
fn the_comparison_counts_two_round_trips_for_tls12_and_one_for_tls13() {
    let s = Scenario::default();
    for kx in [KxAlg::Rsa, KxAlg::Ecdhe] {
        let [r12, r13] = play(&s, SEED, NOW, kx);
        let (t12, t13) = (r12.expect("1.2 runs"), r13.expect("1.3 runs"));
        assert_eq!(t12.version, TlsVersion::Tls12);
        assert_eq!(t13.version, TlsVersion::Tls13);
        let (c12, c13) = (column(&t12), column(&t13));
        assert_eq!(c12.round_trips, Some(2), "{kx:?}");
        assert_eq!(c13.round_trips, Some(1));
        assert_eq!(saved(&c12, &c13), Some(1));
        // encrypted: TLS 1.2 from its Finished on, TLS 1.3 from EncryptedExtensions on
        assert_eq!(
            c12.first_encrypted().map(|m| m.key),
            Some(StepKey::FinishedClient)
        );
        assert_eq!(c12.encrypted_count(), 2, "both Finished");
        assert_eq!(
            c13.first_encrypted().map(|m| m.key),
            Some(StepKey::EncryptedExtensions)
        );
        let ee = c13
            .messages
            .iter()
            .position(|m| m.key == StepKey::EncryptedExtensions)
            .expect("EE");
        for m in &c13.messages[ee..] {
            let compat = matches!(m.key, StepKey::CompatCcsClient | StepKey::CompatCcsServer);
            assert_eq!(m.encrypted, !compat, "{}: {:?}", m.key, m);
        }
        for m in &c13.messages[..ee] {
            assert!(!m.encrypted, "{} before EE is in the clear", m.key);
        }
        // where the certificate is checked: right after it arrives, in the clear or not
        let cert12 = c12.cert_check.expect("1.2 checks the certificate");
        let cert13 = c13.cert_check.expect("1.3 checks the certificate");
        assert_eq!(t12.steps[cert12 - 1].key, StepKey::Certificate);
        assert_eq!(c12.cert_after, Some(StepKey::Certificate));
        let cert_msg = t13
            .steps
            .iter()
            .position(|s| s.key == StepKey::Certificate13)
            .expect("Certificate");
        assert!(cert13 > cert_msg, "checked after it arrived");
        assert!(c13.cert_after.is_some());
        assert!(!c12.cert_encrypted && c13.cert_encrypted);
        let cv = c13
            .certificate_verify_check
            .expect("CertificateVerify checked");
        assert!(cv > cert13);
        assert_eq!(c12.certificate_verify_check, None);
        // forward secrecy
        let (want12, carriers12) = match kx {
            KxAlg::Rsa => (Secrecy::Rsa, vec![StepKey::ClientKeyExchange]),
            _ => (
                Secrecy::Ephemeral12,
                vec![StepKey::ServerKeyExchange, StepKey::ClientKeyExchange],
            ),
        };
        assert_eq!(c12.secrecy, Some(want12));
        assert_eq!(
            c12.key_exchange
                .iter()
                .map(|i| t12.steps[*i].key)
                .collect::<Vec<_>>(),
            carriers12
        );
        assert_eq!(c13.secrecy, Some(Secrecy::KeyShare13));
        assert_eq!(
            c13.key_exchange
                .iter()
                .map(|i| t13.steps[*i].key)
                .collect::<Vec<_>>(),
            [StepKey::ClientHello13, StepKey::ServerHello13]
        );
        // both runs are the same inputs: the same certificate, the same host
        assert_eq!(t12.server_cert_pem, t13.server_cert_pem);
    }
    // With a HelloRetryRequest TLS 1.3 needs two round trips too.
    let mut hrr = Scenario::default();
    force_hello_retry(&mut hrr);
    let [r12, r13] = play(&hrr, SEED, NOW, KxAlg::Ecdhe);
    let (c12, c13) = (column(&r12.expect("12")), column(&r13.expect("13")));
    assert_eq!(c13.round_trips, Some(2));
    assert_eq!(saved(&c12, &c13), Some(0));
    // A failed 1.3 run sends no request and names its alert.
    let failed = act(
        &fresh(),
        Action::Preset(Preset::Tls13Failure(Tls13Fault::UntrustedCa)),
    );
    let c = column(failed.transcript.as_ref().expect("t"));
    assert_eq!(c.round_trips, None);
    assert_eq!(c.failed.map(|f| f.1), Some("unknown_ca"));
    for lang in Lang::ALL {
        for r in REMOVED {
            assert!(has(lang, &format!("vc.removed.{r}")), "{lang} {r}");
        }
        for s in [Secrecy::Rsa, Secrecy::Ephemeral12, Secrecy::KeyShare13] {
            assert!(has(lang, s.text_key()));
        }
    }
}

#[test]
fn the_key_schedule_labels_and_transcript_hashes_read_back_from_the_hkdf_inputs() {
    let s = act(&fresh(), Action::Preset(Preset::Tls13));
    let t = s.transcript.as_ref().expect("t");
    let mut labels = Vec::new();
    for st in &t.steps {
        let hash = st
            .derived
            .iter()
            .find(|d| d.name == ValueId::TranscriptHash)
            .map(|d| d.value.clone());
        for d in &st.derived {
            if let Some(l) = label_of(d) {
                assert!(l.label.starts_with("tls13 "));
                assert_eq!(usize::from(l.length), d.value.len(), "{}", d.name);
                // a traffic secret is bound to this step's transcript hash
                if l.label.ends_with(" traffic") {
                    if let Some(h) = &hash {
                        assert_eq!(&l.context, h, "{}", d.name);
                    }
                    assert_eq!(l.context.len(), 32);
                }
                labels.push(l.label);
            }
        }
    }
    for want in [
        "tls13 derived",
        "tls13 c hs traffic",
        "tls13 s hs traffic",
        "tls13 c ap traffic",
        "tls13 s ap traffic",
        "tls13 finished",
        "tls13 key",
        "tls13 iv",
    ] {
        assert!(labels.iter().any(|l| l == want), "{want} in {labels:?}");
    }
    // the reader takes exactly one HkdfLabel: every truncation and any extra byte is refused
    let b = [
        0, 32, 9, b't', b'l', b's', b'1', b'3', b' ', b'k', b'e', b'y', 0,
    ];
    let l = read_hkdf_label(&b).expect("reads");
    assert_eq!(
        (l.length, l.label.as_str(), l.context.len()),
        (32, "tls13 key", 0)
    );
    for n in 0..b.len() {
        assert_eq!(read_hkdf_label(&b[..n]), None, "cut at {n}");
    }
    let mut long = b.to_vec();
    long.push(0);
    assert_eq!(read_hkdf_label(&long), None);
    for lang in Lang::ALL {
        for k in ["ks.title", "ks.lead", "ks.label", "ks.context", "ks.length"] {
            assert!(has(lang, k), "{lang} {k}");
        }
    }
}

#[test]
fn tls13_records_are_marked_encrypted_and_the_downloads_carry_its_secrets() {
    let s = act(&fresh(), Action::Preset(Preset::Tls13));
    let t = s.transcript.as_ref().expect("t");
    let enc: Vec<StepKey> = t
        .steps
        .iter()
        .filter(|st| encrypted(st))
        .map(|st| st.key)
        .collect();
    assert!(enc.contains(&StepKey::EncryptedExtensions), "{enc:?}");
    assert!(enc.contains(&StepKey::Certificate13));
    assert!(!enc.contains(&StepKey::ClientHello13) && !enc.contains(&StepKey::ServerHello13));
    let files = tlsim_web::download::artifacts(t, Lang::En);
    let keylog = files
        .iter()
        .find(|a| a.filename == "keylog.txt")
        .expect("keylog");
    let keylog = String::from_utf8(keylog.bytes.clone()).expect("text");
    for label in [
        "CLIENT_HANDSHAKE_TRAFFIC_SECRET",
        "SERVER_HANDSHAKE_TRAFFIC_SECRET",
        "CLIENT_TRAFFIC_SECRET_0",
        "SERVER_TRAFFIC_SECRET_0",
    ] {
        assert!(keylog.contains(label), "{label} in {keylog}");
    }
    let pcap = files
        .iter()
        .find(|a| a.filename == "handshake.pcap")
        .expect("pcap");
    assert!(
        pcap.bytes.len() > 24 + t.wire.len() * 16,
        "every record in the pcap"
    );
}

/// The page's two files, given to tshark: it decrypts the TLS 1.3 handshake and the request.
#[cfg(not(target_arch = "wasm32"))]
#[test]
fn tshark_decrypts_the_pages_tls13_pcap_with_its_key_log() {
    let s = act(&fresh(), Action::Preset(Preset::Tls13));
    let t = s.transcript.as_ref().expect("t");
    let dir = std::env::temp_dir().join(format!("tlsim-page13-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    for a in tlsim_web::download::artifacts(t, Lang::En) {
        std::fs::write(dir.join(a.filename), &a.bytes).expect("write");
    }
    let out = std::process::Command::new("tshark")
        .arg("-r")
        .arg(dir.join("handshake.pcap"))
        .arg("-o")
        .arg(format!(
            "tls.keylog_file:{}",
            dir.join("keylog.txt").display()
        ))
        .args([
            "-T",
            "fields",
            "-e",
            "tls.handshake.type",
            "-e",
            "tls.app_data",
        ])
        .output()
        .expect("tshark runs (Debian tshark)");
    let text = String::from_utf8_lossy(&out.stdout);
    // 8 EncryptedExtensions, 11 Certificate, 15 CertificateVerify, 20 Finished: only readable
    // with the handshake traffic secrets
    for ty in ["8", "11", "15", "20"] {
        assert!(
            text.split(|c: char| !c.is_ascii_digit()).any(|x| x == ty),
            "handshake type {ty} decrypted: {text}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
