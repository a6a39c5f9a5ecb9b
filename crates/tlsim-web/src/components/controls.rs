//! Play/pause, previous/next, first/last and speed.

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
    /// dispatch
    pub on_action: Callback<Action>,
}

/// The control bar.
#[function_component]
pub fn Controls(p: &ControlsProps) -> Html {
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
    html! {
        <div class="controls" role="toolbar" aria-label="Playback">
            <button type="button" data-testid="first" onclick={act(Action::First)} disabled={p.step == 0}
                title="First step (Home)" aria-label="First step">{ "|◀" }</button>
            <button type="button" data-testid="prev" onclick={act(Action::Prev)} disabled={p.step == 0}
                title="Previous step (←)" aria-label="Previous step">{ "◀ Prev" }</button>
            <button type="button" class="play" data-testid="play" onclick={act(Action::TogglePlay)}
                aria-pressed={if p.playing { "true" } else { "false" }}
                title="Play / pause (space)">{ if p.playing { "❚❚ Pause" } else { "▶ Play" } }</button>
            <button type="button" data-testid="next" onclick={act(Action::Next)} disabled={p.step >= last}
                title="Next step (→)" aria-label="Next step">{ "Next ▶" }</button>
            <button type="button" data-testid="last" onclick={act(Action::Last)} disabled={p.step >= last}
                title="Last step (End)" aria-label="Last step">{ "▶|" }</button>
            <span class="counter" data-testid="counter" aria-live="polite">{ format!("Step {} / {}", (p.step + 1).min(p.len), p.len) }</span>
            <label class="speed">{ "Speed " }
                <select data-testid="input-speed" onchange={on_speed}>
                    { for SPEEDS.iter().enumerate().map(|(i, (_, name))| html! {
                        <option value={i.to_string()} selected={i == p.speed}>{ *name }</option>
                    }) }
                </select>
            </label>
            <span class="keys-hint">{ "Keys: ← → space Home End" }</span>
        </div>
    }
}
