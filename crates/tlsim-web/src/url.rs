//! What is on screen, in the URL: scenario, seed, clock, step, language, embed options and
//! generated-key settings. A link opened elsewhere shows the same bytes at the same step.
//!
//! ## Format (query string, `?a=b&c=d`; a `#a=b` fragment is read too and wins)
//!
//! | param      | value                                                                          |
//! |------------|--------------------------------------------------------------------------------|
//! | `lang`     | `en` or `ko`                                                                   |
//! | `preset`   | a scenario button's name ([`Preset::name`]: `normal`, `untrusted_ca`, `expired`, `wrong_host`, `forged_signature`, `mitm`, `byte_flipped`, `mutual_tls`, ..., issue 14's `resume_id`, `resume_ticket` and the resumption failures such as `server_forgot` or `session_expired`): the scenario starts as that button loads it, at the link's `seed` and `now` (else the page's defaults: `?preset=expired` is expired on any day). An unknown name: `url.bad_preset`, the default scenario |
//! | `sc`       | the older name of `preset`, still read (`preset` wins when both are given). An old link with `sc` and `s` opens as it always did: `s` alone is the scenario, `sc` only lights the button |
//! | `v`        | the protocol version, `1.2` or `1.3` (issue 15; also `tls12`/`tls13`): written when the scenario is TLS 1.3, or TLS 1.2 over a TLS 1.3 preset; it wins over a `version` inside `s`. A link without it is TLS 1.2 (or its preset's version), as before |
//! | `s`        | the scenario: JSON object of the fields that differ from `Scenario::default()` (serde names, whole values), base64url without padding. With `preset`, each field named in `s` replaces the preset's value, the other fields keep the preset's |
//! | `seed`     | the session seed, 64 hex digits                                                |
//! | `now`      | the session clock, Unix seconds (a link pins the date, so "expired" stays expired) |
//! | `step`     | the current step index, 0-based                                                |
//! | `kseed`    | generated keys: the key seed, 64 hex digits (see [`KeyGenSpec`])              |
//! | `kbits`    | generated keys: `role:bits` list, e.g. `ca:1024,server:512`                    |
//! | `embed`, `compact`, `from`, `to`, `autoplay` | embed options, see [`crate::embed`]           |
//!
//! Generated keys travel as `kseed` + `kbits`, never as PEM: the key fields of those roles are
//! left out of `s` (the page regenerates them in the worker). A PEM the learner pasted is part of
//! `s` (it cannot be regenerated). JSON-diff + base64url keeps the code small and covers every
//! scenario field, present and future; the default scenario gives no `s` at all.
//!
//! A link the page writes ([`encode_query`]) for an unedited preset is just `preset=<name>` (no
//! `s`). Once the learner edits it, `s` names every field that differs from the default *or* from
//! the preset (e.g. `"trust_issuing_ca":true` after re-ticking the box of `untrusted_ca`), so the
//! link gives the exact scenario both read as "preset, then `s`" and read as `s` alone.
//! Without `now` the preset cannot be pinned: [`encode_query`] then writes `s` as the plain
//! diff over the default, and [`crate::state::State::from_url`] puts the preset (at the browser
//! clock) under the fields that differ from the default.
//!
//! Decoding never panics and never fails: each bad param is dropped (its default used) with a
//! [`UrlWarning`] the page can show (`banner.url_warnings` + [`UrlWarning::message`]).
//! Unknown params (e.g. `utm_source`) are ignored silently.
//!
//! ## How to integrate
//!
//! ```ignore
//! // on load
//! let Decoded { state, warnings } = url::read_location();
//! // state.scenario, state.seed (None: use your default), state.now (None: your default),
//! // state.step, state.lang (None: your default), state.embed, state.keygen (Some: run the worker)
//! // whenever scenario / seed / now / step / lang / keys change (in a use_effect_with, not a reducer):
//! let _ = url::replace_url(&state);                 // history.replaceState, no reload
//! // buttons (data-testid="copy-link" / "copy-embed"):
//! url::copy_to_clipboard(&url::share_link(&state));
//! url::copy_to_clipboard(&url::embed_code(&state, EmbedOptions::embedded(), lang));
//! ```

