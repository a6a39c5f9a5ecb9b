//! Native counterpart of the browser benchmark (`bash web/bench/run.sh` runs both): the same
//! workloads (`work.rs`, shared with the wasm harness) timed with `Instant`.
//!
//! `cargo run --release -p tlsim-core --example bench -- [handshake_iters] [keygen_iters_1024] [keygen_iters_2048]`
//! prints one JSON object: `{"handshake": {...}, "keygen1024": [...], "keygen2048": [...]}` (ms).

mod work;

use std::sync::OnceLock;
use std::time::Instant;

fn now_ms() -> f64 {
    static T0: OnceLock<Instant> = OnceLock::new();
    T0.get_or_init(Instant::now).elapsed().as_secs_f64() * 1000.0
}

fn arg(i: usize, default: u32) -> u32 {
    std::env::args()
        .nth(i)
        .and_then(|a| a.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let (n, k1, k2) = (arg(1, 51), arg(2, 21), arg(3, 11));
    let hs = work::bench_handshake(n, now_ms);
    let g1 = work::bench_keygen(1024, k1, now_ms);
    let g2 = work::bench_keygen(2048, k2, now_ms);
    println!("{{\"handshake\":{hs},\"keygen1024\":{g1},\"keygen2048\":{g2}}}");
}
