//! The detail panel of the current step: what happened and why, the checks, the derived values
//! with formula and inputs, and the fields with their bytes.

use super::hex_view::HexView;
use crate::text;
use std::rc::Rc;
use tlsim_core::{Outcome, StepKind, Transcript};
use yew::prelude::*;

/// Props of [`Detail`].
#[derive(Properties, PartialEq)]
pub struct DetailProps {
    /// the transcript
    pub transcript: Rc<Transcript>,
    /// the step shown
    pub step: usize,
    /// hovered field
    pub hover: Option<usize>,
    /// hover a field
    pub on_hover: Callback<Option<usize>>,
    /// changed by the last edit?
    pub changed: bool,
}

fn kind_name(k: StepKind) -> &'static str {
    match k {
        StepKind::Issue => "certificate issuance",
        StepKind::Message => "message on the wire",
        StepKind::Compute => "local computation",
        StepKind::Tamper => "tampering in flight",
        StepKind::Alert => "alert",
    }
}

/// The panel.
#[function_component]
pub fn Detail(p: &DetailProps) -> Html {
    let Some(s) = p.transcript.steps.get(p.step) else {
        return html! { <section class="detail" data-testid="detail"><p>{ "No step." }</p></section> };
    };
    let failed_here = matches!(&p.transcript.outcome, Outcome::Failed { step, .. } if *step == p.step);
    let explain = text::explain(&s.key);
    let alert = s.alert.map(|a| html! {
        <div class="alert-box" data-testid="detail-alert">
            <p><strong>{ "Alert sent: " }</strong><code>{ format!("{}({})", a.name(), a.code()) }</code></p>
            <p>{ text::alert_meaning(a) }</p>
        </div>
    });
    let failure = match &p.transcript.outcome {
        Outcome::Failed { step, reason, alert, .. } if *step == p.step => Some(html! {
            <div class="alert-box" data-testid="detail-failure">
                <p><strong>{ "This step failed: " }</strong>{ reason.clone() }</p>
                <p>{ format!("A real peer answers with the fatal alert {}({}). ", alert.name(), alert.code()) }{ text::alert_meaning(*alert) }</p>
            </div>
        }),
        _ => None,
    };
    let checks = (!s.checks.is_empty()).then(|| html! {
        <section class="checks">
            <h3>{ "Checks" }</h3>
            <ul>
            { for s.checks.iter().map(|c| html! {
                <li class={if c.ok { "pass" } else { "fail" }} data-check={c.name.clone()} data-ok={c.ok.to_string()}>
                    <span class="mark" aria-hidden="true">{ if c.ok { "✔" } else { "✘" } }</span>
                    <strong>{ format!("{}: {}", c.name, if c.ok { "pass" } else { "FAIL" }) }</strong>
                    <span class="check-detail">{ c.detail.clone() }</span>
                </li>
            }) }
            </ul>
        </section>
    });
    let derived = (!s.derived.is_empty()).then(|| html! {
        <section class="derived">
            <h3>{ "Computed at this step" }</h3>
            { for s.derived.iter().map(|d| html! {
                <div class="derived-item" data-derived={d.name.clone()}>
                    <h4>{ d.name.clone() }</h4>
                    <p class="formula"><code>{ format!("{} = {}", d.name, d.formula) }</code></p>
                    if !d.inputs.is_empty() {
                        <dl class="inputs">
                        { for d.inputs.iter().map(|(k, v)| html! {
                            <><dt>{ k.clone() }</dt><dd><code>{ v.clone() }</code></dd></>
                        }) }
                        </dl>
                    }
                    <p class="value"><span class="value-label">{ format!("{} ({} bytes) = ", d.name, d.value.len()) }</span><code>{ hex::encode(&d.value) }</code></p>
                </div>
            }) }
        </section>
    });
    let fields = (!s.fields.is_empty()).then(|| html! {
        <ul class="fields" aria-label="Fields (hover or focus one to light its bytes)">
            { for s.fields.iter().enumerate().map(|(fi, f)| {
                let enter = { let cb = p.on_hover.clone(); Callback::from(move |_: MouseEvent| cb.emit(Some(fi))) };
                let focus = { let cb = p.on_hover.clone(); Callback::from(move |_: FocusEvent| cb.emit(Some(fi))) };
                let lit = p.hover == Some(fi);
                html! {
                    <li class={classes!(format!("d{}", f.depth.min(5)), format!("c{}", fi % 6), lit.then_some("lit"))}
                        tabindex="0" data-field={fi.to_string()} data-name={f.name.clone()}
                        onmouseenter={enter} onfocus={focus}>
                        <span class="fname">{ f.name.clone() }</span>
                        <span class="fpos">{ format!("@{} +{}", f.offset, f.len) }</span>
                        <span class="fmeaning">{ f.meaning.clone() }</span>
                    </li>
                }
            }) }
        </ul>
    });
    let on_leave = { let cb = p.on_hover.clone(); Callback::from(move |_: MouseEvent| cb.emit(None)) };
    html! {
        <section class={classes!("detail", failed_here.then_some("failed"))} data-testid="detail"
            data-step={p.step.to_string()} data-key={s.key.clone()} aria-live="polite">
            <header>
                <p class="crumb">{ format!("Step {} of {} · {} · {} → {}", p.step + 1, p.transcript.steps.len(),
                    kind_name(s.kind), text::actor(s.from), text::actor(s.to)) }
                    if p.changed { <span class="badge changed">{ "changed by your edit" }</span> }
                </p>
                <h2 data-testid="detail-title">{ s.title.clone() }</h2>
            </header>
            { failure }
            if !explain.is_empty() { <p class="explain" data-testid="explain">{ explain }</p> }
            if !s.note.is_empty() { <p class="note" data-testid="note">{ s.note.clone() }</p> }
            if let Some(w) = text::rsa_weakness(&s.key) { <p class="weakness" data-testid="weakness">{ w }</p> }
            { alert }
            { checks }
            { derived }
            <section class="bytes" onmouseleave={on_leave}>
                <h3>{ format!("Bytes ({})", s.bytes.len()) }</h3>
                { fields.unwrap_or_default() }
                <HexView bytes={s.bytes.clone()} fields={s.fields.clone()} hover={p.hover} on_hover={p.on_hover.clone()} />
            </section>
        </section>
    }
}
