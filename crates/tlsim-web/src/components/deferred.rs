//! A part of the page rendered after the first paint (issue 11): what lies below the fold at
//! start-up (the downloads, the inputs) is made in a task of its own, so the task that paints the
//! stage is not also building them. Once shown it stays shown and renders like any child.

use gloo::render::{request_animation_frame, AnimationFrame};
use gloo::timers::callback::Timeout;
use yew::prelude::*;

/// Props of [`Deferred`].
#[derive(Properties, PartialEq)]
pub struct DeferredProps {
    /// what to show once the page has painted
    pub children: Html,
}

/// Shows its children from the task after the next paint (a frame, then a timeout); nothing until
/// then.
#[function_component]
pub fn Deferred(p: &DeferredProps) -> Html {
    let ready = use_state(|| false);
    {
        let ready = ready.clone();
        let pending = use_mut_ref(|| None::<(AnimationFrame, Option<Timeout>)>);
        use_effect_with((), move |_| {
            let slot = pending.clone();
            let frame = request_animation_frame(move |_| {
                let t = Timeout::new(0, move || ready.set(true));
                if let Some(s) = slot.borrow_mut().as_mut() {
                    s.1 = Some(t);
                }
            });
            *pending.borrow_mut() = Some((frame, None));
            move || drop(pending.borrow_mut().take())
        });
    }
    // Always one wrapper (`display: contents`, so no box of its own): a component that renders
    // nothing beside others trips Yew 0.23's insertion (see `detail.rs`).
    html! {
        <div class="deferred" data-ready={ready.to_string()}>
            if *ready { { p.children.clone() } }
        </div>
    }
}