use crate::embed::EmbedOptions;
use crate::i18n::{self, Lang};
use crate::keygen_protocol::{parse_seed, KeyGenSpec, KeyRole};
use crate::state::Preset;
use serde_json::{Map, Value};
use tlsim_core::{Scenario, TlsVersion};

/// Everything a link reproduces.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct UrlState {
    /// The scenario (with `KeySource::Pem` for generated keys: those are written as `kseed`/`kbits`).
    /// Decoded with `preset` and `now`: the preset with `s` on top; with `preset` but no `now`:
    /// the default with `s` on top (the page adds the preset at its clock).
    pub scenario: Scenario,
    /// The preset name the learner started from, if any (one of [`Preset::name`]); the link's
    /// `preset` (or older `sc`).
    pub preset: Option<String>,
    /// The session seed (`None`: the page's default).
    pub seed: Option<[u8; 32]>,
    /// The session clock, Unix seconds (`None`: the page's default).
    pub now: Option<i64>,
    /// The current step (`None`: the first).
    pub step: Option<usize>,
    /// The language (`None`: the page's default).
    pub lang: Option<Lang>,
    /// Embed options.
    pub embed: EmbedOptions,
    /// Generated keys (`None`: the scenario's own key sources).
    pub keygen: Option<KeyGenSpec>,
}

/// A param that could not be read; its default was used instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UrlWarning {
    /// The param, e.g. `seed`, or `s.not_after` for one scenario field.
    pub param: String,
    /// The value found (cut to 80 characters).
    pub value: String,
    /// The i18n key of the reason, e.g. `url.bad_seed`.
    pub key: &'static str,
    /// A technical detail in English (e.g. the serde error).
    pub detail: String,
}

impl UrlWarning {
    /// A warning (the value is cut to 80 characters).
    pub fn new(param: &str, value: &str, key: &'static str, detail: &str) -> Self {
        let mut v: String = value.chars().take(80).collect();
        if v.len() < value.len() {
            v.push('…');
        }
        Self {
            param: param.to_string(),
            value: v,
            key,
            detail: detail.to_string(),
        }
    }

    /// "`param`: reason" in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        format!("{}: {}", self.param, i18n::t(lang, self.key))
    }
}

/// A decoded URL.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Decoded {
    /// The state (defaults where a param was missing or bad).
    pub state: UrlState,
    /// What was dropped, for a banner.
    pub warnings: Vec<UrlWarning>,
}

/// Params longer than this are refused (a PEM key is ~2.3 KB; a few of them fit).
pub const MAX_PARAM_LEN: usize = 64 * 1024;

// ---------------------------------------------------------------------------------------------
// encode

