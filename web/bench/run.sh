#!/usr/bin/env bash
# The benchmark (issue 6): builds the release page and a wasm harness, runs the native counterpart,
# then measures everything in ONE headless Chromium run (web/bench/bench.mjs). Writes
# bench-out/results.md, results.json and chart.svg, prints the table, and copies the table and the
# chart to web/bench/results/<date>-results.md / <date>-chart.svg.
#
#   bash web/bench/run.sh
#   BENCH_HANDSHAKES=101 BENCH_KEYGEN_1024=31 BENCH_KEYGEN_2048=21 BENCH_LOADS=9 bash web/bench/run.sh
#
# Tools come from `bash web/setup.sh --test` (trunk, wasm-bindgen, wasm-opt, playwright-core,
# chromium); this script runs it (idempotent: it installs only what is missing).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
export PATH="$HOME/.cargo/bin:$ROOT/web/node_modules/.bin:$PATH"
log() { printf '\033[1;34m[bench]\033[0m %s\n' "$*" >&2; }

bash web/setup.sh --test

# 1. The release page, exactly as shipped (same index.html, Trunk.toml and profile).
#    Into a private dist (bench-out/dist): a shared dist/ may be rebuilt by someone else mid-run.
log "trunk build --release --dist bench-out/dist"
mkdir -p bench-out
trunk build --release --dist bench-out/dist >/dev/null

# 2. The wasm harness (crates/tlsim-web/src/bin/bench.rs; not a trunk target of index.html), with
#    the same release profile, then wasm-bindgen, and wasm-opt at the level trunk used for the page.
log "building the wasm harness"
cargo build --release --target wasm32-unknown-unknown -p tlsim-web --bin bench
rm -rf bench-out/pkg && mkdir -p bench-out/pkg
wasm-bindgen --target web --out-dir bench-out/pkg target/wasm32-unknown-unknown/release/bench.wasm
# trunk runs wasm-opt on --release builds: the level of data-wasm-opt, else its default (-O).
level=$(grep -o 'data-bin="tlsim-web"[^>]*data-wasm-opt="[^"]*"' index.html | sed 's/.*data-wasm-opt="\(.*\)"/\1/' || true)
log "wasm-opt -O${level} on the harness (as trunk does for the page)"
wasm-opt "-O${level}" --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals bench-out/pkg/bench_bg.wasm -o bench-out/pkg/bench_bg.wasm

# 3. The native counterpart: the same workloads, same profile.
N_HS=${BENCH_HANDSHAKES:-51}; N_K1=${BENCH_KEYGEN_1024:-21}; N_K2=${BENCH_KEYGEN_2048:-11}
log "native: cargo run --release -p tlsim-core --example bench -- $N_HS $N_K1 $N_K2"
cargo run --release -q -p tlsim-core --example bench -- "$N_HS" "$N_K1" "$N_K2" > bench-out/native.json
#    ... and the honest native reference: the same code at opt-level 3 (profile `release-o3`), what a
#    native program would ship; the page's profile is opt-level "z" for size.
log "native at opt-level 3: cargo run --profile release-o3 -p tlsim-core --example bench"
cargo run --profile release-o3 -q -p tlsim-core --example bench -- "$N_HS" "$N_K1" "$N_K2" > bench-out/native-o3.json

# 4. The browser run.
log "headless Chromium"
node web/bench/bench.mjs

# 4b. Interaction latency per kind of edit (issue 11): input event to next paint, this page and,
#     if BENCH_REF_DIST names another release dist (e.g. main's), that one in the same run.
log "interaction latency"
node web/bench/interaction.mjs page=bench-out/dist ${BENCH_REF_DIST:+ref=$BENCH_REF_DIST}
cat bench-out/interaction.md >> bench-out/results.md
log "main-thread time by cause (User Timing marks)"
node web/bench/marks.mjs page=bench-out/dist ${BENCH_REF_DIST:+ref=$BENCH_REF_DIST}
cat bench-out/marks.md >> bench-out/results.md
# 4c. The physical anchor: one RSA-2048 private-key operation in OpenSSL (sign/s -> ms each).
if command -v openssl >/dev/null; then
  openssl speed -seconds 2 rsa2048 2>/dev/null | awk '/^rsa 2048/ {printf "\nOpenSSL rsa2048 (native, this machine): one private-key operation %.3f ms (%s signs/s).\n", $4*1000, $6}' \
    >> bench-out/results.md || true
fi

# 4d. Lighthouse 12 on the release dist/ served with gzip (mobile profile), median of 3 runs.
#     Its npm package lives in web/bench/ (bench-only, not a test dependency).
if [[ ! -x web/bench/node_modules/.bin/lighthouse || web/bench/package-lock.json -nt web/bench/node_modules/.package-lock.json ]]; then
  log "installing lighthouse@12.2.3 in web/bench (npm ci)"
  (cd web/bench && npm ci --no-audit --no-fund)
fi
log "lighthouse (mobile)"
node web/bench/lighthouse.mjs bench-out/dist
cat bench-out/lighthouse.md >> bench-out/results.md

# 5. Keep a dated copy of the table and the chart.
day=$(date -u +%F)
mkdir -p web/bench/results
cp bench-out/results.md "web/bench/results/$day-results.md"
cp bench-out/chart.svg "web/bench/results/$day-chart.svg"
log "wrote bench-out/ and web/bench/results/$day-{results.md,chart.svg}"
