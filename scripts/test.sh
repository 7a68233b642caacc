#!/usr/bin/env bash
# The one test command: set-up, then every check in order, stopping at the first failure.
#
#   scripts/test.sh            (from any directory; CI runs it through .ci/run)
#
# Steps: setup -> cargo fmt --check -> clippy (native) -> clippy (wasm32) -> cargo test + fuzz ->
# the four pages' release builds (scripts/build-pages.sh: dist/, dist/day/, dist/ranges/, dist/learn/) -> size budget (gzip of
# each page's wasm+js+css <= 300 KiB) ->
# browser tests (node --test tests/e2e/, headless Debian Chromium).
set -euo pipefail

started=$SECONDS
cd "$(dirname "${BASH_SOURCE[0]}")/.."

rustfmt_color=auto
if [ "${CI:-}" = true ] || [ -n "${NO_COLOR:-}" ]; then
  export CARGO_TERM_COLOR=never TRUNK_COLOR=never
  rustfmt_color=never
fi
# trunk 0.21 reads NO_COLOR as a strict true/false flag that conflicts with TRUNK_COLOR
# (NO_COLOR=1, the usual spelling, stops it with a usage error): it gets TRUNK_COLOR instead.
unset NO_COLOR
# trunk: no crates.io "new version" lookup (this machine's network is closed).
export TRUNK_SKIP_VERSION_CHECK=true

elapsed() {
  local s=$((SECONDS - started))
  printf '%d min %02d s' $((s / 60)) $((s % 60))
}

TOTAL_STEPS=8
step_no=0
current=""
# Banner and total time on the way out, pass or fail.
on_exit() {
  local rc=$?
  if [ "$rc" -ne 0 ]; then
    echo
    echo "==== FAILED at step ${step_no}/${TOTAL_STEPS}: ${current:-setup} (exit $rc) ===="
    echo "test.sh: FAILED after $(elapsed) (total wall time)"
  fi
}
trap on_exit EXIT

step() {
  step_no=$((step_no + 1))
  current=$1
  echo
  echo "==== [${step_no}/${TOTAL_STEPS}] $1 ===="
}

step "setup (scripts/setup.sh: installs only what is missing)"
# shellcheck source=scripts/setup.sh
source scripts/setup.sh

step "cargo fmt --check"
cargo fmt --all --check -- --color "$rustfmt_color"

step "cargo clippy --all-targets -- -D warnings (native)"
cargo clippy --all-targets -- -D warnings

step "cargo clippy --target wasm32-unknown-unknown --lib --bins -- -D warnings (the four pages' builds)"
cargo clippy --target wasm32-unknown-unknown --lib --bins -- -D warnings
cargo clippy --target wasm32-unknown-unknown --lib --bins --features day-page -- -D warnings
cargo clippy --target wasm32-unknown-unknown --lib --bins --features ranges-page -- -D warnings
cargo clippy --target wasm32-unknown-unknown --lib --bins --features learn-page -- -D warnings

step "cargo test (native), then a brief fuzz (scripts/fuzz.sh: 4,000 in-process cases)"
cargo test
# The fuzzer at test size, in the dev profile cargo test just built (scripts/fuzz.sh runs it
# at scale); a few seconds.
FUZZ_PROFILE=dev scripts/fuzz.sh --cases 4000 --seed "${FUZZ_SEED:-1}"

step "trunk build --release of the four pages (scripts/build-pages.sh: dist/, dist/day/, dist/ranges/ and dist/learn/; standard library built with the app)"
scripts/build-pages.sh --release

step "size budget (node scripts/size-budget.mjs)"
node scripts/size-budget.mjs dist

step "browser tests (node --test tests/e2e/)"
node --test tests/e2e/

echo
echo "==== all ${TOTAL_STEPS} steps passed ===="
echo "test.sh: passed in $(elapsed) (total wall time)"
