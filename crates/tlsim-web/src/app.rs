//! The page: state, the play timer, keyboard shortcuts, and the layout of the components.

use crate::components::{
    controls::Controls, detail::Detail, diagram::Diagram, inputs::Inputs, outcome::OutcomeBanner,
    rsa_warning::RsaWarning, scenarios::Scenarios, step_list::StepList,
};
use crate::state::{Action, State};
use gloo::events::{EventListener, EventListenerOptions};
use gloo::timers::callback::Timeout;
use wasm_bindgen::JsCast;
use web_sys::{Element, KeyboardEvent};
use yew::prelude::*;

/// The browser clock, Unix seconds.
pub fn browser_now() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

/// The keyboard shortcut for a key, if any (`typing`: focus is in a text control or a button,
/// where space belongs to the control).
pub fn shortcut(key: &str, typing: bool) -> Option<Action> {
    if typing {
        return None;
    }
    match key {
        "ArrowRight" => Some(Action::Next),
        "ArrowLeft" => Some(Action::Prev),
        "Home" => Some(Action::First),
        "End" => Some(Action::Last),
        " " | "Spacebar" => Some(Action::TogglePlay),
        _ => None,
    }
}

fn is_typing_target(e: &KeyboardEvent, key: &str) -> bool {
    let Some(el) = e.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
        return false;
    };
    let tag = el.tag_name().to_ascii_lowercase();
    match tag.as_str() {
        "input" | "textarea" | "select" => true,
        // space and Enter activate a focused button; arrows still step
        "button" | "summary" | "a" => key == " " || key == "Spacebar",
        _ => el.get_attribute("contenteditable").is_some(),
    }
}

/// The app.
#[function_component]
pub fn App() -> Html {
    let state = use_reducer(|| State::new(browser_now()));
    let dispatcher = state.dispatcher();
    let on_action = {
        let d = dispatcher.clone();
        Callback::from(move |a: Action| d.dispatch(a))
    };

    // The play timer: one timeout per step while playing.
    {
        let d = dispatcher.clone();
        let ms = state.step_ms();
        use_effect_with((state.playing, state.step, ms), move |(playing, _, ms)| {
            let t = playing.then(|| Timeout::new(*ms, move || d.dispatch(Action::Tick)));
            move || drop(t)
        });
    }

    // Keyboard shortcuts on the whole page.
    {
        let d = dispatcher.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|w| {
                let opts = EventListenerOptions::enable_prevent_default();
                EventListener::new_with_options(&w, "keydown", opts, move |e| {
                    let Some(e) = e.dyn_ref::<KeyboardEvent>() else { return };
                    if e.ctrl_key() || e.alt_key() || e.meta_key() || e.default_prevented() {
                        return;
                    }
                    let key = e.key();
                    if let Some(a) = shortcut(&key, is_typing_target(e, &key)) {
                        e.prevent_default();
                        d.dispatch(a);
                    }
                })
            });
            move || drop(listener)
        });
    }

    let on_goto = {
        let d = dispatcher.clone();
        Callback::from(move |i: usize| d.dispatch(Action::Goto(i)))
    };
    let on_hover = {
        let d = dispatcher.clone();
        Callback::from(move |h: Option<usize>| d.dispatch(Action::Hover(h)))
    };
    let on_pick = {
        let d = dispatcher.clone();
        Callback::from(move |p| d.dispatch(Action::Preset(p)))
    };
    let on_new_seed = {
        let d = dispatcher.clone();
        Callback::from(move |()| {
            let mut seed = [0u8; 32];
            if getrandom::getrandom(&mut seed).is_ok() {
                d.dispatch(Action::Seed(seed));
            }
        })
    };
    let on_clock = {
        let d = dispatcher.clone();
        Callback::from(move |()| d.dispatch(Action::Now(browser_now())))
    };

    let failed = state.failed_step();
    let main = match state.transcript.clone() {
        Some(t) => {
            let changed_here = state.changed.get(state.step).copied().unwrap_or(false);
            html! {
                <div class="stage">
                    <div class="play-area">
                        <Controls step={state.step} len={state.len()} playing={state.playing} speed={state.speed} on_action={on_action.clone()} />
                        <div class="diagram-and-steps">
                            <Diagram transcript={t.clone()} step={state.step} failed={failed} changed={state.changed.clone()} speed={state.speed} on_goto={on_goto.clone()} />
                            <StepList transcript={t.clone()} step={state.step} failed={failed} changed={state.changed.clone()} on_goto={on_goto.clone()} />
                        </div>
                    </div>
                    <Detail transcript={t} step={state.step} hover={state.hover} on_hover={on_hover} changed={changed_here} />
                </div>
            }
        }
        None => html! { <p class="core-error">{ "No session to show: fix the inputs marked below." }</p> },
    };

    html! {
        <>
            <header class="page-head">
                <h1>{ "TLS 1.2 handshake simulator" }<span class="sub">{ " · RSA key exchange, step by step" }</span></h1>
                <RsaWarning />
            </header>
            <main>
                <Scenarios current={state.preset} on_pick={on_pick} />
                <OutcomeBanner transcript={state.transcript.clone()} core_error={state.core_error.clone()} on_goto={on_goto} />
                { main }
                <Inputs form={state.form.clone()} errors={state.errors.clone()} seed={state.seed} now={state.now} key_note={state.key_note()} on_action={on_action} on_new_seed={on_new_seed} on_clock={on_clock} />
            </main>
            <footer class="page-foot">
                <p>{ "Every byte on this page is computed in your browser by the simulator's core from the inputs, a seed and the clock. The teaching keys are public: never use them for anything real." }</p>
            </footer>
        </>
    }
}

