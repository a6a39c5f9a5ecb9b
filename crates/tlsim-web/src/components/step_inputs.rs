//! "Edit where you look" (issue 11): the inputs that shape one step, inside its detail panel. They
//! are the form's own inputs (same state, same validation, same messages), shown again next to
//! what they change; the full form below the stage stays for everything at once.

use super::text_field::TextField;
use crate::form::{Form, Input, Msg, SUITES};
use crate::i18n::{t, Lang};
use crate::state::Action;
use std::collections::BTreeMap;
use tlsim_core::{FieldName, StepKey, Transcript};
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// The inputs that shape a step, in form order.
pub fn inputs_for(key: StepKey) -> &'static [Input] {
    use Input::*;
    match key {
        StepKey::IssueCaCert => &[CaName],
        StepKey::IssueServerCert | StepKey::Certificate | StepKey::Certificate13 => {
            &[ServerName, Sans, NotBefore, NotAfter, CaName, ChainDepth]
        }
        StepKey::ServerCsr | StepKey::VerifyCsr => &[ServerName, Sans],
        StepKey::IssueIntermediateCert => &[ChainDepth, CaName],
        StepKey::PublishCrl => &[CheckRevocation],
        StepKey::IssueClientCert | StepKey::CertificateRequest | StepKey::ClientCertificate => {
            &[ClientAuth]
        }
        StepKey::ClientHello => &[Version, ClientRandom, Suites, Ems, ClientHost],
        StepKey::ClientHello13 | StepKey::ClientHello13Retry => &[Version, ClientHost],
        StepKey::ServerHello => &[ServerRandom, SessionId],
        StepKey::VerifyServerCert => &[
            ClientHost,
            TrustCa,
            NotBefore,
            NotAfter,
            ChainDepth,
            CheckRevocation,
            ExtraRoots,
        ],
        StepKey::ClientKeyExchange => &[PreMaster, ClientEphemeral],
        StepKey::DecryptPreMaster => &[PreMaster],
        StepKey::ServerKeyExchange | StepKey::VerifyServerKeyExchange => &[ServerEphemeral],
        StepKey::ComputeSharedServer => &[ServerEphemeral, ClientEphemeral],
        StepKey::DeriveKeysClient | StepKey::DeriveKeysServer => {
            &[PreMaster, ClientRandom, ServerRandom, Ems]
        }
        StepKey::AppDataClient | StepKey::AppDataServer => &[AppMessage],
        StepKey::Reconnect | StepKey::StoreSession => &[Resume],
        StepKey::NewSessionTicket | StepKey::LookupSession => &[TicketKey, Resume],
        _ => &[],
    }
}

/// The input field `fi` of step `step` comes from, if the learner sets it. In a chain only the
/// server's own certificate counts (the first of a Certificate message), and its issuer is the
/// CA name only when the root signed it (chain depth 1: the issuer bytes are the root's subject).
pub fn input_of_field(t: &Transcript, step: usize, fi: usize) -> Option<Input> {
    use FieldName as F;
    let st = t.steps.get(step)?;
    let field = st.fields.get(fi)?;
    let key = st.key;
    let cert = matches!(
        key,
        StepKey::IssueServerCert | StepKey::Certificate | StepKey::Certificate13
    );
    if matches!(key, StepKey::Certificate | StepKey::Certificate13) {
        let nth = st.fields[..=fi]
            .iter()
            .filter(|f| f.name == F::Certificate)
            .count();
        if nth > 1 {
            return None;
        }
    }
    // The second connection's randoms and session ID are its own (new randoms; the session's
    // ID), not the inputs of the first.
    let second = t.reconnect_at.is_some_and(|at| step >= at);
    if second && matches!(field.name, F::Random | F::SessionId) {
        return None;
    }
    let bytes = |s: &tlsim_core::Step, f: &tlsim_core::Field| {
        s.bytes.get(f.offset..f.offset + f.len).map(<[u8]>::to_vec)
    };
    let root_subject = || {
        let root = t.steps.iter().find(|s| s.key == StepKey::IssueCaCert)?;
        let subject = root.fields.iter().find(|f| f.name == F::Subject)?;
        bytes(root, subject)
    };
    Some(match (key, field.name) {
        (StepKey::ClientHello, F::Random) => Input::ClientRandom,
        (StepKey::ClientHello, F::CipherSuites | F::CipherSuite) => Input::Suites,
        (StepKey::ClientHello, F::ServerName) => Input::ClientHost,
        (StepKey::ClientHello13 | StepKey::ClientHello13Retry, F::ServerName) => Input::ClientHost,
        (StepKey::ClientHello, F::ExtendedMasterSecret) => Input::Ems,
        (StepKey::ServerHello, F::Random) => Input::ServerRandom,
        (StepKey::ServerHello, F::SessionId) => Input::SessionId,
        (StepKey::IssueCaCert, F::Subject | F::Issuer) => Input::CaName,
        (StepKey::ServerCsr, F::Subject) => Input::ServerName,
        (StepKey::ServerCsr, F::SubjectAltName) => Input::Sans,
        (_, F::Subject) if cert => Input::ServerName,
        (_, F::Issuer) if cert && bytes(st, field).is_some_and(|b| Some(b) == root_subject()) => {
            Input::CaName
        }
        (_, F::NotBefore) if cert => Input::NotBefore,
        (_, F::NotAfter) if cert => Input::NotAfter,
        (_, F::SubjectAltName) if cert => Input::Sans,
        (StepKey::ClientKeyExchange, F::EncryptedPreMaster) => Input::PreMaster,
        (StepKey::AppDataClient | StepKey::AppDataServer, F::EncryptedContent) => Input::AppMessage,
        _ => return None,
    })
}

