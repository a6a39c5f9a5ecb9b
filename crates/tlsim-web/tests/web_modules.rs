//! Tests of the share / embed / export / i18n modules (issue 5). They run in headless Chromium
//! (`cargo test --target wasm32-unknown-unknown`, wasm-bindgen-test-runner) and, apart from the
//! browser-only ones, natively too (`cargo test -p tlsim-web --test web_modules`).

use tlsim_core::{KeySource, Scenario};
use tlsim_web::embed::EmbedOptions;
use tlsim_web::i18n::{self, Lang};
use tlsim_web::keygen_protocol::{KeyGenSpec, KeyRole};
use tlsim_web::url::{self, UrlState};

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// A tiny deterministic PRNG (xorshift64*) for property-like loops without extra dependencies.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn coin(&mut self) -> bool {
        self.next() & 1 == 1
    }
    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
    fn arr32(&mut self) -> [u8; 32] {
        let mut a = [0u8; 32];
        a.copy_from_slice(&self.bytes(32));
        a
    }
    fn text(&mut self) -> String {
        const PIECES: &[&str] = &[
            "a",
            "Z",
            "0",
            ".",
            "-",
            " ",
            "&",
            "=",
            "?",
            "#",
            "%",
            "+",
            "/",
            "\"",
            "'",
            "<",
            ">",
            "\r\n",
            "\u{0}",
            "키",
            "인증서",
            "é",
            "😀",
            "www",
            "example.com",
            "%20",
            "{}",
            "\\",
        ];
        let n = self.below(12);
        (0..n).map(|_| PIECES[self.below(PIECES.len())]).collect()
    }
    fn key_source(&mut self) -> KeySource {
        match self.below(4) {
            0 => KeySource::Builtin(["ca", "server", "client", "mitm"][self.below(4)].into()),
            1 => KeySource::Generate([512, 1024, 2048][self.below(3)]),
            2 => KeySource::Pem(format!("-----BEGIN PRIVATE KEY-----\n{}\n", self.text())),
            _ => KeySource::Builtin("server".into()),
        }
    }
}

fn random_scenario(r: &mut Rng) -> Scenario {
    use tlsim_core::Fault;
    let mut s = Scenario::default();
    if r.coin() {
        s.ca_name = r.text();
    }
    if r.coin() {
        s.server_name = r.text();
    }
    if r.coin() {
        s.server_sans = (0..r.below(4)).map(|_| r.text()).collect();
    }
    if r.coin() {
        s.client_host = r.text();
    }
    if r.coin() {
        s.not_before = r.next() as i64 >> r.below(40);
    }
    if r.coin() {
        s.not_after = -(r.next() as i64 >> 20);
    }
    if r.coin() {
        s.ca_key = r.key_source();
    }
    if r.coin() {
        s.server_key = r.key_source();
    }
    if r.coin() {
        s.client_key = r.key_source();
    }
    s.trust_issuing_ca = r.coin() || r.coin();
    if r.coin() {
        s.extra_trusted_pems = vec![r.text()];
    }
    if r.coin() {
        s.offered_suites = (0..r.below(5)).map(|_| r.next() as u16).collect();
    }
    if r.coin() {
        s.accepted_suites = vec![0x009c, r.next() as u16];
    }
    if r.coin() {
        s.client_random = Some(r.arr32());
    }
    if r.coin() {
        s.server_random = Some(r.arr32());
    }
    if r.coin() {
        let n = r.below(60);
        s.pre_master = Some(r.bytes(n));
    }
    if r.coin() {
        let n = r.below(33);
        s.session_id = Some(r.bytes(n));
    }
    s.client_ems = r.coin() || r.coin();
    s.server_ems = r.coin() || r.coin();
    s.client_auth = r.coin() && r.coin();
    if r.coin() {
        s.app_message = r.text();
    }
    if r.coin() {
        s.server_reply = r.text();
    }
    for _ in 0..r.below(3) {
        s.faults.push(match r.below(4) {
            0 => Fault::ForgedSignature,
            1 => Fault::ManInTheMiddle,
            2 => Fault::FlipByte {
                record: r.below(20),
                offset: r.below(300),
            },
            _ => Fault::WrongPremasterVersion,
        });
    }
    s
}

