#!/usr/bin/env bash
# Fuzz every target of tlsim-core for a fixed budget, one after another (they share 2 cores with
# everything else). Not part of the test command: a separate, documented command.
#
#   bash crates/tlsim-core/fuzz/run.sh            # every target, 60 s each
#   bash crates/tlsim-core/fuzz/run.sh 300 x509    # one target, 5 minutes
#
# Needs the nightly toolchain (installed on this machine kind) and cargo-fuzz (installed here if
# missing). The committed seed corpus (corpus/<target>/) is read, never written: new inputs go to
# work/<target>/ (git-ignored). A crash leaves its input in artifacts/<target>/ and stops the run
# with a non-zero status; reproduce with `cargo +nightly fuzz run <target> artifacts/<target>/<file>`.
# A summary (executions, corpus size, crashes) is printed at the end and written to work/summary.txt.
set -euo pipefail
cd "$(dirname "$0")"
export PATH="$HOME/.cargo/bin:$PATH"
SECS=${1:-60}
shift || true
TARGETS=("$@")
((${#TARGETS[@]})) || TARGETS=(codec record conn_feed serve_loop x509 pem replay)

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "[fuzz] installing cargo-fuzz" >&2
  cargo install --locked cargo-fuzz
fi

mkdir -p work
: > work/summary.txt
status=0
for t in "${TARGETS[@]}"; do
  mkdir -p "work/$t"
  log="work/$t.log"
  echo "[fuzz] $t for ${SECS}s" >&2
  if cargo +nightly fuzz run "$t" "work/$t" "corpus/$t" -- \
       -max_total_time="$SECS" -print_final_stats=1 -rss_limit_mb=2048 >"$log" 2>&1; then
    result=ok
  else
    result="CRASH (see $log and artifacts/$t/)"
    status=1
  fi
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | awk '{print $2}' | tail -1)
  speed=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | awk '{print $2}' | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | awk '{print $2}')
  printf '%-10s %10s execs %8s/s  cov %6s  corpus %5s files  %s\n' "$t" "${execs:-?}" \
    "${speed:-?}" "${cov:-?}" "$(ls "work/$t" | wc -l)" "$result" | tee -a work/summary.txt
done
exit $status