/// The DOM id of an inline input (`<label for>` and focus target).
pub fn inline_id(input: Input) -> String {
    format!("i-{}", input.name())
}

/// Put the keyboard focus on the inline editor of `input` (and select its text), if it is shown.
pub fn focus_inline(input: Input) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let id = match input {
        // the suites are a group of checkboxes: focus the first
        Input::Suites => format!("i-suite-{:04x}", SUITES[0]),
        i => inline_id(i),
    };
    if let Some(el) = doc.get_element_by_id(&id) {
        if let Ok(h) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el.clone()) {
            let _ = h.focus();
            h.scroll_into_view_with_bool(false);
        }
        if let Ok(i) = wasm_bindgen::JsCast::dyn_into::<HtmlInputElement>(el) {
            if i.type_() == "text" {
                i.select();
            }
        }
    }
}

/// What the step editors need from the page, given as a context so that a keystroke re-renders
/// the editors (and the form), not the whole detail panel around them.
#[derive(Clone, PartialEq)]
pub struct EditContext {
    /// the inputs as typed
    pub form: Form,
    /// one message per invalid input
    pub errors: BTreeMap<Input, Msg>,
    /// dispatch
    pub on_action: Callback<Action>,
}

/// Props of [`StepInputs`].
#[derive(Properties, PartialEq)]
pub struct StepInputsProps {
    /// the step's key
    pub step_key: StepKey,
    /// page language
    pub lang: Lang,
}

fn checkbox(
    lang: Lang,
    input: Input,
    checked: bool,
    err: Option<String>,
    cb: &Callback<Action>,
) -> Html {
    let cb = cb.clone();
    let name = input.name();
    let onchange = Callback::from(move |e: Event| {
        if let Some(t) = e.target_dyn_into::<HtmlInputElement>() {
            cb.emit(Action::Deferred(Box::new(Action::Flag(input, t.checked()))));
        }
    });
    html! {
        <div class={classes!("field", "check", err.is_some().then_some("invalid"))}>
            <label>
                <input type="checkbox" id={inline_id(input)} data-testid={format!("inline-{name}")} checked={checked} {onchange} />
                { " " }{ t(lang, &format!("input.{name}")) }
            </label>
            if let Some(e) = err { <p class="error" role="alert" data-testid={format!("inline-error-{name}")}>{ e }</p> }
        </div>
    }
}

