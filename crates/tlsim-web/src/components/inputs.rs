//! The editable inputs: certificate, client, secrets and session. Every edit recomputes at once.

use super::text_field::TextField;
use crate::form::{Form, Input, Msg, KEY_SIZES, SUITES};
use crate::i18n::{t, tf, Lang};
use crate::keygen_protocol::KeygenProgress;
use crate::state::Action;
use std::collections::BTreeMap;
use tlsim_core::kx::{Group, KxAlg};
use tlsim_core::scenario::Resume;
use tlsim_core::TlsVersion;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// Props of [`Inputs`].
#[derive(Properties, PartialEq)]
pub struct InputsProps {
    /// the inputs as typed
    pub form: Form,
    /// one message per invalid input
    pub errors: BTreeMap<Input, Msg>,
    /// the inputs this session does not use, with the text key of why (issue 15)
    #[prop_or_default]
    pub unused: BTreeMap<Input, String>,
    /// the session seed
    pub seed: [u8; 32],
    /// the client's clock
    pub now: i64,
    /// the key worker's progress, while it runs
    pub keygen_progress: Option<KeygenProgress>,
    /// generated keys wanted but not ready
    pub keys_pending: bool,
    /// generated keys in use?
    pub keys_generated: bool,
    /// the key worker's failure
    pub keygen_error: Option<String>,
    /// page language
    pub lang: Lang,
    /// dispatch
    pub on_action: Callback<Action>,
    /// draw a new seed
    pub on_new_seed: Callback<()>,
    /// draw new keys
    pub on_new_keys: Callback<()>,
    /// set `now` to the browser clock
    pub on_clock: Callback<()>,
}

fn checkbox(
    lang: Lang,
    input: Input,
    checked: bool,
    err: Option<String>,
    why: Option<&'static str>,
    cb: &Callback<Action>,
) -> Html {
    let cb = cb.clone();
    let name = input.name();
    let onchange = Callback::from(move |e: Event| {
        if let Some(t) = e.target_dyn_into::<HtmlInputElement>() {
            cb.emit(Action::Deferred(Box::new(Action::Flag(input, t.checked()))));
        }
    });
    let disabled = why.is_some();
    html! {
        <div class={classes!("field", "check", err.is_some().then_some("invalid"), disabled.then_some("unused"))}>
            <label>
                <input type="checkbox" data-testid={format!("input-{name}")} checked={checked} {disabled} {onchange} />
                { " " }{ t(lang, &format!("input.{name}")) }
            </label>
            { unused_why(name, why) }
            <p class="hint">{ t(lang, &format!("input.{name}.help")) }</p>
            if let Some(e) = err { <p class="error" role="alert" data-testid={format!("error-{name}")}>{ e }</p> }
        </div>
    }
}

fn key_select(
    lang: Lang,
    input: Input,
    bits: u32,
    err: Option<String>,
    cb: &Callback<Action>,
) -> Html {
    let cb = cb.clone();
    let name = input.name();
    let onchange = Callback::from(move |e: Event| {
        if let Some(sel) = e.target_dyn_into::<HtmlSelectElement>() {
            if let Ok(b) = sel.value().parse::<u32>() {
                cb.emit(Action::KeyBits(input, b));
            }
        }
    });
    html! {
        <div class={classes!("field", err.is_some().then_some("invalid"))}>
            <label for={format!("f-{name}")}>{ t(lang, &format!("input.{name}")) }</label>
            <select id={format!("f-{name}")} data-testid={format!("input-{name}")} {onchange}>
                { for KEY_SIZES.iter().map(|&b| html! {
                    <option value={b.to_string()} selected={b == bits}>{ format!("{b} bits{}", if b < 2048 { " ⚠" } else { "" }) }</option>
                }) }
            </select>
            if bits < 2048 { <p class="hint warn" data-testid={format!("small-key-{name}")}>{ tf(lang, "banner.small_key", &[("bits", &bits.to_string())]) }</p> }
            if let Some(e) = err { <p class="error" role="alert" data-testid={format!("error-{name}")}>{ e }</p> }
        </div>
    }
}

/// Why an input is greyed out (issue 15), if it is.
fn unused_why(name: &str, why: Option<&'static str>) -> Html {
    match why {
        Some(w) => {
            html! { <p class="hint unused-why" data-testid={format!("unused-{name}")}>{ w }</p> }
        }
        None => html! {},
    }
}

