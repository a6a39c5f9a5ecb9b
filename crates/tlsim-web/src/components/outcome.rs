//! The outcome banner: success, or who failed at which step with which alert.

use crate::i18n::{self, t, tf, Lang};
use std::rc::Rc;
use tlsim_core::{Outcome, Transcript};
use yew::prelude::*;

/// Props of [`OutcomeBanner`].
#[derive(Properties, PartialEq)]
pub struct OutcomeProps {
    /// The transcript, if the core produced one.
    pub transcript: Option<Rc<Transcript>>,
    /// A core error not tied to one input.
    pub core_error: Option<tlsim_core::Msg>,
    /// page language
    pub lang: Lang,
    /// Go to a step.
    pub on_goto: Callback<usize>,
    /// A run for the current inputs is still with the engine: what is shown is the previous
    /// run's outcome (`aria-busy`, `data-pending`).
    #[prop_or_default]
    pub pending: bool,
}

/// The banner.
#[function_component]
pub fn OutcomeBanner(props: &OutcomeProps) -> Html {
    let lang = props.lang;
    let pending = if props.pending { "true" } else { "false" };
    let error = props.core_error.as_ref().map(|e| {
        html! { <p class="core-error" role="alert" data-testid="core-error">{ crate::i18n::render(lang, e) }</p> }
    });
    let Some(t_) = props.transcript.as_ref() else {
        return html! { <section class="outcome failed" data-testid="outcome" data-result="none" data-pending={pending} aria-busy={pending} aria-live="polite">{ error }</section> };
    };
    let body = match &t_.outcome {
        Outcome::Success => html! {
            <p><strong>{ t(lang, "outcome.success") }</strong></p>
        },
        Outcome::Failed {
            by,
            alert,
            reason,
            step,
        } => {
            let shown = crate::state::failed_steps(t_)
                .first()
                .copied()
                .unwrap_or(*step);
            let step = *step;
            let on_goto = props.on_goto.clone();
            let alert_txt = format!("{}({})", alert.name(), alert.code());
            html! {
                <>
                <p>
                    <strong>{ tf(lang, "outcome.failure", &[("step", &(step + 1).to_string()), ("by", i18n::actor_label(lang, *by)), ("alert", &alert_txt)]) }</strong>
                </p>
                <p data-testid="outcome-reason">{ tf(lang, "outcome.reason", &[("reason", &i18n::render(lang, reason))]) }</p>
                <p class="alert-meaning">{ i18n::alert_meaning(lang, *alert) }{ " " }{ t(lang, "outcome.no_data") }
                    { " " }
                    <button type="button" class="link" data-testid="goto-failed"
                        onclick={Callback::from(move |_| on_goto.emit(shown))}>{ t(lang, "ui.failed_step") }{ " →" }</button>
                </p>
                </>
            }
        }
        // issue 12: the CA refused the CSR; no TLS session, no alert.
        Outcome::Refused { reason, step, .. } => {
            let step = *step;
            let on_goto = props.on_goto.clone();
            html! {
                <>
                <p><strong>{ tf(lang, "outcome.refused", &[("step", &(step + 1).to_string())]) }</strong></p>
                <p data-testid="outcome-reason">{ tf(lang, "outcome.reason", &[("reason", &i18n::render(lang, reason))]) }</p>
                <p><button type="button" class="link" data-testid="goto-failed"
                    onclick={Callback::from(move |_| on_goto.emit(step))}>{ t(lang, "ui.failed_step") }{ " →" }</button></p>
                </>
            }
        }
    };
    let (class, result, alert) = match &t_.outcome {
        Outcome::Success => ("ok", "success", String::new()),
        Outcome::Failed { alert, .. } => ("failed", "failed", alert.name().to_string()),
        Outcome::Refused { .. } => ("failed", "refused", String::new()),
    };
    html! {
        <section class={classes!("outcome", class)} data-testid="outcome" data-result={result} data-alert={alert} data-pending={pending} aria-busy={pending} aria-live="polite">
            { error }
            { body }
        </section>
    }
}
