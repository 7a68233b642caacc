#!/usr/bin/env bash
# In-process fuzzing of the CLI (byte-level arguments), links, field values and the number
# reader: examples/fuzz.rs. Deterministic for a given seed; exits 1 if any case panics, prints a
# non-finite number or unparsable JSON (up to ten failing cases are printed).
#
#   scripts/fuzz.sh                         100,000 cases, seed 1, profile "fuzz" (optimised,
#                                           panics unwind so each is counted)
#   scripts/fuzz.sh --cases 10000000 --seed 7
#   FUZZ_PROFILE=dev scripts/fuzz.sh --cases 4000   (what scripts/test.sh runs: no extra build)
#   scripts/fuzz.sh --seed 1 --case 134730 --cases 1 (replays one printed case)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

profile=${FUZZ_PROFILE:-fuzz}
args=("$@")
if [ ${#args[@]} -eq 0 ]; then
  args=(--cases 100000 --seed 1)
fi
cargo run --quiet --profile "$profile" --example fuzz -- "${args[@]}"
