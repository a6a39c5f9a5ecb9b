//! The outcome banner: success, or who failed at which step with which alert.

use crate::text;
use std::rc::Rc;
use tlsim_core::{Outcome, Transcript};
use yew::prelude::*;

/// Props of [`OutcomeBanner`].
#[derive(Properties, PartialEq)]
pub struct OutcomeProps {
    /// The transcript, if the core produced one.
    pub transcript: Option<Rc<Transcript>>,
    /// A core error not tied to one input.
    pub core_error: Option<String>,
    /// Go to a step.
    pub on_goto: Callback<usize>,
}

/// The banner.
#[function_component]
pub fn OutcomeBanner(props: &OutcomeProps) -> Html {
    let error = props.core_error.as_ref().map(|e| {
        html! { <p class="core-error" role="alert" data-testid="core-error">{ format!("The simulator refused these inputs: {e}. The last good session is shown.") }</p> }
    });
    let Some(t) = props.transcript.as_ref() else {
        return html! { <section class="outcome failed" data-testid="outcome" data-result="none" aria-live="polite">{ error }</section> };
    };
    let body = match &t.outcome {
        Outcome::Success => html! {
            <p>
                <strong>{ "Handshake complete. " }</strong>
                { format!("{} steps; suite TLS_RSA_WITH_AES_128_GCM_SHA256{}; data exchanged and closed with close_notify.",
                    t.steps.len(),
                    if t.extended_master_secret { ", extended master secret" } else { "" }) }
            </p>
        },
        Outcome::Failed { by, alert, reason, step } => {
            let step = *step;
            let title = t.steps.get(step).map(|s| s.title.clone()).unwrap_or_default();
            let on_goto = props.on_goto.clone();
            html! {
                <>
                <p>
                    <strong>{ format!("Handshake failed at step {} ({title}). ", step + 1) }</strong>
                    { format!("The {} sends a fatal alert ", text::actor(*by).to_lowercase()) }
                    <code data-testid="outcome-alert">{ format!("{}({})", alert.name(), alert.code()) }</code>
                    { ": " }{ reason.clone() }
                </p>
                <p class="alert-meaning">{ text::alert_meaning(*alert) }
                    { " " }
                    <button type="button" class="link" data-testid="goto-failed"
                        onclick={Callback::from(move |_| on_goto.emit(step))}>{ "Show the failing step" }</button>
                </p>
                </>
            }
        }
    };
    let (class, result) = match &t.outcome {
        Outcome::Success => ("ok", "success"),
        Outcome::Failed { .. } => ("failed", "failed"),
    };
    html! {
        <section class={classes!("outcome", class)} data-testid="outcome" data-result={result} aria-live="polite">
            { error }
            { body }
        </section>
    }
}
