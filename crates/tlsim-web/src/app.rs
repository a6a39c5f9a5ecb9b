//! The page: state, the play timer, keyboard shortcuts, and the layout of the components.

use crate::components::step_inputs::EditContext;
use crate::components::{
    controls::Controls, deferred::Deferred, detail::Detail, diagram::Diagram, downloads::Downloads,
    forward_secrecy::ForwardSecrecy, inputs::Inputs, outcome::OutcomeBanner,
    resume_compare::ResumeCompare, rsa_warning::RsaWarning, scenarios::Scenarios, share::Share,
    step_list::StepList, version_compare::VersionCompare,
};
use crate::engine::{self, Engine, KeygenHandle};
use crate::engine_protocol::ReplyBody;
use crate::i18n::{self, t};
use crate::state::{Action, State};
use crate::url;
use gloo::events::{EventListener, EventListenerOptions};
use gloo::timers::callback::Timeout;
use std::rc::Rc;
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

/// Does the reader ask for less motion (`prefers-reduced-motion: reduce`)?
pub fn prefers_reduced_motion() -> bool {
    let Some(w) = web_sys::window() else {
        return false;
    };
    let query = "(prefers-reduced-motion: reduce)";
    js_sys::Reflect::get(&w, &"matchMedia".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|f| f.call1(&w, &query.into()).ok())
        .and_then(|mq| js_sys::Reflect::get(&mq, &"matches".into()).ok())
        .and_then(|m| m.as_bool())
        .unwrap_or(false)
}

/// Props of [`App`].
#[derive(Properties, PartialEq)]
pub struct AppProps {
    /// Where the core runs: the page's web worker (`Engine::worker`).
    pub engine: Engine,
}

