//! One labelled, controlled text input (or textarea) with its hint and error message.

use crate::form::Input;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

/// Props of [`TextField`].
#[derive(Properties, PartialEq)]
pub struct TextFieldProps {
    /// which input
    pub input: Input,
    /// the label
    pub label: AttrValue,
    /// the value shown
    pub value: AttrValue,
    /// the error, if any
    #[prop_or_default]
    pub error: Option<String>,
    /// a hint under the input
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    /// `text` or `date`
    #[prop_or(AttrValue::Static("text"))]
    pub kind: AttrValue,
    /// a textarea?
    #[prop_or_default]
    pub multiline: bool,
    /// placeholder
    #[prop_or_default]
    pub placeholder: Option<AttrValue>,
    /// the copy inside a step's detail panel (issue 11): ids `i-<name>`, test ids `inline-<name>`
    #[prop_or_default]
    pub inline: bool,
    /// why the input has no meaning in this session (issue 15: TLS 1.3 ignores it): the control
    /// is disabled and the reason shown
    #[prop_or_default]
    pub unused: Option<AttrValue>,
    /// the value changed
    pub on_change: Callback<(Input, String)>,
}

/// The field.
#[function_component]
pub fn TextField(p: &TextFieldProps) -> Html {
    let name = p.input.name();
    let (pre, test) = if p.inline { ("i", "inline-") } else { ("", "") };
    let id = format!("{}-{name}", if p.inline { "i" } else { "f" });
    let err_id = format!("{pre}e-{name}");
    let hint_id = format!("{pre}h-{name}");
    let input = p.input;
    let why_id = format!("{pre}u-{name}");
    let described: Vec<&str> = [
        p.unused.as_ref().map(|_| why_id.as_str()),
        p.error.as_ref().map(|_| err_id.as_str()),
        p.hint.as_ref().map(|_| hint_id.as_str()),
    ]
    .into_iter()
    .flatten()
    .collect();
    let described = (!described.is_empty()).then(|| described.join(" "));
    let disabled = p.unused.is_some();
    let invalid = if p.error.is_some() { "true" } else { "false" };
    let control = if p.multiline {
        let cb = p.on_change.clone();
        let oninput = Callback::from(move |e: InputEvent| {
            if let Some(t) = e.target_dyn_into::<HtmlTextAreaElement>() {
                cb.emit((input, t.value()));
            }
        });
        html! {
            <textarea id={id.clone()} data-testid={if p.inline { format!("inline-{name}") } else { format!("input-{name}") }} value={p.value.clone()}
                rows="3" spellcheck="false" aria-invalid={invalid} aria-describedby={described} {disabled}
                placeholder={p.placeholder.clone()} {oninput} />
        }
    } else {
        let cb = p.on_change.clone();
        let oninput = Callback::from(move |e: InputEvent| {
            if let Some(t) = e.target_dyn_into::<HtmlInputElement>() {
                cb.emit((input, t.value()));
            }
        });
        html! {
            <input id={id.clone()} type={p.kind.clone()} data-testid={if p.inline { format!("inline-{name}") } else { format!("input-{name}") }} value={p.value.clone()}
                spellcheck="false" autocomplete="off" aria-invalid={invalid} aria-describedby={described} {disabled}
                placeholder={p.placeholder.clone()} {oninput} />
        }
    };
    html! {
        <div class={classes!("field", p.error.is_some().then_some("invalid"), disabled.then_some("unused"))}>
            <label for={id}>{ p.label.clone() }</label>
            { control }
            if let Some(u) = &p.unused { <p class="hint unused-why" id={why_id} data-testid={format!("{test}unused-{name}")}>{ u.clone() }</p> }
            if let Some(h) = &p.hint { <p class="hint" id={hint_id}>{ h.clone() }</p> }
            if let Some(e) = &p.error { <p class="error" id={err_id} role="alert" data-testid={format!("{test}error-{name}")}>{ e.clone() }</p> }
        </div>
    }
}
