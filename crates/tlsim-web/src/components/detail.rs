//! The detail panel of the current step: what happened and why, the checks, the derived values
//! with formula and inputs, and the fields with their bytes.

use super::deferred::Deferred;
use super::hex_view::HexView;
use super::math::math_panel_marked;
use super::moment::MomentView;
use super::step_inputs::{focus_inline, input_of_field, StepInputs};
use crate::i18n::{self, t, tf, Lang};
use std::rc::Rc;
use tlsim_core::{Outcome, StepKey, Transcript};
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
    /// page language
    pub lang: Lang,
    /// show the step's editors (not in embeds; their data comes from the `step_inputs::EditContext`)
    #[prop_or(true)]
    pub editable: bool,
    /// the transcript before the last edit (what changed is marked)
    #[prop_or_default]
    pub previous: Option<Rc<Transcript>>,
    /// the playback speed (index into `state::SPEEDS`): the pace of the moment's frames
    #[prop_or(1)]
    pub speed: usize,
}

/// A value, folded when long (a whole tbsCertificate is ~1,500 hex digits).
fn long_value(v: &str) -> Html {
    if v.chars().count() <= 160 {
        return html! { <code>{ v.to_string() }</code> };
    }
    let head: String = v.chars().take(64).collect();
    html! {
        <details>
            <summary><code>{ format!("{head}…") }</code>{ format!(" ({})", v.chars().count()) }</summary>
            <code>{ v.to_string() }</code>
        </details>
    }
}

