#!/usr/bin/env bash
# The benchmark command: builds the release site and the CLI, serves the site on 127.0.0.1,
# drives headless Chromium against it and against Mermaid and Chart.js (pinned in
# bench/package.json), and writes bench/out/report.json and bench/out/report.md (printed at the
# end). Not part of scripts/test.sh. Takes 10 to 15 minutes once the toolchain is installed.
#
#   bench/run.sh                 the full run (from any directory)
#   BENCH_QUICK=1 bench/run.sh   a quick check of the script itself (few samples)
#
# Environment: BENCH_SKIP_BUILD=1 (use the existing dist/ and target/release/scalemap),
# BENCH_SKIP_TWIGGY=1 (no `cargo install twiggy`, no size breakdown), BENCH_DIST=DIR (build the
# site into DIR instead of dist/), and bench/bench.mjs's sample counts (BENCH_LOADS, ...).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD
export TRUNK_SKIP_VERSION_CHECK=true

echo "==== bench: set-up (scripts/setup.sh) ===="
# shellcheck source=scripts/setup.sh
source scripts/setup.sh

echo "==== bench: npm packages in bench/ (playwright-core, mermaid, chart.js) ===="
stamp=bench/node_modules/.scalemap-bench-stamp
hash=$(cat bench/package.json bench/package-lock.json | sha256sum | cut -d' ' -f1)
if [ -d bench/node_modules ] && [ "$(cat "$stamp" 2>/dev/null || true)" = "$hash" ]; then
  echo "ok: already installed"
else
  npm --prefix bench ci --no-audit --no-fund --loglevel=error
  echo "$hash" >"$stamp"
fi

if [ "${BENCH_SKIP_TWIGGY:-}" != 1 ]; then
  echo "==== bench: twiggy (wasm size breakdown) ===="
  if command -v twiggy >/dev/null 2>&1; then
    echo "ok: $(twiggy --version) already present"
  else
    # A few minutes of compiling, once; the benchmark carries on without it if it fails.
    echo "installing twiggy (cargo install, about 3-6 min) ..."
    cargo install twiggy --locked >"${TMPDIR:-/tmp}/scalemap-bench-twiggy.log" 2>&1 \
      || echo "warning: cargo install twiggy failed (see ${TMPDIR:-/tmp}/scalemap-bench-twiggy.log): no size breakdown"
  fi
fi

dist=${BENCH_DIST:-dist}
if [ "${BENCH_SKIP_BUILD:-}" != 1 ]; then
  echo "==== bench: cargo build --release (the CLI) ===="
  cargo build --release --bin scalemap
  echo "==== bench: trunk build --release of the four pages (into $dist/) ===="
  scripts/build-pages.sh --release --dist "$dist"
fi

echo "==== bench: node bench/bench.mjs ===="
BENCH_DIST="$dist" node bench/bench.mjs

# The soak of the test command at the probe's length (issue 16: 2,730 edits; about 10 minutes):
# wasm memory and JS heap at start, after warm-up and at the end, and a failure if the wasm
# memory kept growing.
soak_edits=${BENCH_SOAK_EDITS:-2730}
if [ -n "${BENCH_QUICK:-}" ]; then soak_edits=100; fi
echo "==== bench: soak, $soak_edits edits (tests/e2e/soak.test.mjs) ===="
SOAK_EDITS="$soak_edits" SCALEMAP_DIST="$dist" node --test tests/e2e/soak.test.mjs

echo
cat "$root/bench/out/report.md"