fn random_state(r: &mut Rng) -> UrlState {
    let keygen = if r.coin() {
        let mut roles: Vec<(KeyRole, usize)> = Vec::new();
        for role in KeyRole::ALL {
            if r.coin() {
                roles.push((role, [512, 1024, 2048, 4096][r.below(4)]));
            }
        }
        (!roles.is_empty()).then(|| KeyGenSpec::new(r.arr32(), roles))
    } else {
        None
    };
    let from = r.coin().then(|| r.below(10));
    UrlState {
        scenario: random_scenario(r),
        preset: r
            .coin()
            .then(|| i18n::SCENARIOS[r.below(i18n::SCENARIOS.len())].to_string()),
        seed: r.coin().then(|| r.arr32()),
        now: r
            .coin()
            .then(|| (r.next() % 253_402_300_799) as i64 - 1_000_000_000),
        step: r.coin().then(|| r.below(40)),
        lang: r.coin().then(|| Lang::ALL[r.below(2)]),
        embed: EmbedOptions {
            enabled: r.coin(),
            compact: r.coin(),
            from,
            to: from.map(|f| f + r.below(10)),
            autoplay: r.coin(),
        },
        keygen,
    }
}

/// What a link promises: everything but the PEMs of generated keys (regenerated from kseed).
fn expected_after_round_trip(s: &UrlState) -> UrlState {
    let mut e = s.clone();
    if let Some(k) = &s.keygen {
        let def = Scenario::default();
        for (role, _) in &k.bits {
            let mut d = def.clone();
            *role.slot(&mut e.scenario) = role.slot(&mut d).clone();
        }
    }
    e
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn url_round_trips_many_random_states() {
    let mut r = Rng(0x9E37_79B9_7F4A_7C15);
    for i in 0..400 {
        let st = random_state(&mut r);
        let q = url::encode_query(&st);
        let d = url::decode_query(&q);
        assert!(
            d.warnings.is_empty(),
            "case {i}: warnings {:?} for {q}",
            d.warnings
        );
        assert_eq!(d.state, expected_after_round_trip(&st), "case {i}: {q}");
        // The same through the fragment and with a leading '?'.
        assert_eq!(
            url::decode_search_and_hash("", &format!("#{q}")).state,
            d.state
        );
        assert_eq!(url::decode_query(&format!("?{q}")).state, d.state);
    }
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn default_state_gives_an_empty_query_and_pems_never_leak_for_generated_keys() {
    assert_eq!(url::encode_query(&UrlState::default()), "");
    let mut st = UrlState::default();
    st.scenario.server_key = KeySource::Pem("-----BEGIN PRIVATE KEY-----\nSECRET\n".into());
    st.keygen = Some(KeyGenSpec::new([3; 32], vec![(KeyRole::Server, 1024)]));
    let q = url::encode_query(&st);
    assert_eq!(q, format!("kseed={}&kbits=server:1024", "03".repeat(32)));
    // Only changed fields travel, compactly.
    let mut st = UrlState::default();
    st.scenario.client_host = "evil.example".into();
    let q = url::encode_query(&st);
    assert!(q.starts_with("s=") && q.len() < 60, "{q}");
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn garbage_urls_never_panic_and_fall_back_with_warnings() {
    let fixed = [
        "",
        "?",
        "#",
        "&&&",
        "=",
        "seed",
        "seed=",
        "seed=zz",
        "seed=00",
        &format!("seed={}", "g".repeat(64)),
        "now=abc",
        "now=99999999999999999999999",
        "step=-1",
        "step=1e3",
        "lang=fr",
        "lang=",
        "sc=../etc",
        "s=%%%",
        "s=!!!!",
        "s=A",
        "s=e30",    // "{}"
        "s=W10",    // "[]"
        "s=bnVsbA", // "null"
        "kseed=00&kbits=server:1024",
        "kbits=server:100",
        "kbits=root:2048",
        "kseed=ab",
        "embed=maybe&from=x&to=-3",
        "from=9&to=2",
        "%E0%A4%A=1&%=%",
        "a=%ZZ&b=%F0%9F%98&s=%",
    ];
    for q in fixed {
        let _ = url::decode_query(q);
    }
    // Field-by-field recovery: the valid field stays, the bad ones are reported.
    let bad = url::b64url_encode(
        br#"{"ca_name":"Mine","not_before":"yesterday","server_sans":7,"nope":1}"#,
    );
    let d = url::decode_query(&format!("s={bad}&seed=zz&step=3"));
    assert_eq!(d.state.scenario.ca_name, "Mine");
    assert_eq!(d.state.scenario.not_before, Scenario::default().not_before);
    assert_eq!(d.state.step, Some(3));
    assert_eq!(d.state.seed, None);
    let params: Vec<&str> = d.warnings.iter().map(|w| w.param.as_str()).collect();
    for p in ["s.not_before", "s.server_sans", "s.nope", "seed"] {
        assert!(params.contains(&p), "{p} not in {params:?}");
    }
    for w in &d.warnings {
        assert!(!w.message(Lang::Ko).is_empty());
    }
    // Random junk: never panics.
    let mut r = Rng(42);
    let alphabet: Vec<char> =
        "?&=#%+;seednowsteplangkbitkseedembedfromtoautoplaycompact0123456789abcdefABCDEF-_:,{}\"[]é키 "
            .chars()
            .collect();
    for _ in 0..2000 {
        let n = r.below(120);
        let q: String = (0..n).map(|_| alphabet[r.below(alphabet.len())]).collect();
        let _ = url::decode_query(&q);
        // and junk inside a well-formed s=
        let mut js = serde_json::to_vec(&random_scenario(&mut r)).unwrap_or_default();
        if !js.is_empty() {
            let at = r.below(js.len());
            js[at] = r.next() as u8;
            js.truncate(r.below(js.len() + 1));
        }
        let _ = url::decode_query(&format!("s={}", url::b64url_encode(&js)));
    }
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn share_link_and_embed_code() {
    let mut st = UrlState {
        seed: Some([0xab; 32]),
        now: Some(1_795_424_400),
        step: Some(7),
        lang: Some(Lang::Ko),
        embed: EmbedOptions::embedded(),
        ..UrlState::default()
    };
    st.scenario.client_host = "a&b\"<c>".into();
    let base = "https://teach.example/course/sim/index.html?old=1#frag";
    let link = url::share_link_with_base(base, &st);
    assert!(
        link.starts_with("https://teach.example/course/sim/index.html?"),
        "{link}"
    );
    assert!(
        !link.contains("embed=") && !link.contains("old=1") && !link.contains('#'),
        "{link}"
    );
    let q = link.split_once('?').map(|x| x.1).unwrap_or_default();
    let back = url::decode_query(q).state;
    assert_eq!(back.step, Some(7));
    assert_eq!(back.scenario.client_host, "a&b\"<c>");

    let code = url::embed_code_with_base(
        base,
        &st,
        EmbedOptions {
            from: Some(2),
            to: Some(9),
            autoplay: true,
            ..EmbedOptions::default()
        },
        Lang::Ko,
    );
    assert!(
        code.starts_with("<iframe src=\"https://teach.example/course/sim/index.html?"),
        "{code}"
    );
    for part in [
        "width=\"800\"",
        "height=\"500\"",
        "loading=\"lazy\"",
        "title=\"TLS 1.2·1.3 핸드셰이크 시뮬레이터\"",
        "</iframe>",
    ] {
        assert!(code.contains(part), "{part} missing in {code}");
    }
    let src = code
        .split('"')
        .nth(1)
        .unwrap_or_default()
        .replace("&amp;", "&");
    let e = url::decode_query(src.split_once('?').map(|x| x.1).unwrap_or_default()).state;
    assert!(e.embed.enabled && e.embed.compact && e.embed.autoplay);
    assert_eq!((e.embed.from, e.embed.to), (Some(2), Some(9)));
    assert_eq!(e.scenario.client_host, "a&b\"<c>");
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn embed_options_classes_and_ranges() {
    let e = url::decode_query("embed=1&from=3&to=5&autoplay=1")
        .state
        .embed;
    assert_eq!(
        e.class_string(),
        "tlsim-embed tlsim-compact tlsim-range tlsim-autoplay"
    );
    assert!(!e.shows_chrome());
    assert_eq!(e.step_range(20), 3..6);
    assert_eq!(e.step_range(4), 3..4);
    assert_eq!(e.step_range(0), 0..0);
    assert_eq!(e.clamp_step(0, 20), 3);
    assert_eq!(e.clamp_step(19, 20), 5);
    let plain = url::decode_query("").state.embed;
    assert!(plain.shows_chrome() && plain.root_classes().is_empty());
    assert_eq!(plain.step_range(5), 0..5);
    let c = url::decode_query("embed=1&compact=0").state.embed;
    assert!(c.enabled && !c.compact);
    let swapped = url::decode_query("from=9&to=2");
    assert_eq!(
        (swapped.state.embed.from, swapped.state.embed.to),
        (Some(2), Some(9))
    );
    assert_eq!(swapped.warnings.len(), 1);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn i18n_is_complete_in_both_languages() {
    let en: Vec<&str> = i18n::keys().collect();
    assert!(en.len() > 250, "{} keys", en.len());
    for k in &en {
        assert!(i18n::has(Lang::Ko, k), "no Korean for {k}");
    }
    for (k, _) in i18n::table(Lang::Ko) {
        assert!(i18n::has(Lang::En, k), "Korean key {k} not in English");
    }
    for s in tlsim_core::StepKey::ALL {
        assert_ne!(
            i18n::step_title(Lang::Ko, *s),
            i18n::step_title(Lang::En, *s).to_string() + "x"
        );
        assert!(!i18n::step_explain(Lang::Ko, *s).is_empty());
    }
    assert!(
        i18n::step_explain(Lang::Ko, tlsim_core::StepKey::ClientKeyExchange)
            .contains("프리마스터 시크릿")
    );
    assert!(i18n::t(Lang::Ko, "lane.ca").contains("인증 기관"));
    assert_eq!(i18n::t(Lang::Ko, "ui.play"), "재생");
    assert_eq!(
        i18n::alert_meaning(Lang::En, tlsim_core::error::AlertDescription::Unknown(99)),
        i18n::t(Lang::En, "alert.unknown")
    );
    assert_eq!(
        i18n::tf(
            Lang::Ko,
            "outcome.failure",
            &[("step", "7"), ("by", "클라이언트"), ("alert", "unknown_ca")]
        ),
        "7단계에서 핸드셰이크가 실패했습니다. 클라이언트 측이 unknown_ca 경고를 보냈습니다."
    );
    // Every alert the core can name has a meaning.
    for code in 0..=255u8 {
        let name = tlsim_core::error::AlertDescription::from_code(code).name();
        assert!(i18n::has(Lang::Ko, &format!("alert.{name}")), "{name}");
    }
}

/// A transcript with real certificates and key (issued by the core's PKI), a key log and a wire,
/// independent of `simulate`.
fn sample_transcript() -> tlsim_core::Transcript {
    use tlsim_core::pki;
    let mut rng = tlsim_core::keygen::purpose_rng(&[1; 32], "test");
    let ca_key =
        pki::load_key(&KeySource::Builtin("ca".into()), &mut rng, "ca_key").expect("ca key");
    let srv_key = pki::load_key(&KeySource::Builtin("server".into()), &mut rng, "server_key")
        .expect("server key");
    let s = Scenario::default();
    let ca = pki::issue_ca(&s.ca_name, &ca_key, s.not_before, s.not_after, &[1]).expect("ca");
    let leaf = pki::issue_leaf(
        &s.server_name,
        &s.server_sans,
        &srv_key.to_public_key(),
        &ca.der,
        &ca_key,
        s.not_before,
        s.not_after,
        &[2],
        false,
        false,
    )
    .expect("leaf");
    tlsim_core::Transcript {
        steps: Vec::new(),
        outcome: tlsim_core::Outcome::Success,
        cipher_suite: Some(0x009c),
        extended_master_secret: true,
        ca_pem: pki::cert_to_pem(&ca.der),
        server_cert_pem: pki::cert_to_pem(&leaf.der),
        server_key_pem: pki::key_to_pem(&srv_key).expect("pem"),
        client_cert_pem: None,
        keylog: format!("CLIENT_RANDOM {} {}", "11".repeat(32), "22".repeat(48)),
        wire: vec![
            (true, vec![0x16, 3, 1, 0, 1, 1]),
            (false, vec![0x16, 3, 3, 0, 1, 2]),
        ],
        server_leg: Vec::new(),
        server_csr_pem: String::new(),
        intermediate_pems: Vec::new(),
        chain_pem: String::new(),
        crl_pem: None,
        reconnect_at: None,
        resumed: false,
        version: tlsim_core::TlsVersion::Tls12,
        unused: Vec::new(),
    }
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn artifacts_are_the_seven_files_with_sane_contents() {
    use tlsim_web::download::{artifacts, ARTIFACT_NAMES, TEACHING_KEY_HEADER};
    let t = sample_transcript();
    let a = artifacts(&t, Lang::En);
    let names: Vec<&str> = a.iter().map(|x| x.filename).collect();
    assert_eq!(names, ARTIFACT_NAMES);
    let get = |n: &str| {
        a.iter()
            .find(|x| x.filename == n)
            .map(|x| x.bytes.clone())
            .unwrap_or_default()
    };
    let text = |n: &str| String::from_utf8(get(n)).unwrap_or_default();
    assert!(text("ca.pem").starts_with("-----BEGIN CERTIFICATE-----"));
    assert!(text("server.pem").starts_with("-----BEGIN CERTIFICATE-----"));
    let key = text("server-key.pem");
    assert!(key.starts_with(TEACHING_KEY_HEADER) && key.contains("-----BEGIN PRIVATE KEY-----"));
    // The core still reads the key with its warning line.
    assert!(tlsim_core::pki::key_from_pem(&key, "server-key.pem").is_ok());
    assert!(text("keylog.txt").starts_with("CLIENT_RANDOM ") && text("keylog.txt").ends_with('\n'));
    let pcap = get("handshake.pcap");
    assert_eq!(
        &pcap[..4],
        &[0xd4, 0xc3, 0xb2, 0xa1],
        "pcap magic (little endian)"
    );
    let json: serde_json::Value = serde_json::from_slice(&get("transcript.json")).expect("json");
    assert_eq!(json["cipher_suite"], 0x009c);
    assert!(text("transcript.md").starts_with('#'));
    for x in &a {
        assert!(!x.bytes.is_empty() && !x.mime.is_empty(), "{}", x.filename);
        assert!(i18n::has(Lang::Ko, x.label_key), "{}", x.label_key);
    }
    // With client authentication: the client certificate too; no master secret: a comment.
    let mut t2 = t.clone();
    t2.client_cert_pem = Some(t.server_cert_pem.clone());
    t2.keylog.clear();
    let a2 = artifacts(&t2, Lang::En);
    assert_eq!(a2.len(), 8);
    assert!(a2.iter().any(|x| x.filename == "client.pem"));
    assert!(tlsim_web::download::keylog(&t2).starts_with('#'));
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn keygen_spec_request_and_apply() {
    let spec = KeyGenSpec::new(
        [9; 32],
        vec![
            (KeyRole::Server, 512),
            (KeyRole::Ca, 1024),
            (KeyRole::Server, 2048),
        ],
    );
    assert_eq!(spec.bits, vec![(KeyRole::Ca, 1024), (KeyRole::Server, 512)]);
    assert_eq!(spec.smallest_weak(), Some(512));
    let req = spec.request();
    assert_eq!(req.seed, "09".repeat(32));
    let json = serde_json::to_string(&req).unwrap_or_default();
    assert!(json.contains("\"role\":\"ca\""), "{json}");
    let keys = vec![tlsim_web::keygen_protocol::GeneratedKey {
        role: KeyRole::Server,
        bits: 512,
        pem: "PEM".into(),
    }];
    let mut s = Scenario::default();
    assert_eq!(spec.apply(&mut s, &keys), 1);
    assert_eq!(s.server_key, KeySource::Pem("PEM".into()));
    assert_eq!(s.ca_key, Scenario::default().ca_key);
}

// ---- browser only ----

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen_test]
fn replace_url_then_read_location_round_trips_without_reload() {
    let w = web_sys::window().expect("window");
    let before = w.location().href().expect("href");
    let st = UrlState {
        seed: Some([5; 32]),
        now: Some(1_800_000_000),
        step: Some(4),
        lang: Some(Lang::Ko),
        ..UrlState::default()
    };
    url::replace_url(&st).expect("replaceState");
    let back = url::read_location();
    assert!(back.warnings.is_empty(), "{:?}", back.warnings);
    assert_eq!(back.state, st);
    assert!(url::share_link(&st).starts_with("http"));
    assert!(url::embed_code(&st, EmbedOptions::embedded(), Lang::En).contains("embed=1"));
    // restore the runner's URL
    let _ = w
        .history()
        .and_then(|h| h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&before)));
}

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen_test]
fn download_bytes_makes_a_blob_link_without_error() {
    tlsim_web::download::download_bytes("hello.txt", "text/plain", b"hello").expect("download");
    for a in tlsim_web::download::artifacts(&sample_transcript(), Lang::En) {
        a.download().expect(a.filename);
    }
}

/// Let the browser run its tasks (Yew renders, the click's handlers) for `ms`.
#[cfg(target_arch = "wasm32")]
async fn pause(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        let _ = web_sys::window()
            .expect("window")
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(p).await;
}

/// The download buttons on an engine on this thread: a click asks the engine for the file and
/// saves it; without the run of the transcript the engine cannot make it, and the section says
/// so with the engine's message (no panic, no button left busy).
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen_test]
async fn the_download_buttons_ask_the_engine_and_say_when_it_cannot() {
    use std::rc::Rc;
    use tlsim_web::components::downloads::{Downloads, DownloadsProps};
    use tlsim_web::engine::Engine;
    use tlsim_web::engine_protocol::Job;
    use wasm_bindgen::JsCast;
    let scenario = Scenario::default();
    let (seed, now) = ([7; 32], tlsim_core::scenario::DEFAULT_NOW);
    let t = Rc::new(tlsim_core::simulate(&scenario, seed, now).expect("the default session"));
    let run = Rc::new(Job::Run {
        scenario,
        seed,
        now,
    });
    let engine = Engine::local(tlsim_web::engine_jobs::execute);
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .expect("document");
    for (run, fails) in [(Some(run), false), (None, true)] {
        let root = doc.create_element("div").expect("div");
        doc.body()
            .expect("body")
            .append_child(&root)
            .expect("append");
        let props = DownloadsProps {
            transcript: t.clone(),
            run,
            engine: engine.clone(),
            lang: Lang::En,
        };
        let app = yew::Renderer::<Downloads>::with_root_and_props(root.clone(), props).render();
        pause(20).await;
        for name in ["transcript.md", "handshake.pcap", "transcript.json"] {
            let button: web_sys::HtmlElement = root
                .query_selector(&format!("[data-testid=\"download-{name}\"]"))
                .expect("selector")
                .expect(name)
                .unchecked_into();
            button.click();
        }
        pause(20).await;
        let error = root
            .query_selector("[data-testid=\"download-error\"]")
            .expect("selector")
            .and_then(|e| e.text_content());
        match fails {
            false => assert_eq!(error, None),
            true => assert_eq!(error.as_deref(), Some(i18n::t(Lang::En, "error.engine"))),
        }
        assert!(root
            .query_selector("[aria-busy]")
            .expect("selector")
            .is_none());
        app.destroy();
        root.remove();
    }
}

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen_test]
fn set_document_lang_sets_the_html_lang_attribute() {
    i18n::set_document_lang(Lang::Ko);
    let el = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .expect("html");
    assert_eq!(el.get_attribute("lang").as_deref(), Some("ko"));
    i18n::set_document_lang(Lang::En);
}

/// Sessions that exercise every step kind the core emits.
fn sample_sessions() -> Vec<(&'static str, tlsim_core::Transcript)> {
    use tlsim_core::{scenario::DEFAULT_NOW, Fault};
    let base = Scenario::default();
    let mut cases: Vec<(&'static str, Scenario)> = vec![("normal", base.clone())];
    let mut s = base.clone();
    s.client_auth = true;
    cases.push(("mutual_tls", s));
    for (name, f) in [
        ("mitm", Fault::ManInTheMiddle),
        ("forged", Fault::ForgedSignature),
        (
            "flip",
            Fault::FlipByte {
                record: 3,
                offset: 9,
            },
        ),
        ("premaster", Fault::WrongPremasterVersion),
    ] {
        let mut s = base.clone();
        s.faults = vec![f];
        cases.push((name, s));
    }
    let mut s = base.clone();
    s.trust_issuing_ca = false;
    cases.push(("untrusted", s));
    let mut s = base.clone();
    s.client_host = "other.example".into();
    cases.push(("wrong_host", s));
    let mut s = base;
    s.offered_suites = vec![0x002f];
    cases.push(("no_suite", s));
    cases
        .into_iter()
        .map(|(n, s)| {
            let t = tlsim_core::simulate(&s, [7; 32], DEFAULT_NOW)
                .unwrap_or_else(|e| panic!("{n}: {e}"));
            (n, t)
        })
        .collect()
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn every_step_key_alert_and_check_the_core_emits_has_texts() {
    let mut missing = std::collections::BTreeSet::new();
    for (name, t) in sample_sessions() {
        for s in &t.steps {
            if !i18n::has(Lang::Ko, &format!("step.{}.title", s.key)) {
                missing.insert(format!("{name}: step key {}", s.key));
            }
            if let Some(a) = s.alert {
                if !i18n::has(Lang::Ko, &format!("alert.{}", a.name())) {
                    missing.insert(format!("{name}: alert {}", a.name()));
                }
            }
            for c in &s.checks {
                if !i18n::has(Lang::Ko, &format!("check.{}", c.name)) {
                    missing.insert(format!("{name}: check {}", c.name));
                }
            }
        }
    }
    assert!(missing.is_empty(), "no text for: {missing:#?}");
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn artifacts_of_a_real_session() {
    let (_, t) = sample_sessions().remove(0);
    assert_eq!(t.outcome, tlsim_core::Outcome::Success);
    let a = tlsim_web::download::artifacts(&t, Lang::En);
    assert_eq!(a.len(), 7);
    let keylog = String::from_utf8(a[3].bytes.clone()).unwrap_or_default();
    assert!(keylog.starts_with("CLIENT_RANDOM "), "{keylog}");
    assert!(a[4].bytes.len() > 2000, "pcap holds the whole session");
    let json: serde_json::Value = serde_json::from_slice(&a[5].bytes).expect("json");
    assert_eq!(json["steps"].as_array().map(Vec::len), Some(t.steps.len()));
    // Same inputs, same files.
    let (_, t2) = sample_sessions().remove(0);
    assert_eq!(tlsim_web::download::artifacts(&t2, Lang::En), a);
}

/// The downloaded files as the outside tools see them: `openssl verify` on the chain, `openssl
/// pkey` on the labelled teaching key, and tshark decrypting the pcap with the key log.
/// Native only (it runs programs); skipped with a note where openssl or tshark is missing.
#[cfg(not(target_arch = "wasm32"))]
#[test]
fn artifacts_pass_openssl_and_tshark() {
    use std::process::Command;
    let have = |p: &str| Command::new(p).arg("-v").output().is_ok();
    if !have("openssl") || !have("tshark") {
        eprintln!("openssl or tshark missing: skipped");
        return;
    }
    let (_, t) = sample_sessions().remove(0);
    let dir = std::env::temp_dir().join(format!("tlsim-artifacts-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp dir");
    for a in tlsim_web::download::artifacts(&t, Lang::En) {
        std::fs::write(dir.join(a.filename), &a.bytes).expect("write");
    }
    let f = |n: &str| dir.join(n).to_string_lossy().into_owned();
    let run = |args: &[&str]| {
        let o = Command::new(args[0])
            .args(&args[1..])
            .output()
            .expect(args[0]);
        let text =
            String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr);
        assert!(o.status.success(), "{args:?}: {text}");
        text
    };
    let now = tlsim_core::scenario::DEFAULT_NOW.to_string();
    let out = run(&[
        "openssl",
        "verify",
        "-attime",
        &now,
        "-CAfile",
        &f("ca.pem"),
        &f("server.pem"),
    ]);
    assert!(out.contains("OK"), "{out}");
    run(&["openssl", "pkey", "-in", &f("server-key.pem"), "-noout"]);
    let pub_key = run(&["openssl", "pkey", "-in", &f("server-key.pem"), "-pubout"]);
    let cert_key = run(&[
        "openssl",
        "x509",
        "-in",
        &f("server.pem"),
        "-noout",
        "-pubkey",
    ]);
    assert_eq!(pub_key, cert_key, "the key matches the certificate");
    let keylog = format!("tls.keylog_file:{}", f("keylog.txt"));
    let http = run(&[
        "tshark",
        "-r",
        &f("handshake.pcap"),
        "-o",
        &keylog,
        "-Y",
        "http",
        "-T",
        "fields",
        "-e",
        "http.request.method",
        "-e",
        "http.response.code",
    ]);
    assert!(
        http.contains("GET") && http.contains("200"),
        "decrypted HTTP: {http}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
