#!/usr/bin/env bash
# README command 1: set up what is missing, then serve the simulator on http://127.0.0.1:8080
set -euo pipefail
cd "$(dirname "$0")/.."
bash web/setup.sh
export PATH="$HOME/.cargo/bin:$PWD/web/node_modules/.bin:$PATH"
exec trunk serve --address 127.0.0.1 --port "${PORT:-8080}" "$@"
