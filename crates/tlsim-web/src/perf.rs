//! User Timing marks (issue 11): where the page's main-thread time goes, named so that a
//! profiler or `performance.getEntriesByType("measure")` can read it in a release build (whose
//! wasm has no function names). `tlsim:simulate` is one run of the core, from the request to
//! the engine worker to its answer (the main thread is free meanwhile), `tlsim:decode` the
//! reading of an answer on the main thread, `tlsim:render` one
//! render of the page from the reducer's state to the DOM (effects run after the commit).
//! Outside the browser (native tests) these do nothing.

/// Run `f`, recording it as the measure `name`.
pub fn measure<T>(name: &str, f: impl FnOnce() -> T) -> T {
    let start = mark_start(name);
    let out = f();
    end(name, start);
    out
}

/// Start the measure `name` (its end comes from [`end`]).
pub fn mark_start(name: &str) -> bool {
    #[cfg(target_arch = "wasm32")]
    {
        if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
            return p.mark(&format!("{name}:start")).is_ok();
        }
    }
    let _ = name;
    false
}

/// End the measure `name` started by [`mark_start`] (`started`: what it returned).
pub fn end(name: &str, started: bool) {
    #[cfg(target_arch = "wasm32")]
    {
        if started {
            if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
                let _ = p.measure_with_start_mark(name, &format!("{name}:start"));
            }
        }
    }
    let _ = (name, started);
}
