//! The step list: jump to any step; shows status (ok, failed, current) and what changed.

use crate::text;
use std::rc::Rc;
use tlsim_core::Transcript;
use yew::prelude::*;

/// Props of [`StepList`].
#[derive(Properties, PartialEq)]
pub struct StepListProps {
    /// the transcript
    pub transcript: Rc<Transcript>,
    /// current step
    pub step: usize,
    /// failed step
    pub failed: Option<usize>,
    /// steps changed by the last edit
    pub changed: Vec<bool>,
    /// jump to a step
    pub on_goto: Callback<usize>,
}

/// `ok`, `failed` or `current` (a failed step stays `failed` when current; `aria-current` marks it).
pub fn status(i: usize, current: usize, failed: Option<usize>) -> &'static str {
    if failed == Some(i) {
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
    html! {
        <nav class="step-list" aria-label="Steps">
            <ol>
            { for p.transcript.steps.iter().enumerate().map(|(i, s)| {
                let on_goto = p.on_goto.clone();
                let current = i == p.step;
                let changed = p.changed.get(i).copied().unwrap_or(false);
                let st = status(i, p.step, p.failed);
                html! {
                    <li key={i} data-testid={format!("step-{i}")} data-key={s.key.clone()} data-status={st}
                        data-changed={changed.to_string()}
                        class={classes!(st, current.then_some("is-current"), changed.then_some("changed"), (i > p.step).then_some("future"))}>
                        <button type="button" aria-current={current.then_some("step")}
                            onclick={Callback::from(move |_| on_goto.emit(i))}>
                            <span class="num">{ i + 1 }</span>
                            <span class="title">{ s.title.clone() }</span>
                            <span class="who">{ format!("{}→{}", text::actor(s.from), text::actor(s.to)) }</span>
                            if st == "failed" { <span class="badge bad">{ "failed" }</span> }
                            if changed { <span class="badge changed" title="bytes or values changed by your last edit">{ "changed" }</span> }
                        </button>
                    </li>
                }
            }) }
            </ol>
        </nav>
    }
}
