//! The wasm benchmark harness (not part of the page: index.html does not name it, trunk never
//! builds it). `bash web/bench/run.sh` builds it with
//! `cargo build --release --target wasm32-unknown-unknown -p tlsim-web --bin bench` and
//! `wasm-bindgen --target web`, and calls its exports from a bench page in headless Chromium.
//! The workloads are the native example's, included by path, timed with `performance.now()`.
//! Natively this binary does nothing (it only has to compile with the workspace).

#[allow(dead_code)]
#[path = "../../../tlsim-core/examples/bench/work.rs"]
mod work;

use wasm_bindgen::prelude::*;

fn now_ms() -> f64 {
    // `performance` from the global object: works on a page and in a worker.
    js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("performance"))
        .ok()
        .and_then(|p| p.dyn_into::<web_sys::Performance>().ok())
        .map(|p| p.now())
        .unwrap_or_else(js_sys::Date::now)
}

/// `iters` handshakes with keys given, and `iters` runs of `simulate` (JSON, ms per run).
#[wasm_bindgen]
pub fn bench_handshake(iters: u32) -> String {
    work::bench_handshake(iters, now_ms)
}

/// `iters` RSA key generations of `bits` bits (JSON list, ms per run).
#[wasm_bindgen]
pub fn bench_keygen(bits: u32, iters: u32) -> String {
    work::bench_keygen(bits as usize, iters, now_ms)
}

fn main() {}
