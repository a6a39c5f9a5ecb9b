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
    let row = |cert: bool| -> Html {
        html! { <>{ for Preset::ALL.iter().filter(|p| p.is_cert_failure() == cert).map(|&p| {
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
            { row(false) }
        </nav>
        // issue 12: the certificate failures, one click each
        <nav class="scenarios cert-failures" aria-label={t(lang, "ui.cert_failures")} data-testid="cert-failures">
            <span class="label">{ t(lang, "ui.cert_failures") }</span>
            { row(true) }
        </nav>
        if let Some(p) = props.current.filter(|p| p.is_cert_failure() || *p == Preset::Chain) {
            <p class="preset-help hint" data-testid="preset-help">{ t(lang, &format!("scenario.{}.help", p.name())) }</p>
        }
        </>
    }
}