/// The query string (without `?`) for `state`; params in a fixed order, only what is set.
pub fn encode_query(state: &UrlState) -> String {
    let mut pairs: Vec<(&str, String)> = Vec::new();
    if let Some(l) = state.lang {
        pairs.push(("lang", l.code().to_string()));
    }
    if let Some(p) = &state.preset {
        pairs.push(("preset", p.clone()));
    }
    let base = preset_base(state.preset.as_deref(), state.now);
    let mut diff = link_diff(&state.scenario, base.as_ref(), state.keygen.as_ref());
    // The version travels as `v` (readable in the link), not inside `s`.
    diff.remove("version");
    let base_version = state
        .preset
        .as_deref()
        .and_then(Preset::from_name)
        .map_or(TlsVersion::Tls12, |p| {
            p.scenario(state.now.unwrap_or(0)).version
        });
    if state.scenario.version != TlsVersion::Tls12 || base_version != state.scenario.version {
        pairs.push(("v", state.scenario.version.as_str().to_string()));
    }
    if !diff.is_empty() {
        let json = Value::Object(diff).to_string();
        pairs.push(("s", b64url_encode(json.as_bytes())));
    }
    if let Some(seed) = state.seed {
        pairs.push(("seed", hex::encode(seed)));
    }
    if let Some(now) = state.now {
        pairs.push(("now", now.to_string()));
    }
    if let Some(step) = state.step {
        pairs.push(("step", step.to_string()));
    }
    if let Some(k) = &state.keygen {
        if !k.bits.is_empty() {
            pairs.push(("kseed", hex::encode(k.seed)));
            let bits: Vec<String> = k
                .bits
                .iter()
                .map(|(r, b)| format!("{}:{b}", r.as_str()))
                .collect();
            pairs.push(("kbits", bits.join(",")));
        }
    }
    pairs.extend(state.embed.to_pairs());
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", percent_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The scenario a link's `preset` starts from, when the link pins the clock (`None`: no preset,
/// an unknown name, or no `now`).
fn preset_base(preset: Option<&str>, now: Option<i64>) -> Option<Scenario> {
    let p = Preset::from_name(preset?)?;
    Some(p.scenario(now?))
}

/// The fields a link's `s` carries: none when the scenario is its preset's `base` (key fields of
/// generated roles aside); else every field that differs from the default or from `base`.
pub fn link_diff(
    s: &Scenario,
    base: Option<&Scenario>,
    keygen: Option<&KeyGenSpec>,
) -> Map<String, Value> {
    let mut diff = scenario_diff(s, keygen);
    if let Some(base) = base {
        let over_base = fields_differing(s, base, keygen);
        if over_base.is_empty() {
            return Map::new();
        }
        diff.extend(over_base);
    }
    diff
}

/// The top-level scenario fields (serde names) that differ from the default, minus the key
/// fields of roles that `keygen` covers.
pub fn scenario_diff(s: &Scenario, keygen: Option<&KeyGenSpec>) -> Map<String, Value> {
    fields_differing(s, &Scenario::default(), keygen)
}

/// The fields of `s` (serde names, values of `s`) that differ from `other`, minus the key fields
/// of roles that `keygen` covers.
fn fields_differing(
    s: &Scenario,
    other: &Scenario,
    keygen: Option<&KeyGenSpec>,
) -> Map<String, Value> {
    let (Some(cur), Some(def)) = (to_object(s), to_object(other)) else {
        return Map::new();
    };
    let skip: Vec<String> = keygen
        .map(|k| {
            k.bits
                .iter()
                .map(|(r, _)| format!("{}_key", r.as_str()))
                .collect()
        })
        .unwrap_or_default();
    cur.into_iter()
        .filter(|(k, v)| def.get(k) != Some(v) && !skip.contains(k))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// decode

/// Decode a query string or fragment (with or without a leading `?` / `#`). Never panics.
pub fn decode_query(query: &str) -> Decoded {
    decode_pairs(&parse_pairs(query))
}

/// Decode `location.search` and `location.hash` (fragment params win).
pub fn decode_search_and_hash(search: &str, hash: &str) -> Decoded {
    let mut pairs = parse_pairs(search);
    if hash.contains('=') {
        pairs.extend(parse_pairs(hash));
    }
    decode_pairs(&pairs)
}

/// Split `a=1&b=2` into decoded pairs (`+` is a space; bad `%` escapes are kept as they are).
pub fn parse_pairs(query: &str) -> Vec<(String, String)> {
    let q = query.trim_start_matches(['?', '#']);
    q.split(['&', ';'])
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (percent_decode(k), percent_decode(v)),
            None => (percent_decode(p), String::new()),
        })
        .collect()
}

