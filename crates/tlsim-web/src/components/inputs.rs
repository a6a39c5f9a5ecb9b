//! The editable inputs: certificate, client, secrets and session. Every edit recomputes at once.

use super::text_field::TextField;
use crate::form::{Input, KEY_SIZES, SUITES};
use crate::form::Form;
use crate::state::Action;
use std::collections::BTreeMap;
use tlsim_core::scenario::TLS_RSA_WITH_AES_128_GCM_SHA256;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// Props of [`Inputs`].
#[derive(Properties, PartialEq)]
pub struct InputsProps {
    /// the inputs as typed
    pub form: Form,
    /// one message per invalid input
    pub errors: BTreeMap<Input, String>,
    /// the session seed
    pub seed: [u8; 32],
    /// the client's clock
    pub now: i64,
    /// the note under the key size
    pub key_note: Option<String>,
    /// dispatch
    pub on_action: Callback<Action>,
    /// draw a new seed
    pub on_new_seed: Callback<()>,
    /// set `now` to the browser clock
    pub on_clock: Callback<()>,
}

fn checkbox(input: Input, label: &str, checked: bool, hint: Option<&str>, err: Option<&String>, cb: &Callback<Action>) -> Html {
    let cb = cb.clone();
    let name = input.name();
    let onchange = Callback::from(move |e: Event| {
        if let Some(t) = e.target_dyn_into::<HtmlInputElement>() {
            cb.emit(Action::Flag(input, t.checked()));
        }
    });
    html! {
        <div class={classes!("field", "check", err.is_some().then_some("invalid"))}>
            <label>
                <input type="checkbox" data-testid={format!("input-{name}")} checked={checked} {onchange} />
                { " " }{ label.to_string() }
            </label>
            if let Some(h) = hint { <p class="hint">{ h.to_string() }</p> }
            if let Some(e) = err { <p class="error" role="alert" data-testid={format!("error-{name}")}>{ e.clone() }</p> }
        </div>
    }
}