/// The app.
#[function_component]
pub fn App(props: &AppProps) -> Html {
    let engine = props.engine.clone();
    // `tlsim:render`: from here to the commit (effects run after it), see `perf.rs`.
    let render_started = crate::perf::mark_start("tlsim:render");
    use_effect(move || crate::perf::end("tlsim:render", render_started));
    // The shell first: the first run follows the first paint (issue 11, see `State::shell`).
    let state = use_reducer(|| State::shell(url::read_location(), browser_now()));
    let dispatcher = state.dispatcher();
    let lang = state.lang;
    // One callback for the page's life: the step editors' context stays equal between renders.
    let on_action = {
        let d = dispatcher.clone();
        use_memo((), move |_| Callback::from(move |a: Action| d.dispatch(a)))
    };
    let on_action: Callback<Action> = (*on_action).clone();

    // The play timer: one timeout per step while playing.
    {
        let d = dispatcher.clone();
        let ms = state.step_ms();
        use_effect_with((state.playing, state.step, ms), move |(playing, _, ms)| {
            let t = playing.then(|| Timeout::new(*ms, move || d.dispatch(Action::Tick)));
            move || drop(t)
        });
    }

    // The URL follows what is on screen (history.replaceState, no reload), once the run caught up
    // with the edits (issue 11: not on every keystroke).
    {
        let url_state = (state.stale == 0).then(|| state.url_state());
        use_effect_with(url_state, |u| {
            if let Some(u) = u {
                let _ = url::replace_url(u);
            }
        });
    }
    use_effect_with(lang, |l| {
        i18n::set_document_lang(*l);
        if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
            let title = format!("{} · {}", t(*l, "app.title"), t(*l, "app.subtitle"));
            // index.html carries the English title already: setting it again is a title change
            // event for nothing (~20 ms on the main thread under DevTools).
            if doc.title() != title {
                doc.set_title(&title);
            }
        }
    });

    // An embed's autoplay (set by the first run) yields to the reader's "reduce motion" setting.
    {
        let d = dispatcher.clone();
        let playing = state.playing;
        use_effect_with(state.starting.is_none(), move |started| {
            if *started && playing && prefers_reduced_motion() {
                d.dispatch(Action::TogglePlay);
            }
        });
    }

    // Deferred edits (issue 11): the keystroke is painted first, the run follows after the next
    // paint, and after a pause in typing; each new edit restarts the wait.
    {
        let d = dispatcher.clone();
        let timer = use_mut_ref(|| None::<(gloo::render::AnimationFrame, Option<Timeout>)>);
        use_effect_with((state.stale, state.stale_wait_ms), move |&(stale, ms)| {
            *timer.borrow_mut() = None;
            if stale > 0 {
                let slot = timer.clone();
                let frame = gloo::render::request_animation_frame(move |_| {
                    let t = Timeout::new(ms, move || d.dispatch(Action::Recompute));
                    if let Some(s) = slot.borrow_mut().as_mut() {
                        s.1 = Some(t);
                    }
                });
                *timer.borrow_mut() = Some((frame, None));
            }
        });
    }

    // The engine could not start or died: say so instead of waiting for it.
    {
        let d = dispatcher.clone();
        use_effect_with(engine.clone(), move |e| {
            e.on_failure(Callback::from(move |why| {
                d.dispatch(Action::EngineFailed(why))
            }));
        });
    }

    // Each run the reducer asks for goes to the engine; its answer comes back with its id, and
    // the reducer keeps only the newest.
    {
        let d = dispatcher.clone();
        let engine = engine.clone();
        use_effect_with(state.request.clone(), move |request| {
            if let Some((id, job)) = request.clone() {
                let started = crate::perf::mark_start("tlsim:simulate");
                let on_reply = Callback::from(move |b: ReplyBody| match b {
                    ReplyBody::Ran(r) => {
                        crate::perf::end("tlsim:simulate", started);
                        d.dispatch(Action::Ran(id, (*r).map(Rc::new)))
                    }
                    ReplyBody::EngineFailed(why) => d.dispatch(Action::EngineFailed(why)),
                    _ => {}
                });
                engine.submit((*job).clone(), on_reply);
            }
        });
    }

    // Key generation in a web worker of its own whenever the wanted keys change.
    {
        let d = dispatcher.clone();
        let handle = use_mut_ref(|| None::<KeygenHandle>);
        let wanted = state.keygen.clone().filter(|_| state.keys_pending());
        use_effect_with(wanted, move |wanted| {
            // dropping the previous handle terminates a worker still busy with stale keys
            *handle.borrow_mut() = None;
            if let Some(spec) = wanted.clone() {
                let on_progress = {
                    let d = d.clone();
                    Callback::from(move |p| d.dispatch(Action::KeygenProgress(p)))
                };
                let on_done = {
                    let d = d.clone();
                    let spec = spec.clone();
                    Callback::from(move |r| d.dispatch(Action::KeysDone(spec.clone(), r)))
                };
                *handle.borrow_mut() = Some(engine::spawn_keygen(
                    engine::ENGINE_WORKER_URL,
                    spec.request(),
                    on_progress,
                    on_done,
                ));
            }
        });
    }

    // Keyboard shortcuts on the whole page.
    {
        let d = dispatcher.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|w| {
                let opts = EventListenerOptions::enable_prevent_default();
                EventListener::new_with_options(&w, "keydown", opts, move |e| {
                    let Some(e) = e.dyn_ref::<KeyboardEvent>() else {
                        return;
                    };
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

    // Callbacks made once for the page's life (issue 11): a new callback is a changed prop, and
    // a changed prop re-renders its component (the diagram, the step list, the detail panel and
    // its hex view) on every keystroke.
    let on_goto = {
        let d = dispatcher.clone();
        (*use_memo((), move |_| {
            Callback::from(move |i: usize| d.dispatch(Action::Goto(i)))
        }))
        .clone()
    };
    let on_hover = {
        let d = dispatcher.clone();
        (*use_memo((), move |_| {
            Callback::from(move |h: Option<usize>| d.dispatch(Action::Hover(h)))
        }))
        .clone()
    };
    let on_pick = {
        let d = dispatcher.clone();
        (*use_memo((), move |_| {
            Callback::from(move |p| d.dispatch(Action::Preset(p)))
        }))
        .clone()
    };
    let on_lang = {
        let d = dispatcher.clone();
        (*use_memo((), move |_| {
            // The other language's texts are fetched once, then the page switches.
            Callback::from(move |l| {
                let d = d.clone();
                i18n::when_loaded(l, move || d.dispatch(Action::Lang(l)))
            })
        }))
        .clone()
    };
    let random_seed = |make: fn([u8; 32]) -> Action| {
        let d = dispatcher.clone();
        Callback::from(move |()| {
            let mut seed = [0u8; 32];
            if getrandom::getrandom(&mut seed).is_ok() {
                d.dispatch(make(seed));
            }
        })
    };
    let on_new_seed = (*use_memo((), |_| random_seed(Action::Seed))).clone();
    let on_new_keys = (*use_memo((), |_| random_seed(Action::NewKeys))).clone();
    let on_clock = {
        let d = dispatcher.clone();
        (*use_memo((), move |_| {
            Callback::from(move |()| d.dispatch(Action::Now(browser_now())))
        }))
        .clone()
    };

    let edit = EditContext {
        form: state.form.clone(),
        errors: state.errors.clone(),
        on_action: on_action.clone(),
    };
    let embed = state.embed;
    let chrome = embed.shows_chrome();
    let failed = state.failed_steps();
    let main = match state.transcript.clone() {
        Some(t) => {
            let changed_here = state.changed.get(state.step).copied().unwrap_or(false);
            html! {
                <>
                <div class="stage">
                    <div class="play-area">
                        <Controls step={state.step} len={state.len()} playing={state.playing} speed={state.speed} lang={lang} show_tcp={state.show_tcp} on_action={on_action.clone()} />
                        <div class="diagram-and-steps">
                            <Diagram transcript={t.clone()} step={state.step} failed={failed.clone()} changed={state.changed.clone()} speed={state.speed} lang={lang} show_tcp={state.show_tcp} on_goto={on_goto.clone()} />
                            <StepList transcript={t.clone()} step={state.step} failed={failed} changed={state.changed.clone()} lang={lang} on_goto={on_goto.clone()} />
                        </div>
                    </div>
                    <ContextProvider<EditContext> context={edit}>
                        <Detail transcript={t.clone()} step={state.step} hover={state.hover} on_hover={on_hover} changed={changed_here} lang={lang}
                            editable={chrome} previous={state.previous.clone()} speed={state.speed} />
                    </ContextProvider<EditContext>>
                </div>
                // below the stage: made after the first paint (issue 11)
                if chrome { <Deferred><Downloads transcript={t} run={state.ran.clone()} engine={engine.clone()} lang={lang} /></Deferred> }
                </>
            }
        }
        // Before the first run (a frame at most): room for the stage, nothing to read yet.
        None if state.starting.is_some() => html! { <div class="stage" aria-busy="true"></div> },
        None => html! { <p class="core-error">{ t(lang, "error.required") }</p> },
    };
    let warnings = (!state.url_warnings.is_empty()).then(|| html! {
        <div class="url-warnings" role="status" data-testid="url-warnings">
            <p>{ t(lang, "banner.url_warnings") }</p>
            <ul>{ for state.url_warnings.iter().map(|w| html! { <li>{ w.message(lang) }</li> }) }</ul>
        </div>
    });
    let url_state = state.url_state();

    html! {
        <div class={classes!("app", embed.root_classes())}>
            if chrome {
                <header class="page-head">
                    <div class="title-row">
                        <h1>{ t(lang, "app.title") }<span class="sub">{ " · " }{ t(lang, "app.subtitle") }</span></h1>
                        <Share url_state={url_state.clone()} lang={lang} on_lang={on_lang} />
                    </div>
                    <RsaWarning lang={lang} />
                </header>
            } else {
                // a landmark and a (visually hidden) title, as a page of its own in the iframe
                <header class="embed-head">
                    <h1 class="visually-hidden">{ t(lang, "app.title") }</h1>
                    <p class="embed-link"><a href={url::share_link(&url_state)} target="_blank" rel="noopener">{ t(lang, "banner.embed_open_full") }</a></p>
                </header>
            }
            <main>
                { warnings }
                if state.engine_error.is_some() {
                    <p class="core-error" role="alert" data-testid="engine-error">{ t(lang, "error.engine") }</p>
                }
                if chrome { <Scenarios current={state.preset} lang={lang} on_pick={on_pick} /> }
                if state.starting.is_none() {
                    <OutcomeBanner transcript={state.transcript.clone()} core_error={state.core_error.clone()} lang={lang} on_goto={on_goto} pending={state.request.is_some()} />
                }
                { main }
                if let Some(t) = state.transcript.clone().filter(|t| chrome && t.reconnect_at.is_some()) {
                    <ResumeCompare transcript={t} lang={lang} />
                }
                if chrome {
                    <ForwardSecrecy engine={engine.clone()} scenario={state.scenario.clone()} seed={state.seed} now={state.now} lang={lang} />
                }
                if chrome {
                    <VersionCompare engine={engine.clone()} scenario={state.scenario.clone()} seed={state.seed} now={state.now} lang={lang} />
                }
                if chrome {
                    <Deferred><Inputs form={state.form.clone()} errors={state.errors.clone()} unused={state.unused_inputs()} seed={state.seed} now={state.now}
                        keygen_progress={state.keygen_progress.clone()} keys_pending={state.keys_pending()}
                        keys_generated={state.keys.is_some() && !state.keys_pending()} keygen_error={state.keygen_error.clone()}
                        lang={lang} on_action={on_action} on_new_seed={on_new_seed} on_new_keys={on_new_keys} on_clock={on_clock} /></Deferred>
                }
            </main>
        </div>
    }
}
