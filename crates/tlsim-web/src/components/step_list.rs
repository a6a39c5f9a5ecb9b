//! The step list: jump to any step; shows status (ok, failed, current) and what changed.

use crate::i18n::{self, t, Lang};
use std::rc::Rc;
use tlsim_core::Transcript;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Props of [`StepList`].
#[derive(Properties, PartialEq)]
pub struct StepListProps {
    /// the transcript
    pub transcript: Rc<Transcript>,
    /// current step
    pub step: usize,
    /// failing steps
    pub failed: Vec<usize>,
    /// steps changed by the last edit
    pub changed: Vec<bool>,
    /// page language
    pub lang: Lang,
    /// jump to a step
    pub on_goto: Callback<usize>,
}

/// `ok`, `failed` or `current` (a failed step stays `failed` when current; `aria-current` marks it).
pub fn status(i: usize, current: usize, failed: &[usize]) -> &'static str {
    if failed.contains(&i) {
        "failed"
    } else if i == current {
        "current"
    } else {
        "ok"
    }
}

/// The list.
#[function_component]
pub fn StepList(p: &StepListProps) -> Html {
    let lang = p.lang;
    // Keep the current step visible inside the list's own scroll box (not the page's).
    let list = use_node_ref();
    {
        let list = list.clone();
        use_effect_with(p.step, move |step| {
            let boxed = list.cast::<web_sys::HtmlElement>();
            let item = boxed.as_ref().and_then(|b| {
                b.query_selector(&format!("[data-testid=\"step-{step}\"]"))
                    .ok()
                    .flatten()
            });
            if let (Some(b), Some(item)) = (
                boxed,
                item.and_then(|i| i.dyn_into::<web_sys::HtmlElement>().ok()),
            ) {
                let (top, h) = (item.offset_top() - b.offset_top(), item.offset_height());
                if top < b.scroll_top() || top + h > b.scroll_top() + b.client_height() {
                    b.set_scroll_top((top - b.client_height() / 2 + h / 2).max(0));
                }
            }
        });
    }
    html! {
        <nav class="step-list" aria-label={t(lang, "ui.step_list")} ref={list}>
            <ol>
            { for p.transcript.steps.iter().enumerate().map(|(i, s)| {
                let on_goto = p.on_goto.clone();
                let current = i == p.step;
                let changed = p.changed.get(i).copied().unwrap_or(false);
                let st = status(i, p.step, &p.failed);
                let enc = super::version_compare::encrypted(s);
                html! {
                    <li key={i} data-testid={format!("step-{i}")} data-key={s.key.name()} data-status={st}
                        data-changed={changed.to_string()} data-encrypted={enc.then_some("true")}
                        class={classes!(st, current.then_some("is-current"), changed.then_some("changed"), (i > p.step).then_some("future"))}>
                        <button type="button" aria-current={current.then_some("step")}
                            onclick={Callback::from(move |_| on_goto.emit(i))}>
                            <span class="num">{ i + 1 }</span>
                            <span class="title">{ i18n::step_title_of(lang, s) }</span>
                            <span class="who">{ format!("{}→{}", i18n::lane_label(lang, s.from), i18n::lane_label(lang, s.to)) }</span>
                            if enc { <span class="badge enc" title={t(lang, "vc.encrypted_mark")} aria-label={t(lang, "vc.encrypted_mark")}>{ super::version_compare::lock_icon() }</span> }
                            if st == "failed" { <span class="badge bad" title={t(lang, "ui.failed_step")}>{ "✘" }</span> }
                            if changed { <span class="badge changed" title={t(lang, "ui.changed")}>{ "Δ" }</span> }
                        </button>
                    </li>
                }
            }) }
            </ol>
        </nav>
    }
}