/// The form.
#[function_component]
pub fn Inputs(p: &InputsProps) -> Html {
    let f = &p.form;
    let err = |i: Input| p.errors.get(&i).cloned();
    let on_text = {
        let cb = p.on_action.clone();
        Callback::from(move |(i, v): (Input, String)| cb.emit(Action::Text(i, v)))
    };
    let on_bits = {
        let cb = p.on_action.clone();
        Callback::from(move |e: Event| {
            if let Some(sel) = e.target_dyn_into::<HtmlSelectElement>() {
                if let Ok(b) = sel.value().parse::<u32>() {
                    cb.emit(Action::KeyBits(b));
                }
            }
        })
    };
    let suites = SUITES.iter().map(|&(code, name)| {
        let cb = p.on_action.clone();
        let onchange = Callback::from(move |e: Event| {
            if let Some(t) = e.target_dyn_into::<HtmlInputElement>() {
                cb.emit(Action::Suite(code, t.checked()));
            }
        });
        let implemented = code == TLS_RSA_WITH_AES_128_GCM_SHA256;
        html! {
            <li>
                <label>
                    <input type="checkbox" data-testid={format!("input-suite-{code:04x}")}
                        checked={f.suites.contains(&code)} {onchange} />
                    { format!(" 0x{code:04x} {name}") }
                    if implemented { <span class="badge">{ "implemented" }</span> }
                </label>
            </li>
        }
    });
    let new_seed = { let cb = p.on_new_seed.clone(); Callback::from(move |_: MouseEvent| cb.emit(())) };
    let clock = { let cb = p.on_clock.clone(); Callback::from(move |_: MouseEvent| cb.emit(())) };
    let key_note = p.key_note.clone();
    html! {
        <section class="inputs" aria-labelledby="inputs-title" data-testid="inputs">
            <h2 id="inputs-title">{ "Change the inputs" }</h2>
            <p class="lead">{ "Every edit reruns the whole session at once; steps whose bytes or values changed are marked \"changed\"." }</p>
            <div class="fieldsets">
            <fieldset>
                <legend>{ "Certificate" }</legend>
                <TextField input={Input::CaName} label="CA name" value={f.ca_name.clone()} error={err(Input::CaName)} on_change={on_text.clone()} />
                <TextField input={Input::ServerName} label="Server name (subject CN)" value={f.server_name.clone()} error={err(Input::ServerName)} on_change={on_text.clone()} />
                <TextField input={Input::Sans} label="Subject alternative names (comma list)" value={f.sans.clone()} error={err(Input::Sans)}
                    hint={Some(AttrValue::from("The host names the certificate is valid for; *.example.com allowed."))} on_change={on_text.clone()} />
                <TextField input={Input::NotBefore} kind="date" label="Valid from (not before)" value={f.not_before.clone()} error={err(Input::NotBefore)} on_change={on_text.clone()} />
                <TextField input={Input::NotAfter} kind="date" label="Valid until (not after)" value={f.not_after.clone()} error={err(Input::NotAfter)} on_change={on_text.clone()} />
                <div class={classes!("field", err(Input::KeyBits).is_some().then_some("invalid"))}>
                    <label for="f-key-bits">{ "RSA key size (CA, server, client)" }</label>
                    <select id="f-key-bits" data-testid="input-key-bits" onchange={on_bits}>
                        { for KEY_SIZES.iter().map(|&b| html! {
                            <option value={b.to_string()} selected={b == f.key_bits}>{ format!("{b} bits{}", if b < 2048 { " (learning only)" } else { "" }) }</option>
                        }) }
                    </select>
                    if let Some(n) = key_note { <p class="hint" data-testid="key-note">{ n }</p> }
                    if let Some(e) = err(Input::KeyBits) { <p class="error" role="alert" data-testid="error-key-bits">{ e }</p> }
                </div>
            </fieldset>
            <fieldset>
                <legend>{ "Client" }</legend>
                <TextField input={Input::ClientHost} label="Host the client wants (SNI)" value={f.client_host.clone()} error={err(Input::ClientHost)} on_change={on_text.clone()} />
                { checkbox(Input::TrustCa, "Trust store holds the teaching CA", f.trust_ca, None, err(Input::TrustCa).as_ref(), &p.on_action) }
                <TextField input={Input::ExtraRoots} multiline=true label="Extra trusted roots (PEM certificates)" value={f.extra_roots.clone()} error={err(Input::ExtraRoots)}
                    placeholder={Some(AttrValue::from("-----BEGIN CERTIFICATE-----"))} on_change={on_text.clone()} />
                <fieldset class={classes!("suites", err(Input::Suites).is_some().then_some("invalid"))} data-testid="input-suites">
                    <legend>{ "Cipher suites offered" }</legend>
                    <ul>{ for suites }</ul>
                    <p class="hint">{ "Only 0x009c is implemented; the server picks it if offered." }</p>
                    if let Some(e) = err(Input::Suites) { <p class="error" role="alert" data-testid="error-suites">{ e }</p> }
                </fieldset>
                { checkbox(Input::Ems, "Offer extended master secret (RFC 7627)", f.ems, Some("Binds the master secret to the whole handshake."), err(Input::Ems).as_ref(), &p.on_action) }
                { checkbox(Input::ClientAuth, "Server asks for a client certificate (mutual TLS)", f.client_auth, None, err(Input::ClientAuth).as_ref(), &p.on_action) }
                <TextField input={Input::AppMessage} multiline=true label="Application message" value={f.app_message.clone()} error={err(Input::AppMessage)} on_change={on_text.clone()} />
            </fieldset>
            <fieldset>
                <legend>{ "Randoms and secrets (hex; empty = from the seed)" }</legend>
                <TextField input={Input::ClientRandom} label="Client random (32 bytes)" value={f.client_random.clone()} error={err(Input::ClientRandom)}
                    placeholder={Some(AttrValue::from("64 hex digits"))} on_change={on_text.clone()} />
                <TextField input={Input::ServerRandom} label="Server random (32 bytes)" value={f.server_random.clone()} error={err(Input::ServerRandom)}
                    placeholder={Some(AttrValue::from("64 hex digits"))} on_change={on_text.clone()} />
                <TextField input={Input::PreMaster} label="Pre-master secret (48 bytes)" value={f.pre_master.clone()} error={err(Input::PreMaster)}
                    placeholder={Some(AttrValue::from("96 hex digits, starting 0303"))} on_change={on_text.clone()} />
                <TextField input={Input::SessionId} label="Session ID (0–32 bytes)" value={f.session_id.clone()} error={err(Input::SessionId)}
                    placeholder={Some(AttrValue::from("up to 64 hex digits"))} on_change={on_text.clone()} />
            </fieldset>
            <fieldset>
                <legend>{ "Session" }</legend>
                <div class="field">
                    <span class="label">{ "Seed (every random byte comes from it)" }</span>
                    <code class="seed" data-testid="seed">{ hex::encode(p.seed) }</code>
                    <button type="button" data-testid="new-seed" onclick={new_seed}>{ "New seed" }</button>
                </div>
                <div class="field">
                    <span class="label">{ "Client's clock (now)" }</span>
                    <code data-testid="now">{ crate::form::unix_to_datetime(p.now) }</code>
                    <button type="button" data-testid="use-clock" onclick={clock}>{ "Use my clock" }</button>
                </div>
            </fieldset>
            </div>
        </section>
    }
}