fn decode_pairs(pairs: &[(String, String)]) -> Decoded {
    let get = |name: &str| -> Option<String> {
        pairs
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    let mut w: Vec<UrlWarning> = Vec::new();
    let mut st = UrlState::default();

    if let Some(v) = get("lang") {
        match Lang::from_code(&v) {
            Some(l) => st.lang = Some(l),
            None => w.push(UrlWarning::new(
                "lang",
                &v,
                "url.bad_lang",
                "expected en or ko",
            )),
        }
    }
    // `preset`, or its older name `sc`.
    let (preset_param, preset_value) = match get("preset") {
        Some(v) => ("preset", Some(v)),
        None => ("sc", get("sc")),
    };
    if let Some(v) = preset_value {
        match Preset::from_name(v.trim()) {
            Some(p) => st.preset = Some(p.name().to_string()),
            None => w.push(UrlWarning::new(
                preset_param,
                &v,
                "url.bad_preset",
                "unknown preset",
            )),
        }
    }
    let fields = get("s").map(|v| decode_scenario_fields(&v, &mut w));
    let version = get("v").and_then(|v| match v.parse::<TlsVersion>() {
        Ok(t) => Some(t),
        Err(_) => {
            w.push(UrlWarning::new(
                "v",
                &v,
                "url.bad_version",
                "expected 1.2 or 1.3",
            ));
            None
        }
    });
    if let Some(v) = get("seed") {
        match parse_seed(&v) {
            Some(s) => st.seed = Some(s),
            None => w.push(UrlWarning::new(
                "seed",
                &v,
                "url.bad_seed",
                "expected 64 hex digits",
            )),
        }
    }
    if let Some(v) = get("now") {
        match v.trim().parse::<i64>() {
            // Years 0..=9999: what X.509 dates (GeneralizedTime) can say.
            Ok(n) if (-62_167_219_200..=253_402_300_799).contains(&n) => st.now = Some(n),
            _ => w.push(UrlWarning::new(
                "now",
                &v,
                "url.bad_now",
                "expected Unix seconds",
            )),
        }
    }
    if let Some(v) = get("step") {
        match v.trim().parse::<usize>() {
            Ok(n) if n <= crate::embed::MAX_STEP => st.step = Some(n),
            _ => w.push(UrlWarning::new(
                "step",
                &v,
                "url.bad_step",
                "expected a step number",
            )),
        }
    }
    match (get("kseed"), get("kbits")) {
        (None, None) => {}
        (Some(seed), Some(bits)) => match (parse_seed(&seed), parse_kbits(&bits)) {
            (Some(seed), Ok(list)) if !list.is_empty() => {
                st.keygen = Some(KeyGenSpec::new(seed, list));
            }
            (None, _) => w.push(UrlWarning::new(
                "kseed",
                &seed,
                "url.bad_keys",
                "expected 64 hex digits",
            )),
            (_, Err(e)) => w.push(UrlWarning::new("kbits", &bits, "url.bad_keys", &e)),
            (_, Ok(_)) => w.push(UrlWarning::new(
                "kbits",
                &bits,
                "url.bad_keys",
                "no key listed",
            )),
        },
        (Some(v), None) => w.push(UrlWarning::new(
            "kseed",
            &v,
            "url.bad_keys",
            "kseed without kbits",
        )),
        (None, Some(v)) => w.push(UrlWarning::new(
            "kbits",
            &v,
            "url.bad_keys",
            "kbits without kseed",
        )),
    }
    // An old `sc` link with `s`: `s` alone is the scenario, as before `preset` existed.
    let legacy = preset_param == "sc" && fields.is_some();
    let base = if legacy {
        None
    } else {
        preset_base(st.preset.as_deref(), st.now)
    };
    st.scenario = overlay(&base.unwrap_or_default(), &fields.unwrap_or_default());
    if let Some(v) = version {
        st.scenario.version = v;
    }
    st.embed = EmbedOptions::from_params(get, &mut w);
    Decoded {
        state: st,
        warnings: w,
    }
}

/// `ca:1024,server:2048` -> roles and sizes (512..=4096, multiples of 8).
pub fn parse_kbits(v: &str) -> Result<Vec<(KeyRole, usize)>, String> {
    let mut out = Vec::new();
    for item in v.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let (role, bits) = item
            .split_once(':')
            .ok_or_else(|| format!("{item:?}: expected role:bits"))?;
        let role = KeyRole::parse(role.trim()).ok_or_else(|| format!("unknown role {role:?}"))?;
        let bits: usize = bits
            .trim()
            .parse()
            .map_err(|_| format!("bad size {bits:?}"))?;
        if !(tlsim_core::keygen::MIN_BITS..=tlsim_core::keygen::MAX_BITS).contains(&bits)
            || !bits.is_multiple_of(8)
        {
            return Err(format!("key size {bits} out of range"));
        }
        out.push((role, bits));
    }
    Ok(out)
}