/// The inline editor of one step.
#[function_component]
pub fn StepInputs(props: &StepInputsProps) -> Html {
    let lang = props.lang;
    let Some(p) = use_context::<EditContext>() else {
        return html! {};
    };
    let f = &p.form;
    // The pre-master is the learner's only with RSA key exchange; the ephemeral secrets only with
    // DHE and ECDHE.
    let ephemeral = f.kx.is_ephemeral();
    // What TLS 1.3 has no use for is not offered next to its steps (the full form says why).
    let unused = crate::form::unused_inputs(f.version, &crate::form::UNUSED_IN_TLS13, &[]);
    let wanted: Vec<Input> = inputs_for(props.step_key)
        .iter()
        .copied()
        .filter(|i| !unused.contains_key(i))
        .filter(|i| match i {
            Input::PreMaster => !ephemeral,
            Input::ClientEphemeral | Input::ServerEphemeral => ephemeral,
            Input::TicketKey => f.resume == tlsim_core::scenario::Resume::Ticket,
            _ => true,
        })
        .collect();
    if wanted.is_empty() {
        return html! {};
    }
    let err = |i: Input| p.errors.get(&i).map(|m| m.render(lang));
    let on_text = {
        let cb = p.on_action.clone();
        Callback::from(move |(i, v): (Input, String)| {
            cb.emit(Action::Deferred(Box::new(Action::Text(i, v))))
        })
    };
    let control = |input: Input| -> Html {
        let name = input.name();
        let text = |value: &String| {
            html! {
                <TextField input={input} inline={true} label={t(lang, &format!("input.{name}"))} value={value.clone()}
                    error={err(input)} on_change={on_text.clone()}
                    kind={if matches!(input, Input::NotBefore | Input::NotAfter) { "date" } else { "text" }}
                    multiline={matches!(input, Input::ExtraRoots | Input::AppMessage)} />
            }
        };
        match input {
            Input::CaName => text(&f.ca_name),
            Input::ServerName => text(&f.server_name),
            Input::Sans => text(&f.sans),
            Input::ClientHost => text(&f.client_host),
            Input::NotBefore => text(&f.not_before),
            Input::NotAfter => text(&f.not_after),
            Input::ClientRandom => text(&f.client_random),
            Input::ServerRandom => text(&f.server_random),
            Input::PreMaster => text(&f.pre_master),
            Input::SessionId => text(&f.session_id),
            Input::ExtraRoots => text(&f.extra_roots),
            Input::AppMessage => text(&f.app_message),
            Input::ClientEphemeral => text(&f.client_ephemeral),
            Input::ServerEphemeral => text(&f.server_ephemeral),
            Input::TicketKey => html! {
                <>
                { text(&f.ticket_key) }
                { super::inputs::rotate_button(lang, "inline-new-ticket-key", &p.on_action) }
                </>
            },
            Input::Version => super::inputs::version_select(
                lang,
                f.version,
                &inline_id(input),
                "inline-version",
                &p.on_action,
            ),
            Input::Resume => super::inputs::resume_select(
                lang,
                f.resume,
                &inline_id(input),
                "inline-resume",
                &p.on_action,
            ),
            Input::TrustCa => checkbox(lang, input, f.trust_ca, err(input), &p.on_action),
            Input::Ems => checkbox(lang, input, f.ems, err(input), &p.on_action),
            Input::ClientAuth => checkbox(lang, input, f.client_auth, err(input), &p.on_action),
            Input::ChainDepth => checkbox(lang, input, f.intermediate, err(input), &p.on_action),
            Input::CheckRevocation => {
                checkbox(lang, input, f.check_revocation, err(input), &p.on_action)
            }
            Input::Suites => {
                let items = SUITES.iter().map(|&code| {
                    let cb = p.on_action.clone();
                    let onchange = Callback::from(move |e: Event| {
                        if let Some(t) = e.target_dyn_into::<HtmlInputElement>() {
                            cb.emit(Action::Deferred(Box::new(Action::Suite(code, t.checked()))));
                        }
                    });
                    html! {
                        <li><label>
                            <input type="checkbox" id={format!("i-suite-{code:04x}")} data-testid={format!("inline-suite-{code:04x}")}
                                checked={f.suites.contains(&code)} {onchange} />
                            { format!(" {code:04x} {}", crate::form::suite_name(code)) }
                        </label></li>
                    }
                });
                html! {
                    <fieldset class={classes!("suites", err(input).is_some().then_some("invalid"))} data-testid="inline-offered_suites">
                        <legend>{ t(lang, "input.offered_suites") }</legend>
                        <ul>{ for items }</ul>
                        if let Some(e) = err(input) { <p class="error" role="alert" data-testid="inline-error-offered_suites">{ e }</p> }
                    </fieldset>
                }
            }
            // key sizes are set in the full form (they start the key worker)
            _ => html! {},
        }
    };
    html! {
        <section class="step-inputs" data-testid="step-inputs" aria-labelledby="step-inputs-title">
            <h3 id="step-inputs-title">{ t(lang, "edit.title") }</h3>
            <p class="hint">{ t(lang, "edit.hint") }</p>
            <div class="step-inputs-grid">
                { for wanted.iter().map(|&i| control(i)) }
            </div>
        </section>
    }
}