/// The protocol version: TLS 1.2 or TLS 1.3 (issue 15), the form's first field.
pub fn version_select(
    lang: Lang,
    v: TlsVersion,
    id: &str,
    testid: &str,
    cb: &Callback<Action>,
) -> Html {
    let cb = cb.clone();
    let onchange = Callback::from(move |e: Event| {
        if let Some(sel) = e.target_dyn_into::<HtmlSelectElement>() {
            if let Ok(v) = sel.value().parse::<TlsVersion>() {
                cb.emit(Action::Version(v));
            }
        }
    });
    let key = |v: TlsVersion| match v {
        TlsVersion::Tls12 => "version.tls12",
        TlsVersion::Tls13 => "version.tls13",
    };
    html! {
        <div class="field">
            <label for={id.to_string()}>{ t(lang, "input.version") }</label>
            <select id={id.to_string()} data-testid={testid.to_string()} {onchange}>
                { for TlsVersion::ALL.iter().map(|&o| html! {
                    <option value={o.as_str()} selected={o == v}>{ t(lang, key(o)) }</option>
                }) }
            </select>
            <p class="hint">{ t(lang, &format!("{}.help", key(v))) }</p>
        </div>
    }
}

/// The key exchange: RSA, DHE or ECDHE.
fn kx_select(lang: Lang, kx: KxAlg, cb: &Callback<Action>) -> Html {
    let cb = cb.clone();
    let onchange = Callback::from(move |e: Event| {
        if let Some(sel) = e.target_dyn_into::<HtmlSelectElement>() {
            if let Some(k) = KxAlg::from_name(&sel.value()) {
                cb.emit(Action::Kx(k));
            }
        }
    });
    html! {
        <div class="field">
            <label for="f-kx">{ t(lang, "input.kx") }</label>
            <select id="f-kx" data-testid="input-kx" {onchange}>
                { for [KxAlg::Rsa, KxAlg::Dhe, KxAlg::Ecdhe].iter().map(|&k| html! {
                    <option value={k.name()} selected={k == kx}>{ t(lang, &format!("kx.{}", k.name())) }</option>
                }) }
            </select>
            <p class="hint">{ t(lang, &format!("kx.{}.help", kx.name())) }</p>
        </div>
    }
}

/// The group of DHE (ffdhe2048) or ECDHE (x25519, secp256r1).
fn group_select(lang: Lang, kx: KxAlg, group: Group, cb: &Callback<Action>) -> Html {
    let cb = cb.clone();
    let onchange = Callback::from(move |e: Event| {
        if let Some(sel) = e.target_dyn_into::<HtmlSelectElement>() {
            if let Some(g) = Group::from_name(&sel.value()) {
                cb.emit(Action::Group(g));
            }
        }
    });
    let groups: Vec<Group> = Group::ALL
        .into_iter()
        .filter(|g| g.is_ec() == (kx == KxAlg::Ecdhe))
        .collect();
    html! {
        <div class="field">
            <label for="f-group">{ t(lang, "input.group") }</label>
            <select id="f-group" data-testid="input-group" {onchange}>
                { for groups.iter().map(|&g| html! {
                    <option value={g.name()} selected={g == group}>{ g.name() }</option>
                }) }
            </select>
            <p class="hint">{ t(lang, "input.group.help") }</p>
        </div>
    }
}

/// Does a second connection follow, and how does it offer the session? (issue 14) `testid` is
/// `input-resume` in the form, `inline-resume` in a step's editor.
pub fn resume_select(
    lang: Lang,
    resume: Resume,
    id: &str,
    testid: &str,
    cb: &Callback<Action>,
) -> Html {
    let cb = cb.clone();
    let onchange = Callback::from(move |e: Event| {
        if let Some(sel) = e.target_dyn_into::<HtmlSelectElement>() {
            if let Some(r) = Resume::from_name(&sel.value()) {
                cb.emit(Action::Resume(r));
            }
        }
    });
    html! {
        <div class="field">
            <label for={id.to_string()}>{ t(lang, "input.resume") }</label>
            <select id={id.to_string()} data-testid={testid.to_string()} {onchange}>
                { for Resume::ALL.iter().map(|&r| html! {
                    <option value={r.name()} selected={r == resume}>{ t(lang, &format!("resume.{}", r.name())) }</option>
                }) }
            </select>
            <p class="hint">{ t(lang, &format!("resume.{}.help", resume.name())) }</p>
        </div>
    }
}