/// The scenario's serde form as a JSON object. Through its JSON text, not `serde_json::to_value`:
/// the page already serializes scenarios to text (the engine's jobs), and a second, `Value`
/// serializer of every scenario type would only add to the page's .wasm (issue 11).
fn to_object(s: &Scenario) -> Option<Map<String, Value>> {
    serde_json::to_string(s)
        .ok()
        .and_then(|j| serde_json::from_str(&j).ok())
}

/// The scenario of a JSON object, read from its text (see [`to_object`]: one deserializer of
/// every scenario type, not a second one from `Value`).
fn scenario_from(fields: Map<String, Value>) -> Result<Scenario, serde_json::Error> {
    serde_json::from_str(&Value::Object(fields).to_string())
}

/// A serde error as `serde_json::from_value` words it: without the position in the text that
/// [`scenario_from`] reads (always one line the learner never sees).
fn error_text(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) if e.line() > 0 => s[..i].to_string(),
        _ => s,
    }
}

/// `fields` (serde names, whole values) put over `base`; a field that does not fit is skipped.
pub fn overlay(base: &Scenario, fields: &Map<String, Value>) -> Scenario {
    if fields.is_empty() {
        return base.clone();
    }
    let Some(mut acc) = to_object(base) else {
        return base.clone();
    };
    let all = {
        let mut a = acc.clone();
        a.extend(fields.clone());
        a
    };
    if let Ok(s) = scenario_from(all) {
        return s;
    }
    for (k, v) in fields {
        let mut trial = acc.clone();
        trial.insert(k.clone(), v.clone());
        if scenario_from(trial).is_ok() {
            acc.insert(k.clone(), v.clone());
        }
    }
    scenario_from(acc).unwrap_or_else(|_| base.clone())
}

/// The valid fields of an `s` param (each checked on its own over the default); warnings for the
/// rest.
fn decode_scenario_fields(v: &str, w: &mut Vec<UrlWarning>) -> Map<String, Value> {
    if v.len() > MAX_PARAM_LEN {
        w.push(UrlWarning::new("s", v, "url.bad_scenario", "too long"));
        return Map::new();
    }
    let Some(bytes) = b64url_decode(v) else {
        w.push(UrlWarning::new("s", v, "url.bad_scenario", "not base64url"));
        return Map::new();
    };
    let mut obj = match serde_json::from_slice::<Value>(&bytes) {
        Ok(Value::Object(o)) => o,
        Ok(_) => {
            w.push(UrlWarning::new(
                "s",
                v,
                "url.bad_scenario",
                "not a JSON object",
            ));
            return Map::new();
        }
        Err(e) => {
            w.push(UrlWarning::new("s", v, "url.bad_scenario", &e.to_string()));
            return Map::new();
        }
    };
    let Some(def) = to_object(&Scenario::default()) else {
        return Map::new();
    };
    // Fast path: the whole diff is valid.
    if scenario_from(obj.clone()).is_ok() {
        warn_unknown_fields(&obj, w);
        obj.retain(|k, _| def.contains_key(k));
        return obj;
    }
    // Field by field: keep what is valid, report the rest.
    let mut acc = def.clone();
    let mut valid = Map::new();
    for (k, val) in obj {
        if !acc.contains_key(&k) {
            w.push(UrlWarning::new(
                &format!("s.{k}"),
                &val.to_string(),
                "url.bad_scenario_field",
                "unknown field",
            ));
            continue;
        }
        let mut trial = acc.clone();
        trial.insert(k.clone(), val.clone());
        match scenario_from(trial) {
            Ok(_) => {
                acc.insert(k.clone(), val.clone());
                valid.insert(k, val);
            }
            Err(e) => w.push(UrlWarning::new(
                &format!("s.{k}"),
                &val.to_string(),
                "url.bad_scenario_field",
                &error_text(&e),
            )),
        }
    }
    valid
}

