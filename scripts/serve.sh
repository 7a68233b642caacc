#!/usr/bin/env bash
# Development server: set-up, the Day, Ranges and Learn pages built once (day/, ranges/, learn/:
# scripts/build-pages.sh --day-only),
# then `trunk serve` of the growth page on 127.0.0.1 with live reload (it copies the Day page in;
# rerun this script to see changes on the Day page).
#
#   scripts/serve.sh               http://127.0.0.1:8080/
#   PORT=9000 scripts/serve.sh     another port
#
# Extra arguments go to `trunk serve` (e.g. scripts/serve.sh --release).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/setup.sh
source scripts/setup.sh

# trunk 0.21 reads NO_COLOR as a strict true/false flag (NO_COLOR=1 is a usage error for it).
if [ -n "${NO_COLOR:-}" ]; then
  export TRUNK_COLOR=never
  unset NO_COLOR
fi

PORT="${PORT:-8080}"
case "$PORT" in
  '' | *[!0-9]*) echo "serve.sh: PORT must be a number, got '$PORT'" >&2; exit 2 ;;
esac

echo
echo "================================================================"
echo "  Scalemap dev server: http://127.0.0.1:${PORT}/"
echo "  (first build takes a minute or two; Ctrl-C stops it)"
echo "================================================================"
echo

# --skip-version-check: no crates.io lookup for a newer trunk. Trunk.toml sets offline = true
# (no tool downloads, cargo --offline); --disable-address-lookup skips reverse-DNS names of the
# address, so trunk's log shows just http://127.0.0.1:PORT/.
# A release build (--release) is built as the test command builds it (scripts/release-env.sh).
release=()
for arg in "$@"; do
  if [ "$arg" = --release ]; then
    # shellcheck source=scripts/release-env.sh
    source scripts/release-env.sh
    release=("${RELEASE_ENV[@]}")
  fi
done
day=()
[ ${#release[@]} -gt 0 ] && day=(--release)
scripts/build-pages.sh --day-only "${day[@]}"
exec env "${release[@]}" trunk --skip-version-check serve --address 127.0.0.1 --port "$PORT" --disable-address-lookup "$@"