/// A "new ticket key" button: 16 fresh random bytes into the ticket-key field (the server rotates
/// its key; a ticket sealed under the old one no longer opens).
pub fn rotate_button(lang: Lang, testid: &str, cb: &Callback<Action>) -> Html {
    let cb = cb.clone();
    let onclick = Callback::from(move |_: MouseEvent| {
        let mut key = [0u8; 16];
        if getrandom::getrandom(&mut key).is_ok() {
            cb.emit(Action::Text(Input::TicketKey, hex::encode(key)));
        }
    });
    html! {
        <button type="button" data-testid={testid.to_string()} {onclick}>{ t(lang, "button.new_ticket_key") }</button>
    }
}

/// The form.
#[function_component]
pub fn Inputs(p: &InputsProps) -> Html {
    let lang = p.lang;
    let f = &p.form;
    let err = |i: Input| p.errors.get(&i).map(|m| m.render(lang));
    let why = |i: Input| p.unused.get(&i).map(|k| t(lang, k));
    let on_text = {
        let cb = p.on_action.clone();
        Callback::from(move |(i, v): (Input, String)| {
            cb.emit(Action::Deferred(Box::new(Action::Text(i, v))))
        })
    };
    let text = |input: Input, value: &String| {
        let name = input.name();
        html! {
            <TextField input={input} label={t(lang, &format!("input.{name}"))} value={value.clone()} error={err(input)}
                hint={Some(AttrValue::from(t(lang, &format!("input.{name}.help"))))} on_change={on_text.clone()}
                kind={if matches!(input, Input::NotBefore | Input::NotAfter) { "date" } else { "text" }}
                multiline={matches!(input, Input::ExtraRoots | Input::AppMessage)}
                unused={why(input).map(AttrValue::from)} />
        }
    };
    let suites = SUITES.iter().map(|&code| {
        let name = crate::form::suite_name(code);
        let cb = p.on_action.clone();
        let onchange = Callback::from(move |e: Event| {
            if let Some(t) = e.target_dyn_into::<HtmlInputElement>() {
                cb.emit(Action::Deferred(Box::new(Action::Suite(code, t.checked()))));
            }
        });
        let implemented = crate::form::implemented(code);
        html! {
            <li>
                <label>
                    <input type="checkbox" data-testid={format!("input-suite-{code:04x}")}
                        checked={f.suites.contains(&code)} {onchange} />
                    { format!(" {code:04x} {name}") }
                    if implemented { { " ✔" } }
                </label>
            </li>
        }
    });
    let new_seed = {
        let cb = p.on_new_seed.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    let new_keys = {
        let cb = p.on_new_keys.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    let clock = {
        let cb = p.on_clock.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    let keygen_status = match (&p.keygen_progress, &p.keygen_error) {
        (_, Some(e)) => Some(
            html! { <p class="error" role="alert" data-testid="keygen-status">{ tf(lang, "keygen.failed", &[("error", e)]) }</p> },
        ),
        (Some(pr), None) => Some(html! {
            <p class="hint" data-testid="keygen-status" aria-live="polite">
                { tf(lang, "keygen.progress", &[("role", t(lang, &format!("keygen.role.{}", pr.role.as_str()))), ("index", &pr.index.to_string()), ("total", &pr.total.to_string()), ("bits", &pr.bits.to_string())]) }
                <progress max={pr.total.to_string()} value={pr.index.saturating_sub(1).to_string()}></progress>
            </p>
        }),
        (None, None) if p.keys_pending => Some(
            html! { <p class="hint" data-testid="keygen-status" aria-live="polite">{ t(lang, "ui.computing") }</p> },
        ),
        (None, None) if p.keys_generated => Some(
            html! { <p class="hint" data-testid="keygen-status">{ t(lang, "keygen.done") }</p> },
        ),
        _ => None,
    };
    html! {
        <section class="inputs" aria-labelledby="inputs-title" data-testid="inputs">
            <h2 id="inputs-title">{ t(lang, "ui.inputs") }</h2>
            <p class="lead">{ t(lang, "ui.changed") }{ ": Δ" }</p>
            <div class="fieldsets">
            <fieldset data-testid="version-inputs">
                <legend>{ t(lang, "input.version") }</legend>
                { version_select(lang, f.version, "f-version", "input-version", &p.on_action) }
            </fieldset>
            <fieldset>
                <legend>{ t(lang, "step.certificate.title") }</legend>
                { text(Input::CaName, &f.ca_name) }
                { text(Input::ServerName, &f.server_name) }
                { text(Input::Sans, &f.sans) }
                { text(Input::NotBefore, &f.not_before) }
                { text(Input::NotAfter, &f.not_after) }
                { checkbox(lang, Input::ChainDepth, f.intermediate, err(Input::ChainDepth), why(Input::ChainDepth), &p.on_action) }
                { key_select(lang, Input::CaKeyBits, f.key_bits[0], err(Input::CaKeyBits), &p.on_action) }
                { key_select(lang, Input::ServerKeyBits, f.key_bits[1], err(Input::ServerKeyBits), &p.on_action) }
                { key_select(lang, Input::ClientKeyBits, f.key_bits[2], err(Input::ClientKeyBits), &p.on_action) }
                <div class="field">
                    <button type="button" data-testid="new-keys" onclick={new_keys}>{ t(lang, "button.new_keys") }</button>
                    { keygen_status }
                </div>
            </fieldset>
            <fieldset>
                <legend>{ t(lang, "lane.client") }</legend>
                { text(Input::ClientHost, &f.client_host) }
                { checkbox(lang, Input::TrustCa, f.trust_ca, err(Input::TrustCa), why(Input::TrustCa), &p.on_action) }
                { checkbox(lang, Input::CheckRevocation, f.check_revocation, err(Input::CheckRevocation), why(Input::CheckRevocation), &p.on_action) }
                { text(Input::ExtraRoots, &f.extra_roots) }
                <fieldset class={classes!("suites", err(Input::Suites).is_some().then_some("invalid"), why(Input::Suites).is_some().then_some("unused"))}
                    data-testid="input-offered_suites" disabled={why(Input::Suites).is_some()}>
                    <legend>{ t(lang, "input.offered_suites") }</legend>
                    { unused_why("offered_suites", why(Input::Suites)) }
                    <ul>{ for suites }</ul>
                    <p class="hint">{ t(lang, "input.offered_suites.help") }</p>
                    if let Some(e) = err(Input::Suites) { <p class="error" role="alert" data-testid="error-offered_suites">{ e }</p> }
                </fieldset>
                { checkbox(lang, Input::Ems, f.ems, err(Input::Ems), why(Input::Ems), &p.on_action) }
                { checkbox(lang, Input::ClientAuth, f.client_auth, err(Input::ClientAuth), why(Input::ClientAuth), &p.on_action) }
                { text(Input::AppMessage, &f.app_message) }
            </fieldset>
            <fieldset data-testid="kx-inputs" disabled={why(Input::Kx).is_some()} class={classes!(why(Input::Kx).is_some().then_some("unused"))}>
                <legend>{ t(lang, "input.kx") }</legend>
                { unused_why("kx", why(Input::Kx)) }
                { kx_select(lang, f.kx, &p.on_action) }
                if f.kx.is_ephemeral() {
                    { group_select(lang, f.kx, f.group, &p.on_action) }
                    { text(Input::ClientEphemeral, &f.client_ephemeral) }
                    { text(Input::ServerEphemeral, &f.server_ephemeral) }
                }
            </fieldset>
            <fieldset data-testid="resume-inputs" disabled={why(Input::Resume).is_some()} class={classes!(why(Input::Resume).is_some().then_some("unused"))}>
                <legend>{ t(lang, "input.resume") }</legend>
                { unused_why("resume", why(Input::Resume)) }
                { resume_select(lang, f.resume, "f-resume", "input-resume", &p.on_action) }
                if f.resume == Resume::Ticket {
                    { text(Input::TicketKey, &f.ticket_key) }
                    <div class="field">{ rotate_button(lang, "new-ticket-key", &p.on_action) }</div>
                }
            </fieldset>
            <fieldset>
                <legend>{ t(lang, "input.client_random") }{ " · " }{ t(lang, "input.pre_master") }</legend>
                { text(Input::ClientRandom, &f.client_random) }
                { text(Input::ServerRandom, &f.server_random) }
                { text(Input::PreMaster, &f.pre_master) }
                { text(Input::SessionId, &f.session_id) }
            </fieldset>
            <fieldset>
                <legend>{ t(lang, "input.seed") }{ " · " }{ t(lang, "input.now") }</legend>
                <div class="field">
                    <span class="label">{ t(lang, "input.seed") }</span>
                    <code class="seed" data-testid="seed">{ hex::encode(p.seed) }</code>
                    <p class="hint">{ t(lang, "input.seed.help") }</p>
                    <button type="button" data-testid="new-seed" onclick={new_seed}>{ t(lang, "button.new_seed") }</button>
                </div>
                <div class="field">
                    <span class="label">{ t(lang, "input.now") }</span>
                    <code data-testid="now">{ crate::form::unix_to_datetime(p.now) }</code>
                    <p class="hint">{ t(lang, "input.now.help") }</p>
                    <button type="button" data-testid="use-clock" onclick={clock}>{ "⟳ " }{ t(lang, "input.now") }</button>
                </div>
            </fieldset>
            </div>
        </section>
    }
}
