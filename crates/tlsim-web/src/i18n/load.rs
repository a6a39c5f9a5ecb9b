//! The page's texts come per language (issue 11): the page's binary is built without the
//! compiled tables (`tlsim-text` without its `embedded` feature) and fetches
//! `text/<lang>.json` (generated from the same tables, copied by trunk from `web/static/text/`)
//! from its own origin, by a relative URL.
//!
//! - Start-up ([`boot`]): the language the URL opens in (`lang=`, as [`crate::url`] reads it,
//!   English by default) is fetched and installed before the first render; the bilingual loading
//!   shell of index.html stays on screen meanwhile. index.html's `text/early.js` starts that
//!   fetch while the wasm downloads; the page takes its response (`window.__tlsimTexts`) when the
//!   language matches, and fetches the table itself otherwise.
//! - A switch ([`when_loaded`]): the other language is fetched once, then the page re-renders.
//! - A table of another build (its `version` is not [`tlsim_text::TABLES_VERSION`]: a cache
//!   kept it across a deploy) is fetched once more as `text/<lang>.json?v=<version>`.
//! - A failure (no file, not a table): index.html's bilingual `#text-error` is shown (the page
//!   cannot say it in a language it failed to load), the reason goes to the console, nothing
//!   panics. At start-up the page then stays on that message; on a switch it keeps its language.
//!
//! With the tables compiled in (the wasm tests, the native build) every language is loaded and
//! both calls go straight on.

use super::Lang;

/// Where the table of `lang` is, relative to the page.
pub fn table_url(lang: Lang) -> String {
    format!("text/{}.json", lang.code())
}

/// Fetch the texts of the URL's language, then `start` the page (see the module).
pub fn boot(start: fn()) {
    let lang = crate::url::read_location().state.lang.unwrap_or_default();
    // `tlsim:texts`: from here to the texts installed (the fetch, the parse), see `perf.rs`.
    let started = crate::perf::mark_start("tlsim:texts");
    when_loaded(lang, move || {
        crate::perf::end("tlsim:texts", started);
        start();
    });
}

/// Run `then` once the texts of `lang` are installed: now if they are, or after fetching them.
/// If they cannot be loaded, `then` never runs and the page says so (see the module).
pub fn when_loaded(lang: Lang, then: impl FnOnce() + 'static) {
    if tlsim_text::is_loaded(lang) {
        then();
        return;
    }
    #[cfg(target_arch = "wasm32")]
    yew::platform::spawn_local(async move {
        match fetch_and_install(lang).await {
            Ok(()) => then(),
            Err(why) => show_failure(lang, &why),
        }
    });
    #[cfg(not(target_arch = "wasm32"))]
    show_failure(lang, "no browser to fetch the texts from");
}

#[cfg(target_arch = "wasm32")]
async fn fetch_and_install(lang: Lang) -> Result<(), String> {
    use tlsim_text::TablesError;
    let stale = |r: &Result<(), TablesError>| matches!(r, Err(TablesError::Stale { .. }));
    // 1. The response of index.html's early script (started while the wasm downloaded).
    let mut first = None;
    if let Some(Ok(body)) = early_text(lang).await {
        let r = tlsim_text::install(lang, &body);
        if r.is_ok() {
            return Ok(());
        }
        first = Some(r);
    }
    // 2. Not there (or not a table): fetch it.
    let url = table_url(lang);
    if !first.as_ref().is_some_and(stale) {
        let r = tlsim_text::install(lang, &fetch_text(&url).await?);
        if !stale(&r) {
            return r.map_err(|e| format!("{url}: {e}"));
        }
    }
    // 3. A table of another build (a cache after a deploy): once more, past the caches.
    let url = format!("{url}?v={}", tlsim_text::TABLES_VERSION);
    tlsim_text::install(lang, &fetch_text(&url).await?).map_err(|e| format!("{url}: {e}"))
}

/// The body of `url`, or why not.
#[cfg(target_arch = "wasm32")]
async fn fetch_text(url: &str) -> Result<String, String> {
    let resp = gloo::net::http::Request::get(url)
        .send()
        .await
        .map_err(|e| format!("{url}: {e}"))?;
    if !resp.ok() {
        return Err(format!("{url}: HTTP {}", resp.status()));
    }
    resp.text().await.map_err(|e| format!("{url}: {e}"))
}

/// The response of `web/static/text/early.js` (`window.__tlsimTexts`), taken once, if it is the
/// table of `lang`.
#[cfg(target_arch = "wasm32")]
async fn early_text(lang: Lang) -> Option<Result<String, String>> {
    use wasm_bindgen::{JsCast, JsValue};
    let window = web_sys::window()?;
    let key = JsValue::from_str("__tlsimTexts");
    let early = js_sys::Reflect::get(&window, &key).ok();
    // Taken, or too late: `null` tells an early.js that runs only now (an async script can lose
    // the race with the wasm on a busy machine) not to fetch the table a second time.
    let _ = js_sys::Reflect::set(&window, &key, &JsValue::NULL);
    let early = early.filter(|v| v.is_object())?;
    let early_lang = js_sys::Reflect::get(&early, &JsValue::from_str("lang"))
        .ok()?
        .as_string()?;
    if early_lang != lang.code() {
        return None;
    }
    let text = js_sys::Reflect::get(&early, &JsValue::from_str("text"))
        .ok()?
        .dyn_into::<js_sys::Promise>()
        .ok()?;
    Some(
        wasm_bindgen_futures::JsFuture::from(text)
            .await
            .map_err(|e| format!("{e:?}"))
            .and_then(|v| v.as_string().ok_or_else(|| "not a text".to_string())),
    )
}

/// Show index.html's `#text-error` (and hide the loading shell, if it is still there).
fn show_failure(lang: Lang, why: &str) {
    #[cfg(not(target_arch = "wasm32"))]
    let _ = (lang, why);
    #[cfg(target_arch = "wasm32")]
    show_failure_on_page(lang, why);
}

#[cfg(target_arch = "wasm32")]
fn show_failure_on_page(lang: Lang, why: &str) {
    gloo::console::error!(format!("texts of {lang} not loaded: {why}"));
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Some(el) = doc.get_element_by_id("text-error") {
        let _ = el.remove_attribute("hidden");
    }
    if let Ok(Some(shell)) = doc.query_selector("#app > .loading") {
        let _ = shell.set_attribute("hidden", "");
    }
}
