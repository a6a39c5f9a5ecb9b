//! The main-thread side of the key-generation web worker (`src/bin/keygen_worker.rs`): spawn it,
//! send one request, get progress and the PEMs back through Yew callbacks. RSA key generation in
//! wasm takes ~0.5 s per 2048-bit key (more in debug builds): in a worker the page never freezes.
//!
//! ## How to integrate
//!
//! index.html needs the worker built by trunk (the lead adds this line next to the main `rust` link):
//!
//! ```html
//! <link data-trunk rel="rust" href="crates/tlsim-web/Cargo.toml" data-bin="keygen_worker" data-type="worker" data-loader-shim />
//! ```
//!
//! trunk 0.21.14 names worker outputs after the bin, without a hash: `keygen_worker.js`
//! (wasm-bindgen `--target no-modules`), `keygen_worker_bg.wasm`, and with `data-loader-shim`
//! `keygen_worker_loader.js` (`importScripts("./keygen_worker.js"); wasm_bindgen("./keygen_worker_bg.wasm");`).
//! The loader is what `new Worker(..)` must load ([`KEYGEN_WORKER_URL`]): `keygen_worker.js` alone
//! defines `wasm_bindgen` but never starts it. The URL is relative, so it works under any prefix.
//!
//! ```ignore
//! let handle = worker::spawn_keygen(
//!     worker::KEYGEN_WORKER_URL,
//!     spec.request(),
//!     Callback::from(move |p: KeygenProgress| /* tf(lang, "keygen.progress", ..) */),
//!     Callback::from(move |r: Result<Vec<GeneratedKey>, String>| /* spec.apply(..); simulate */),
//! )?;
//! // keep `handle` (e.g. in a use_mut_ref) until on_done fired; dropping it terminates the worker,
//! // which is how a second "new keys" click cancels the first.
//! ```

use crate::keygen_protocol::{GeneratedKey, KeygenMessage, KeygenProgress, KeygenRequest};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use yew::Callback;

/// The worker script, relative to the page (trunk's loader shim for the `keygen_worker` bin).
pub const KEYGEN_WORKER_URL: &str = "./keygen_worker_loader.js";

/// A running worker. Dropping it terminates the worker (and no callback fires afterwards).
pub struct KeygenHandle {
    worker: web_sys::Worker,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_error: Closure<dyn FnMut(JsValue)>,
}

impl KeygenHandle {
    /// Stop the worker now.
    pub fn terminate(self) {}
}

impl Drop for KeygenHandle {
    fn drop(&mut self) {
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
    }
}

impl std::fmt::Debug for KeygenHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("KeygenHandle")
    }
}

/// Start the worker at `url` and send `request` once it reports ready. `on_progress` fires
/// before each key; `on_done` fires exactly once, with the keys in request order or an error
/// (the worker script failed to load, or the core refused a key size).
pub fn spawn_keygen(
    url: &str,
    request: KeygenRequest,
    on_progress: Callback<KeygenProgress>,
    on_done: Callback<Result<Vec<GeneratedKey>, String>>,
) -> Result<KeygenHandle, String> {
    let worker = web_sys::Worker::new(url).map_err(|e| format!("cannot start {url}: {e:?}"))?;
    let request = serde_json::to_string(&request).map_err(|e| e.to_string())?;
    let finished = Rc::new(Cell::new(false));

    let done = {
        let finished = finished.clone();
        let on_done = on_done.clone();
        move |r: Result<Vec<GeneratedKey>, String>| {
            if !finished.replace(true) {
                on_done.emit(r);
            }
        }
    };

    let on_message = {
        let worker = worker.clone();
        let done = done.clone();
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            let Some(text) = e.data().as_string() else {
                done(Err("the worker sent a message that is not text".into()));
                return;
            };
            match serde_json::from_str::<KeygenMessage>(&text) {
                Ok(KeygenMessage::Ready) => {
                    if let Err(e) = worker.post_message(&JsValue::from_str(&request)) {
                        done(Err(format!("postMessage: {e:?}")));
                    }
                }
                Ok(KeygenMessage::Progress {
                    role,
                    index,
                    total,
                    bits,
                }) => {
                    on_progress.emit(KeygenProgress {
                        role,
                        index,
                        total,
                        bits,
                    });
                }
                Ok(KeygenMessage::Done { keys }) => done(Ok(keys)),
                Ok(KeygenMessage::Error { message }) => done(Err(message)),
                Err(e) => done(Err(format!("unreadable worker message: {e}"))),
            }
        })
    };
    let on_error = {
        let done = done.clone();
        Closure::<dyn FnMut(JsValue)>::new(move |e: JsValue| {
            let msg = js_sys::Reflect::get(&e, &"message".into())
                .ok()
                .and_then(|m| m.as_string())
                .filter(|m| !m.is_empty())
                .unwrap_or_else(|| "the key generation worker failed to load or crashed".into());
            done(Err(msg));
        })
    };
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    Ok(KeygenHandle {
        worker,
        _on_message: on_message,
        _on_error: on_error,
    })
}