/// The panel.
#[function_component]
pub fn Detail(p: &DetailProps) -> Html {
    let lang = p.lang;
    // A click on a byte whose field is an input opens that input for editing.
    // Made again only when what it reads changes, so the hex view is not re-rendered by an
    // edit that leaves this step as it was (issue 11).
    let on_pick = (*use_memo(
        (p.transcript.clone(), p.step, p.editable),
        |(t, step, editable)| {
            let (t, step, editable) = (t.clone(), *step, *editable);
            Callback::from(move |fi: Option<usize>| {
                let input = fi.and_then(|i| input_of_field(&t, step, i));
                if let (true, Some(i)) = (editable, input) {
                    focus_inline(i);
                }
            })
        },
    ))
    .clone();
    let Some(s) = p.transcript.steps.get(p.step) else {
        return html! { <section class="detail" data-testid="detail"></section> };
    };
    let failed_here = crate::state::failed_steps(&p.transcript).contains(&p.step);
    // The RSA weakness note belongs to RSA key exchange only (not to a DHE/ECDHE
    // ClientKeyExchange).
    let rsa_kx = p.transcript.cipher_suite.is_none_or(|c| {
        tlsim_core::kx::KxAlg::of(tlsim_core::msgs::CipherSuite::from_value(c))
            .is_none_or(|k| k == tlsim_core::kx::KxAlg::Rsa)
    });
    // What the last edit changed here: the bytes that differ, the values that differ.
    let before = p
        .previous
        .as_deref()
        .and_then(|old| crate::state::matching_step(old, &p.transcript, p.step));
    let bytes_before = before
        .filter(|b| b.bytes != s.bytes)
        .map(|b| Rc::new(b.bytes.clone()));
    let changed_values =
        crate::changes::changed_values(p.previous.as_deref(), &p.transcript, p.step);
    let value_changed = |di: usize| -> bool { changed_values.get(di).copied().unwrap_or(false) };
    let math_of = |di: usize| {
        let d = &s.derived[di];
        let m = d.math.as_deref()?;
        let marked = if p.changed && value_changed(di) {
            let old = crate::changes::value_before(before, s, di).and_then(|b| b.math.as_deref());
            crate::changes::changed_numbers(old, m)
        } else {
            Default::default()
        };
        Some(math_panel_marked(lang, d.name.name(), m, &d.value, marked))
    };
    let explain = i18n::step_explain(lang, s.key);
    let alert = s.alert.map(|a| html! {
        <div class="alert-box" data-testid="detail-alert">
            <p><strong>{ t(lang, "detail.alert") }{ ": " }</strong><code>{ format!("{}({})", a.name(), a.code()) }</code></p>
            <p>{ i18n::alert_meaning(lang, a) }</p>
        </div>
    });
    let failure = match &p.transcript.outcome {
        Outcome::Failed {
            step,
            reason,
            alert,
            by,
        } if failed_here => Some(html! {
            <div class="alert-box" data-testid="detail-failure">
                <p><strong>{ t(lang, "ui.failed_step") }{ ": " }</strong>
                    { tf(lang, "outcome.failure", &[("step", &(step + 1).to_string()), ("by", i18n::actor_label(lang, *by)), ("alert", &format!("{}({})", alert.name(), alert.code()))]) }</p>
                <p data-testid="failure-reason">{ tf(lang, "outcome.reason", &[("reason", &i18n::render(lang, reason))]) }</p>
                <p>{ i18n::alert_meaning(lang, *alert) }</p>
            </div>
        }),
        _ => None,
    };
    let checks = (!s.checks.is_empty()).then(|| html! {
        <section class="checks">
            <h3>{ t(lang, "detail.checks") }</h3>
            <ul>
            { for s.checks.iter().map(|c| html! {
                <li class={if c.ok { "pass" } else { "fail" }} data-check={c.name.name()} data-ok={c.ok.to_string()}>
                    <span class="mark" aria-hidden="true">{ if c.ok { "✔" } else { "✘" } }</span>
                    <strong>{ format!("{}: {}", i18n::check_label(lang, c.name), t(lang, if c.ok { "detail.check_pass" } else { "detail.check_fail" })) }</strong>
                    <span class="check-detail">{ i18n::render(lang, &c.detail) }</span>
                </li>
            }) }
            </ul>
        </section>
    });
    let derived = (!s.derived.is_empty()).then(|| html! {
        <section class="derived">
            <h3>{ t(lang, "detail.derived") }</h3>
            // the TLS 1.3 key schedule as a ladder (inside this section: an empty node between
            // the optional sections made Yew lose its place, "failed to insert node before next
            // sibling", walking mutual_tls from step 12 to 14)
            <div class="ks-slot">{ super::key_schedule::ladder(lang, &s.derived) }</div>
            { for s.derived.iter().enumerate().map(|(di, d)| html! {
                <div class={classes!("derived-item", (p.changed && value_changed(di)).then_some("delta"))} key={format!("{}-{di}", p.step)} data-derived={d.name.name()}
                    data-changed={(p.changed && value_changed(di)).to_string()}>
                    <h4>{ d.name.name() }
                        if p.changed && value_changed(di) { <span class="badge changed">{ "Δ " }{ t(lang, "ui.changed") }</span> }
                    </h4>
                    if !d.formula.is_empty() {
                        <p class="formula"><span class="value-label">{ t(lang, "detail.formula") }{ ": " }</span><code>{ d.formula.clone() }</code></p>
                    }
                    if let Some(a) = &d.aside { <p class="aside">{ i18n::render(lang, a) }</p> }
                    if !d.inputs.is_empty() {
                        <dl class="inputs" aria-label={t(lang, "detail.inputs")}>
                        { for d.inputs.iter().map(|(k, v)| html! {
                            <><dt>{ k.name() }</dt><dd>{ long_value(v) }</dd></>
                        }) }
                        </dl>
                    }
                    <p class="value"><span class="value-label">{ format!("{} ({}): ", t(lang, "detail.value"), tf(lang, "detail.bytes_count", &[("count", &d.value.len().to_string())])) }</span><code>{ hex::encode(&d.value) }</code></p>
                    { math_of(di).unwrap_or_default() }
                </div>
            }) }
        </section>
    });
    let fields = (!s.fields.is_empty()).then(|| html! {
        <ul class="fields" aria-label={t(lang, "ui.hover_hint")} data-testid="fields">
            { for s.fields.iter().enumerate().map(|(fi, f)| {
                let enter = { let cb = p.on_hover.clone(); Callback::from(move |_: MouseEvent| cb.emit(Some(fi))) };
                let focus = { let cb = p.on_hover.clone(); Callback::from(move |_: FocusEvent| cb.emit(Some(fi))) };
                let lit = p.hover == Some(fi);
                let input = p.editable.then(|| input_of_field(&p.transcript, p.step, fi)).flatten();
                let pick = input.map(|i| Callback::from(move |_: MouseEvent| focus_inline(i)));
                let key = input.map(|i| Callback::from(move |e: KeyboardEvent| {
                    if e.key() == "Enter" {
                        e.prevent_default();
                        focus_inline(i);
                    }
                }));
                html! {
                    <li class={classes!(format!("d{}", f.depth.min(5)), format!("c{}", fi % 6), lit.then_some("lit"), input.is_some().then_some("editable"))}
                        tabindex="0" data-field={fi.to_string()} data-name={f.name.name()}
                        data-input={input.map(|i| i.name())} title={input.map(|_| t(lang, "edit.field_hint"))}
                        onmouseenter={enter} onfocus={focus} onclick={pick} onkeydown={key}>
                        <span class="fname">{ f.name.name() }</span>
                        <span class="fpos">{ format!("@{} +{}", f.offset, f.len) }</span>
                        <span class="fmeaning">{ i18n::render(lang, &f.meaning) }</span>
                    </li>
                }
            }) }
        </ul>
    });
    let on_leave = {
        let cb = p.on_hover.clone();
        Callback::from(move |_: MouseEvent| cb.emit(None))
    };
    html! {
        // Focusable and named by its title: the panel scrolls on its own (sticky beside the
        // diagram), and a keyboard user must be able to scroll it (axe scrollable-region-focusable).
        <section class={classes!("detail", failed_here.then_some("failed"))} data-testid="detail"
            data-step={p.step.to_string()} data-key={s.key.name()}
            tabindex="0" aria-labelledby="detail-title">
            <header>
                <p class="crumb">{ format!("{} · {} → {}", tf(lang, "ui.step_of", &[("current", &(p.step + 1).to_string()), ("total", &p.transcript.steps.len().to_string())]),
                    i18n::lane_label(lang, s.from), i18n::lane_label(lang, s.to)) }
                    if p.changed { <span class="badge changed">{ t(lang, "ui.changed") }</span> }
                    if super::version_compare::encrypted(s) { <span class="badge enc" data-testid="detail-encrypted">{ super::version_compare::lock_icon() }{ " " }{ t(lang, "vc.encrypted_mark") }</span> }
                </p>
                <h2 id="detail-title" data-testid="detail-title">{ i18n::step_title_of(lang, s) }</h2>
            </header>
            { failure }
            if !explain.is_empty() { <p class="explain" data-testid="explain">{ explain }</p> }
            if shows_signed_note(s.key) { <p class="explain signed">{ t(lang, "detail.signed_not_encrypted") }</p> }
            if !s.notes.is_empty() { <div class="note" data-testid="note"><span class="value-label">{ t(lang, "detail.note") }{ ": " }</span>{ i18n::render_all(lang, &s.notes) }</div> }
            if let Some(w) = i18n::rsa_weakness(lang, s.key).filter(|_| rsa_kx) { <p class="weakness" data-testid="weakness">{ w }</p> }
            { alert }
            // In a wrapper of its own, before the step's editors: a component that renders
            // nothing on most steps, next to another one (StepInputs), trips Yew 0.23's insertion
            // of its first node (a panic on verify_client_cert -> client_key_exchange).
            <div class="moment-slot"><MomentView transcript={p.transcript.clone()} step={p.step} lang={lang} speed={p.speed} /></div>
            if p.editable {
                <StepInputs step_key={s.key} lang={lang} />
            }
            { checks }
            // The derived values and the bytes (the hex view: most of the panel's nodes) follow
            // the first paint at start-up; later steps render them at once (issue 11).
            <Deferred>
            { derived }
            <section class="bytes" onmouseleave={on_leave}>
                <h3>{ format!("{} ({})", t(lang, "detail.bytes"), s.bytes.len()) }</h3>
                if s.bytes.is_empty() { <p class="hex-empty" data-testid="hex" data-bytes="0">{ t(lang, "ui.no_bytes") }</p> }
                else {
                    <p class="hint">{ t(lang, "ui.hover_hint") }</p>
                    { fields.unwrap_or_default() }
                    <HexView bytes={s.bytes.clone()} fields={s.fields.clone()} hover={p.hover} on_hover={p.on_hover.clone()} on_pick={on_pick} before={bytes_before.filter(|_| p.changed)} lang={lang} />
                }
            </section>
            </Deferred>
        </section>
    }
}

/// Steps where "signed, not encrypted" is worth saying.
fn shows_signed_note(key: StepKey) -> bool {
    matches!(
        key,
        StepKey::IssueServerCert | StepKey::VerifyServerCert | StepKey::Certificate
    )
}