fn warn_unknown_fields(obj: &Map<String, Value>, w: &mut Vec<UrlWarning>) {
    let Some(def) = to_object(&Scenario::default()) else {
        return;
    };
    for (k, v) in obj {
        if !def.contains_key(k) {
            w.push(UrlWarning::new(
                &format!("s.{k}"),
                &v.to_string(),
                "url.bad_scenario_field",
                "unknown field",
            ));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// links

/// An absolute link to `state` on the page at `base` (e.g. `https://host/sim/`): embed options
/// are dropped (a shared link opens the full page).
pub fn share_link_with_base(base: &str, state: &UrlState) -> String {
    let mut s = state.clone();
    s.embed = EmbedOptions::default();
    join(base, &encode_query(&s))
}

/// The `<iframe>` snippet for `state` embedded with `embed` (`enabled` is forced on; start from
/// [`EmbedOptions::embedded`] and set `from`/`to`/`autoplay`), 800x500,
/// titled in `lang`, lazily loaded.
pub fn embed_code_with_base(
    base: &str,
    state: &UrlState,
    embed: EmbedOptions,
    lang: Lang,
) -> String {
    let mut s = state.clone();
    // Options not marked embedded (e.g. `EmbedOptions::default()` with a range) get the embed
    // defaults: compact on.
    s.embed = EmbedOptions {
        enabled: true,
        compact: embed.compact || !embed.enabled,
        ..embed
    };
    let src = join(base, &encode_query(&s));
    let (w, h) = crate::embed::EMBED_SIZE;
    format!(
        "<iframe src=\"{}\" width=\"{w}\" height=\"{h}\" title=\"{}\" loading=\"lazy\" style=\"border:0;max-width:100%\"></iframe>",
        html_escape(&src),
        html_escape(i18n::t(lang, "embed.iframe_title")),
    )
}

/// [`share_link_with_base`] on this page's own address ([`page_base`]).
pub fn share_link(state: &UrlState) -> String {
    share_link_with_base(&page_base(), state)
}

/// [`embed_code_with_base`] on this page's own address ([`page_base`]).
pub fn embed_code(state: &UrlState, embed: EmbedOptions, lang: Lang) -> String {
    embed_code_with_base(&page_base(), state, embed, lang)
}

fn join(base: &str, query: &str) -> String {
    let base = base.split(['?', '#']).next().unwrap_or(base);
    if query.is_empty() {
        base.to_string()
    } else {
        format!("{base}?{query}")
    }
}

/// This page's address without query or fragment (`location.href` cut), so links keep the path
/// prefix the page is served under (`https://host/course/sim/`). Empty outside a browser.
pub fn page_base() -> String {
    #[cfg(target_arch = "wasm32")]
    {
        web_sys::window()
            .and_then(|w| w.location().href().ok())
            .map(|h| h.split(['?', '#']).next().unwrap_or_default().to_string())
            .unwrap_or_default()
    }
    #[cfg(not(target_arch = "wasm32"))]
    String::new()
}

/// Decode the page's own URL (`location.search` + `location.hash`). Outside a browser: defaults.
pub fn read_location() -> Decoded {
    #[cfg(target_arch = "wasm32")]
    {
        let Some(loc) = web_sys::window().map(|w| w.location()) else {
            return Decoded::default();
        };
        let search = loc.search().unwrap_or_default();
        let hash = loc.hash().unwrap_or_default();
        decode_search_and_hash(&search, &hash)
    }
    #[cfg(not(target_arch = "wasm32"))]
    Decoded::default()
}

/// Put `state` into the address bar with `history.replaceState` (no reload, no history entry).
/// The fragment is dropped (its params, if any, are now in the query).
pub fn replace_url(state: &UrlState) -> Result<(), String> {
    #[cfg(target_arch = "wasm32")]
    {
        let w = web_sys::window().ok_or("no window")?;
        let location = w.location();
        let path = location.pathname().map_err(|e| format!("{e:?}"))?;
        let q = encode_query(state);
        // The same address again is no history entry to rewrite; under DevTools and Lighthouse
        // each replaceState also costs a navigation event on the main thread (~20 ms measured).
        let search = location.search().unwrap_or_default();
        let hash = location.hash().unwrap_or_default();
        let same = hash.is_empty()
            && if q.is_empty() {
                search.is_empty()
            } else {
                search.strip_prefix('?') == Some(q.as_str())
            };
        if same {
            return Ok(());
        }
        let url = if q.is_empty() {
            path
        } else {
            format!("{path}?{q}")
        };
        w.history()
            .and_then(|h| h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url)))
            .map_err(|e| format!("history.replaceState: {e:?}"))
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = state;
        Err("not in a browser".into())
    }
}

/// Copy `text` with the asynchronous Clipboard API (fire and forget). `Err` when the API is
/// missing (insecure context, old browser): show the text in a read-only field for manual copy
/// (`button.copy_failed`).
pub fn copy_to_clipboard(text: &str) -> Result<(), String> {
    #[cfg(target_arch = "wasm32")]
    {
        use wasm_bindgen::JsCast;
        let w = web_sys::window().ok_or("no window")?;
        let nav = w.navigator();
        // `navigator.clipboard` is undefined outside secure contexts: check before calling.
        let cb = js_sys::Reflect::get(&nav, &"clipboard".into()).map_err(|e| format!("{e:?}"))?;
        if cb.is_undefined() || cb.is_null() {
            return Err("the Clipboard API is not available here".into());
        }
        let cb: web_sys::Clipboard = cb.unchecked_into();
        let _promise = cb.write_text(text);
        Ok(())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = text;
        Err("not in a browser".into())
    }
}

// ---------------------------------------------------------------------------------------------
// small codecs (no extra dependency)

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// base64url without padding (RFC 4648 §5).
pub fn b64url_encode(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let chars = chunk.len() + 1;
        for i in 0..chars {
            out.push(B64[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

/// base64url or standard base64, padded or not, line breaks ignored; `None` if malformed.
pub fn b64url_decode(s: &str) -> Option<Vec<u8>> {
    let mut vals = Vec::with_capacity(s.len());
    for c in s.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            // A '+' of standard base64 arrives as ' ' after query decoding.
            b'-' | b'+' | b' ' => 62,
            b'_' | b'/' => 63,
            b'=' | b'\n' | b'\r' | b'\t' => continue,
            _ => return None,
        };
        vals.push(v);
    }
    if vals.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(vals.len() * 3 / 4);
    for chunk in vals.chunks(4) {
        let mut n: u32 = 0;
        for (i, v) in chunk.iter().enumerate() {
            n |= u32::from(*v) << (18 - 6 * i);
        }
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..chunk.len() - 1]);
    }
    Some(out)
}

/// Percent-encode everything but RFC 3986 unreserved characters.
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b':' | b',') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Percent-decode (`+` is a space); malformed escapes are kept literally; invalid UTF-8 is replaced.
pub fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => {
                let h = std::str::from_utf8(&b[i + 1..i + 3])
                    .ok()
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                match h {
                    Some(v) => {
                        out.push(v);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Escape `& < > " '` for an HTML attribute.
pub fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}
