#!/usr/bin/env bash
# Idempotent set-up for this project on a fresh Debian machine with rustup, node and npm.
# Installs only what is missing, from package registries (no binary or browser downloads):
#   - the wasm32-unknown-unknown target, rustfmt, clippy
#   - trunk 0.21.14 (0.22 needs a newer rustc)
#   - wasm-bindgen-cli at the exact version in Cargo.lock (also gives wasm-bindgen-test-runner)
#   - npm deps in web/ (binaryen@132 for wasm-opt, playwright-core, @axe-core/playwright + axe-core)
#   - with --test: Debian chromium + chromium-driver, tshark, openssl, gnutls-bin, fonts-nanum;
#     cargo-deny; tlslite-ng in target/tlslite-venv (pip)
# Usage: bash web/setup.sh [--test]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WANT_TEST=0
[[ "${1:-}" == "--test" ]] && WANT_TEST=1

log() { printf '\033[1;34m[setup]\033[0m %s\n' "$*" >&2; }
export PATH="$HOME/.cargo/bin:$ROOT/web/node_modules/.bin:$PATH"

# 1. Rust target and components.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
for c in rustfmt clippy; do
  rustup component list --installed | grep -q "^$c" || rustup component add "$c"
done

# 2. trunk, pinned: 0.22.x refuses rustc 1.95.
TRUNK_VERSION=0.21.14
if [[ "$(trunk --version 2>/dev/null || true)" != "trunk $TRUNK_VERSION" ]]; then
  log "installing trunk $TRUNK_VERSION (about 6 minutes on 2 cores)"
  cargo install --locked trunk --version "$TRUNK_VERSION"
fi

# 3. wasm-bindgen-cli must equal the wasm-bindgen in Cargo.lock.
WB_VERSION=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
if [[ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WB_VERSION" ]]; then
  log "installing wasm-bindgen-cli $WB_VERSION (about 2 minutes)"
  # --locked fails for 0.2.130 (its lockfile pins a crate missing from the index): retry without.
  cargo install --locked wasm-bindgen-cli --version "$WB_VERSION" \
    || cargo install --force wasm-bindgen-cli --version "$WB_VERSION"
fi
# Trunk.toml must name the same version, or trunk (offline) refuses to build.
grep -q "wasm_bindgen = \"$WB_VERSION\"" Trunk.toml || {
  echo "Trunk.toml [tools] wasm_bindgen does not match Cargo.lock ($WB_VERSION)" >&2; exit 1; }

# 4. npm deps (wasm-opt from binaryen@132, playwright-core, axe for the accessibility e2e spec).
if [[ ! -x web/node_modules/.bin/wasm-opt || ! -d web/node_modules/playwright-core \
      || ! -d web/node_modules/@axe-core/playwright || ! -d web/node_modules/axe-core \
      || web/package-lock.json -nt web/node_modules/.package-lock.json ]]; then
  log "installing npm deps in web/"
  (cd web && npm ci --no-audit --no-fund)
fi

# 5. Crates, so that trunk's offline build finds them.
cargo fetch --locked >/dev/null 2>&1 || cargo fetch

if [[ $WANT_TEST == 1 ]]; then
  # 6. Test tools: a real browser and driver, tshark, openssl (Debian packages).
  missing=()
  [[ -x /usr/bin/chromium ]] || missing+=(chromium)
  [[ -x /usr/bin/chromedriver ]] || missing+=(chromium-driver)
  command -v tshark >/dev/null || missing+=(tshark)
  command -v openssl >/dev/null || missing+=(openssl)
  # A second real TLS stack for the interop tests (gnutls-cli, gnutls-serv).
  command -v gnutls-cli >/dev/null || missing+=(gnutls-bin)
  python3 -c 'import ensurepip' 2>/dev/null || missing+=(python3-venv)
  # A CJK font, so that Korean renders in headless screenshots (not boxes).
  [[ -d /usr/share/fonts/truetype/nanum ]] || missing+=(fonts-nanum)
  if ((${#missing[@]})); then
    log "installing ${missing[*]} (apt)"
    SUDO=""; [[ $(id -u) == 0 ]] || SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  # 7. cargo-deny for the offline supply-chain checks (licenses, bans, sources).
  if ! cargo deny --version >/dev/null 2>&1; then
    log "installing cargo-deny (about 4 minutes)"
    cargo install --locked cargo-deny
  fi
fi
if [[ $WANT_TEST == 1 ]]; then
  # 8. tlslite-ng (pure-Python TLS, from the Python package index) as a scriptable client for
  #    the hostile-peer tests, in a virtualenv of its own (target/tlslite-venv).
  VENV=$ROOT/target/tlslite-venv
  if ! "$VENV/bin/python" -c 'import tlslite' 2>/dev/null; then
    log "installing tlslite-ng 0.8.2 into $VENV (pip)"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q --disable-pip-version-check 'tlslite-ng==0.8.2' 'ecdsa>=0.18'
  fi
fi
log "tools ready: $(trunk --version), $(wasm-bindgen --version), wasm-opt $(wasm-opt --version | awk '{print $3}')"
