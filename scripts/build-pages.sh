#!/usr/bin/env bash
# Builds the site into dist/: first the Day page (day/index.html, the app with the cargo feature
# `day-page`) into target/day-dist, then the growth page (index.html), whose build copies the Day
# page in as dist/day/. Each page's build runs the post-build hook on its own files.
#
# usage: scripts/build-pages.sh [--release]
#   --release: release builds with the standard library compiled with the app
#              (scripts/release-env.sh), as scripts/test.sh ships them.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

flags=()
envs=()
if [ "${1:-}" = --release ]; then
  # shellcheck source=scripts/release-env.sh
  source scripts/release-env.sh
  envs=("${RELEASE_ENV[@]}")
  flags=(--release)
fi
env "${envs[@]}" trunk build "${flags[@]}" --dist target/day-dist day/index.html
env "${envs[@]}" trunk build "${flags[@]}"
