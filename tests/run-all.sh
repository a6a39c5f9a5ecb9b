#!/usr/bin/env bash
# README command 2: set up what is missing (incl. chromium, chromedriver, tshark, cargo-deny), then
# run every test layer and fail if any layer fails or runs no test:
#   1. format and lints      cargo fmt --check; cargo clippy (native and wasm32) -D warnings
#   2. native tests          cargo test (core known answers, codec, handshakes, OpenSSL on loopback, CLI, page logic)
#   3. wasm tests            #[wasm_bindgen_test] in headless Chromium (wasm-bindgen-test-runner)
#   4. release page build    trunk build --release -> dist/
#   5. end-to-end tests      web/e2e/*.spec.mjs, playwright-core + /usr/bin/chromium vs dist/ on 127.0.0.1
#   6. supply chain          cargo deny check licenses bans sources (advisories need GitHub: see README)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
bash web/setup.sh --test
export PATH="$HOME/.cargo/bin:$ROOT/web/node_modules/.bin:$PATH"
export CARGO_TERM_COLOR=never
LOGDIR=$(mktemp -d)
SUMMARY=()
START=$(date +%s)

step() { printf '\n\033[1;32m==> %s\033[0m\n' "$*"; }
# Sum "N passed" over cargo's "test result:" lines of a log; fail the run if it is zero.
count_cargo() {
  local n
  n=$(grep -E '^test result: ' "$1" | sed -E 's/.* ([0-9]+) passed.*/\1/' | awk '{s+=$1} END {print s+0}')
  if [[ "$n" == 0 ]]; then echo "no tests ran in layer: $2" >&2; exit 1; fi
  SUMMARY+=("$2: $n passed")
}

step "1. format and lints"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo clippy -p tlsim-web --target wasm32-unknown-unknown --all-targets --locked -- -D warnings
SUMMARY+=("fmt + clippy (native, wasm32): clean")

step "2. native tests"
cargo test --workspace --locked 2>&1 | tee "$LOGDIR/native.log"
count_cargo "$LOGDIR/native.log" "native cargo test"

step "3. wasm tests in headless Chromium"
(cd crates/tlsim-web && cargo test --target wasm32-unknown-unknown --locked) 2>&1 | tee "$LOGDIR/wasm.log"
count_cargo "$LOGDIR/wasm.log" "wasm tests (headless Chromium)"

step "4. release build of the page"
rm -rf dist
trunk build --release 2>&1 | tail -5
test -s dist/index.html
SUMMARY+=("trunk build --release: $(du -sh dist | cut -f1) in dist/")

step "5. end-to-end tests (playwright-core + /usr/bin/chromium)"
mkdir -p web/e2e/out
node web/e2e/serve.mjs > "$LOGDIR/serve.url" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 50); do [[ -s "$LOGDIR/serve.url" ]] && break; sleep 0.1; done
export BASE_URL=$(cat "$LOGDIR/serve.url")
e2e_passed=0
shopt -s nullglob
specs=(web/e2e/*.spec.mjs)
((${#specs[@]})) || { echo "no end-to-end specs found" >&2; exit 1; }
for spec in "${specs[@]}"; do
  echo "--- $spec"
  node "$spec" 2>&1 | tee "$LOGDIR/e2e.log"
  n=$(grep -cE '^ok - ' "$LOGDIR/e2e.log" || true)
  e2e_passed=$((e2e_passed + n))
done
((e2e_passed > 0)) || { echo "no end-to-end test ran" >&2; exit 1; }
SUMMARY+=("end-to-end (${#specs[@]} specs): $e2e_passed passed")

step "6. supply chain (offline checks)"
cargo deny check --hide-inclusion-graph licenses bans sources
SUMMARY+=("cargo deny licenses bans sources: ok")

step "summary ($(( $(date +%s) - START )) s)"
printf '  %s\n' "${SUMMARY[@]}"
