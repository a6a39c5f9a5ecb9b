//! The scenario buttons: each loads a preset and plays it.

use crate::state::Preset;
use yew::prelude::*;

/// Props of [`Scenarios`].
#[derive(Properties, PartialEq)]
pub struct ScenariosProps {
    /// The active preset.
    pub current: Preset,
    /// A preset was picked.
    pub on_pick: Callback<Preset>,
}

/// A button's label.
pub fn label(p: Preset) -> &'static str {
    match p {
        Preset::Normal => "Normal handshake",
        Preset::UntrustedCa => "Untrusted CA",
        Preset::Expired => "Expired certificate",
        Preset::WrongHost => "Wrong host",
        Preset::ForgedSignature => "Forged signature",
        Preset::ManInTheMiddle => "Man in the middle",
        Preset::FlipByte => "Byte flipped in flight",
        Preset::MutualTls => "Mutual TLS",
    }
}

/// The row of scenario buttons.
#[function_component]
pub fn Scenarios(props: &ScenariosProps) -> Html {
    html! {
        <nav class="scenarios" aria-label="Scenarios">
            <h2 class="visually-hidden">{ "Scenarios" }</h2>
            { for Preset::ALL.iter().map(|&p| {
                let on_pick = props.on_pick.clone();
                let active = p == props.current;
                html! {
                    <button type="button"
                        class={classes!("scenario", active.then_some("active"))}
                        aria-pressed={if active { "true" } else { "false" }}
                        data-testid={format!("scenario-{}", p.name())}
                        onclick={Callback::from(move |_| on_pick.emit(p))}>
                        { label(p) }
                    </button>
                }
            }) }
        </nav>
    }
}
