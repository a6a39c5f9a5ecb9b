//! The simulator page (Yew). It renders the core's transcript and never computes crypto itself.
#![forbid(unsafe_code)]
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

pub mod app;
pub mod changes;
pub mod components;
pub mod form;
pub mod moment;
pub mod state;

use wasm_bindgen::JsCast;

/// Show a panic on the page (instead of a dead page) and in the console.
fn install_panic_hook() {
    yew::set_custom_panic_hook(Box::new(|info| {
        let document = web_sys::window().and_then(|w| w.document());
        // `<html lang>` follows the page's language (`i18n::set_document_lang`).
        let lang = document
            .as_ref()
            .and_then(|d| d.document_element())
            .and_then(|e| e.get_attribute("lang"))
            .unwrap_or_default();
        let msg = i18n::panic_message(&lang, &info.to_string());
        gloo::console::error!(msg.clone());
        let panel = document.and_then(|d| d.get_element_by_id("panic"));
        if let Some(el) = panel {
            el.set_text_content(Some(&msg));
            let _ = el.remove_attribute("hidden");
        }
    }));
}

/// Mount the page into `#app` (or the body), its core running in the engine worker.
pub fn start() {
    install_panic_hook();
    let props = app::AppProps {
        engine: engine::Engine::worker(engine::ENGINE_WORKER_URL),
    };
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"))
        .and_then(|e| e.dyn_into::<web_sys::Element>().ok());
    match root {
        Some(root) => {
            root.set_inner_html("");
            yew::Renderer::<app::App>::with_root_and_props(root, props).render();
        }
        None => {
            yew::Renderer::<app::App>::with_props(props).render();
        }
    }
}

// Share, embed, export and Korean (issue 5): self-contained modules, see each module's
// "How to integrate" section.
pub mod download;
pub mod embed;
pub mod engine;
pub mod engine_jobs;
pub mod engine_protocol;
pub mod i18n;
pub mod keygen_protocol;
pub mod perf;
pub mod url;
