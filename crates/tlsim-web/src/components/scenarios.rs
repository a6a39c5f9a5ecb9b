//! The scenario buttons: each loads a preset and plays it.

use crate::i18n::{t, Lang};
use crate::state::Preset;
use yew::prelude::*;

/// Props of [`Scenarios`].
#[derive(Properties, PartialEq)]
pub struct ScenariosProps {
    /// The active preset.
    pub current: Option<Preset>,
    /// page language
    pub lang: Lang,
    /// A preset was picked.
    pub on_pick: Callback<Preset>,
}

/// The row of scenario buttons.
#[function_component]
pub fn Scenarios(props: &ScenariosProps) -> Html {
    let lang = props.lang;
    // 0: the scenarios, 1: certificate failures, 2: key-exchange failures, 3: resumption
    // failures, 4: TLS 1.3, 5: TLS 1.3 failures.
    let kind = |p: &Preset| {
        usize::from(p.is_cert_failure())
            + 2 * usize::from(p.is_kx_failure())
            + 3 * usize::from(p.is_resume_failure())
            + 4 * usize::from(p.is_tls13())
            + 5 * usize::from(p.is_tls13_failure())
    };
    let row = |which: usize| -> Html {
        html! { <>{ for Preset::ALL.iter().filter(|p| kind(p) == which).map(|&p| {
            let on_pick = props.on_pick.clone();
            let active = Some(p) == props.current;
            html! {
                <button type="button"
                    class={classes!("scenario", active.then_some("active"))}
                    aria-pressed={if active { "true" } else { "false" }}
                    title={t(lang, &format!("scenario.{}.help", p.name()))}
                    data-testid={format!("scenario-{}", p.name())}
                    onclick={Callback::from(move |_| on_pick.emit(p))}>
                    { t(lang, &format!("scenario.{}", p.name())) }
                </button>
            }
        }) }</> }
    };
    html! {
        <>
        <nav class="scenarios" aria-label={t(lang, "ui.scenarios")}>
            { row(0) }
        </nav>
        // issue 12: the certificate failures, one click each
        <nav class="scenarios cert-failures" aria-label={t(lang, "ui.cert_failures")} data-testid="cert-failures">
            <span class="label">{ t(lang, "ui.cert_failures") }</span>
            { row(1) }
        </nav>
        // issue 13: the key-exchange failures
        <nav class="scenarios kx-failures" aria-label={t(lang, "ui.kx_failures")} data-testid="kx-failures">
            <span class="label">{ t(lang, "ui.kx_failures") }</span>
            { row(2) }
        </nav>
        // issue 14: when the server must not resume
        <nav class="scenarios resume-failures" aria-label={t(lang, "ui.resume_failures")} data-testid="resume-failures">
            <span class="label">{ t(lang, "ui.resume_failures") }</span>
            { row(3) }
        </nav>
        // issue 15: TLS 1.3, and its failures
        <nav class="scenarios tls13-scenarios" aria-label={t(lang, "ui.tls13_scenarios")} data-testid="tls13-scenarios">
            <span class="label">{ t(lang, "ui.tls13_scenarios") }</span>
            { row(4) }
        </nav>
        <nav class="scenarios tls13-failures" aria-label={t(lang, "ui.tls13_failures")} data-testid="tls13-failures">
            <span class="label">{ t(lang, "ui.tls13_failures") }</span>
            { row(5) }
        </nav>
        if let Some(p) = props.current.filter(|p| p.is_cert_failure() || p.is_kx_failure() || p.is_resume_failure()
            || p.is_tls13() || p.is_tls13_failure()
            || matches!(p, Preset::Chain | Preset::Kx(_) | Preset::Resume(_))) {
            <p class="preset-help hint" data-testid="preset-help">{ t(lang, &format!("scenario.{}.help", p.name())) }</p>
        }
        </>
    }
}
