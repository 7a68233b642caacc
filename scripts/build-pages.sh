#!/usr/bin/env bash
# Builds the site: first the Day page (day/index.html, the app with the cargo feature `day-page`)
# into target/day-dist, the Ranges page (ranges/index.html, feature `ranges-page`) into
# target/ranges-dist and the Learn page (learn/index.html, feature `learn-page`) into
# target/learn-dist, then the growth page (index.html), whose build copies them in as day/,
# ranges/ and learn/ (`copy-dir`s in index.html). Each build runs the post-build hook on its own files; the
# growth page's writes the site's one _headers, allowing every page's loader (scripts/csp.mjs).
#
# usage: scripts/build-pages.sh [--release] [--dist DIR]
#   --release   release builds with the standard library compiled with the app
#               (scripts/release-env.sh), as scripts/test.sh ships them
#   --dist DIR  where the site goes (default: dist/, trunk's)
#   --day-only  only the Day, Ranges and Learn pages (scripts/serve.sh: trunk serve builds the growth
#               page)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

flags=()
envs=()
dist=()
day_only=
while [ $# -gt 0 ]; do
  case "$1" in
    --release)
      # shellcheck source=scripts/release-env.sh
      source scripts/release-env.sh
      envs=("${RELEASE_ENV[@]}")
      flags=(--release)
      ;;
    --dist) dist=(--dist "$2"); shift ;;
    --day-only) day_only=1 ;;
    *) echo "build-pages.sh: unknown argument '$1' (see the usage at the top)" >&2; exit 2 ;;
  esac
  shift
done
env "${envs[@]}" trunk build "${flags[@]}" --dist target/day-dist day/index.html
env "${envs[@]}" trunk build "${flags[@]}" --dist target/ranges-dist ranges/index.html
env "${envs[@]}" trunk build "${flags[@]}" --dist target/learn-dist learn/index.html
if [ -z "$day_only" ]; then
  env "${envs[@]}" trunk build "${flags[@]}" "${dist[@]}"
fi
