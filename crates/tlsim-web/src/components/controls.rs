//! Play/pause, previous/next, first/last and speed.

use crate::i18n::{t, tf, Lang};
use crate::state::{Action, SPEEDS};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// Props of [`Controls`].
#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    /// current step index
    pub step: usize,
    /// number of steps
    pub len: usize,
    /// playing?
    pub playing: bool,
    /// speed index
    pub speed: usize,
    /// page language
    pub lang: Lang,
    /// TCP handshake shown?
    pub show_tcp: bool,
    /// dispatch
    pub on_action: Callback<Action>,
}

/// The control bar.
#[function_component]
pub fn Controls(p: &ControlsProps) -> Html {
    let lang = p.lang;
    let act = |a: Action| {
        let cb = p.on_action.clone();
        Callback::from(move |_: MouseEvent| cb.emit(a.clone()))
    };
    let on_speed = {
        let cb = p.on_action.clone();
        Callback::from(move |e: Event| {
            if let Some(sel) = e.target_dyn_into::<HtmlSelectElement>() {
                if let Ok(i) = sel.value().parse::<usize>() {
                    cb.emit(Action::Speed(i));
                }
            }
        })
    };
    let last = p.len.saturating_sub(1);
    let counter = tf(
        lang,
        "ui.step_of",
        &[
            ("current", &(p.step + 1).min(p.len).to_string()),
            ("total", &p.len.to_string()),
        ],
    );
    html! {
        <div class="controls" role="toolbar" aria-label={t(lang, "ui.step_list")}>
            <button type="button" data-testid="first" onclick={act(Action::First)} disabled={p.step == 0}
                title={t(lang, "ui.first")} aria-label={t(lang, "ui.first")}>{ "|◀" }</button>
            <button type="button" data-testid="prev" onclick={act(Action::Prev)} disabled={p.step == 0}
                title={t(lang, "ui.previous")} aria-label={t(lang, "ui.previous")}>{ "◀" }</button>
            <button type="button" class="play" data-testid="play" onclick={act(Action::TogglePlay)}
                aria-pressed={if p.playing { "true" } else { "false" }}>
                { if p.playing { format!("❚❚ {}", t(lang, "ui.pause")) } else { format!("▶ {}", t(lang, "ui.play")) } }</button>
            <button type="button" data-testid="next" onclick={act(Action::Next)} disabled={p.step >= last}
                title={t(lang, "ui.next")} aria-label={t(lang, "ui.next")}>{ "▶" }</button>
            <button type="button" data-testid="last" onclick={act(Action::Last)} disabled={p.step >= last}
                title={t(lang, "ui.last")} aria-label={t(lang, "ui.last")}>{ "▶|" }</button>
            <span class="counter" data-testid="counter">{ counter }</span>
            <label class="speed">{ t(lang, "ui.speed") }{ " " }
                <select data-testid="input-speed" onchange={on_speed}>
                    { for SPEEDS.iter().enumerate().map(|(i, (_, name))| html! {
                        <option value={i.to_string()} selected={i == p.speed}>{ *name }</option>
                    }) }
                </select>
            </label>
            <label class="tcp-toggle">
                <input type="checkbox" data-testid="input-show_tcp" checked={p.show_tcp} onchange={{
                    let cb = p.on_action.clone();
                    Callback::from(move |e: Event| {
                        if let Some(i) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                            cb.emit(Action::ShowTcp(i.checked()));
                        }
                    })
                }} />
                { " " }{ t(lang, "ui.show_tcp") }
            </label>
            <p class="keys-hint">{ t(lang, "ui.keyboard_help") }</p>
        </div>
    }
}
