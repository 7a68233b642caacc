#!/usr/bin/env bash
# Scalemap set-up: installs what building and testing need, and skips whatever is already there.
#
#   bash scripts/setup.sh      install / check everything (any cwd)
#   source scripts/setup.sh    the same, then puts tests/e2e/node_modules/.bin (npm's wasm-opt)
#                              and ~/.cargo/bin first on this shell's PATH; scripts/serve.sh and
#                              scripts/test.sh source it.
#
# Every step prints one line: "ok: X already present", or "installing X ... done (N s)".
# Installers' own output goes to a log file whose tail is printed if the step fails.
#
# Steps: rustup target wasm32-unknown-unknown; rustfmt + clippy + rust-src; Debian chromium + chromium-driver;
# crates for Cargo.lock (cargo fetch: trunk builds with --offline); wasm-bindgen-cli at exactly the
# version of `wasm-bindgen` in Cargo.lock; trunk 0.21.14; npm packages in tests/e2e (playwright-core;
# binaryen, whose wasm-opt trunk uses: Debian's binaryen 108 builds pages that die on load; terser,
# which scripts/minify-js.mjs runs on release builds).
#
# Needs: Debian 12 (or similar) as root or with sudo, rustup's cargo, Node.js >= 20 with npm, and
# crates.io, npm and Debian's package registries. Nothing is downloaded from anywhere else.

# ---------------------------------------------------------------------------------------------
# Shared by both modes: the repo root and PATH.
SCALEMAP_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export SCALEMAP_ROOT
SCALEMAP_CARGO_BIN="${CARGO_HOME:-${HOME:-/root}/.cargo}/bin"
case ":$PATH:" in
  *":$SCALEMAP_CARGO_BIN:"*) ;;
  *) PATH="$SCALEMAP_CARGO_BIN:$PATH" ;;
esac
case "$PATH:" in
  "$SCALEMAP_ROOT/tests/e2e/node_modules/.bin:"*) ;;
  *) PATH="$SCALEMAP_ROOT/tests/e2e/node_modules/.bin:$PATH" ;;
esac
export PATH

# Sourced: run the installer as its own bash process (so its `set -euo pipefail` and `exit`
# cannot leak into the caller's shell), keep the PATH above, pass its status back.
if (return 0 2>/dev/null); then
  SCALEMAP_SETUP_QUIET_HINT=1 bash "$SCALEMAP_ROOT/scripts/setup.sh" || return
  return 0
fi

# ---------------------------------------------------------------------------------------------
# Executed: the installer proper.
set -euo pipefail
cd "$SCALEMAP_ROOT"

TRUNK_VERSION=0.21.14
E2E_DIR="$SCALEMAP_ROOT/tests/e2e"
LOG_DIR="${TMPDIR:-/tmp}/scalemap-setup"
mkdir -p "$LOG_DIR"

die() {
  echo "setup: error: $*" >&2
  exit 1
}

# run_logged NAME CMD...: runs CMD with its output in $LOG_DIR/NAME.log, prints "done (N s)" or
# the log's tail and exits.
run_logged() {
  local name=$1 start=$SECONDS log="$LOG_DIR/$1.log"
  shift
  if "$@" >"$log" 2>&1; then
    echo "done ($((SECONDS - start)) s)"
  else
    echo "FAILED ($((SECONDS - start)) s)"
    echo "---- last 40 lines of $log ----" >&2
    tail -n 40 "$log" >&2
    die "step '$name' failed: $*"
  fi
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    die "need root (or sudo) for: $*"
  fi
}

# ---- prerequisites: these come with the machine and cannot be fetched from here -------------
for tool in cargo rustup; do
  command -v "$tool" >/dev/null 2>&1 \
    || die "$tool not found (looked in PATH and ~/.cargo/bin): install Rust with rustup first"
done
for tool in node npm; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool not found: install Node.js >= 20 with npm first"
done
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 20 ] || die "Node.js >= 20 needed (playwright-core 1.65), found $(node --version)"

# ---- rustup target and components -------------------------------------------------------------
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  echo "ok: rust target wasm32-unknown-unknown already present"
else
  printf 'installing rust target wasm32-unknown-unknown ... '
  run_logged rustup-target rustup target add wasm32-unknown-unknown
fi

installed_components=$(rustup component list --installed)
# rust-src: the release wasm build compiles the standard library itself (scripts/release-env.sh).
for component in rustfmt clippy rust-src; do
  if grep -q "^$component" <<<"$installed_components"; then
    echo "ok: rust component $component already present"
  else
    printf 'installing rust component %s ... ' "$component"
    run_logged "rustup-$component" rustup component add "$component"
  fi
done

# ---- Debian's Chromium and ChromeDriver -------------------------------------------------------
deb_installed() {
  [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" = "install ok installed" ]
}
missing_debs=()
for pkg in chromium chromium-driver; do
  deb_installed "$pkg" || missing_debs+=("$pkg")
done
if [ ${#missing_debs[@]} -eq 0 ] && [ -x /usr/bin/chromium ]; then
  echo "ok: chromium + chromium-driver (Debian) already present"
else
  printf 'installing %s (Debian) ... ' "${missing_debs[*]:-chromium}"
  apt_install() {
    export DEBIAN_FRONTEND=noninteractive
    # Package lists are fetched only when apt does not know the package yet, or when an
    # install from stale lists fails.
    if ! apt-cache show chromium >/dev/null 2>&1 || ! apt-cache show chromium-driver >/dev/null 2>&1; then
      as_root apt-get update -q
    fi
    as_root apt-get install -y -q chromium chromium-driver || {
      as_root apt-get update -q &&
        as_root apt-get install -y -q chromium chromium-driver
    }
  }
  run_logged apt-chromium apt_install
fi

# ---- crates: Cargo.lock and the crate cache (trunk builds with --offline) ----------------------
if [ ! -f Cargo.lock ]; then
  printf 'installing Cargo.lock (cargo generate-lockfile) ... '
  run_logged cargo-lockfile cargo generate-lockfile
fi
if cargo fetch --offline >"$LOG_DIR/cargo-fetch-offline.log" 2>&1; then
  echo "ok: crates for Cargo.lock already present (cargo fetch)"
else
  printf 'installing crates for Cargo.lock (cargo fetch) ... '
  run_logged cargo-fetch cargo fetch
fi
# The standard library's own crates (dlmalloc, hashbrown, ...): the release build compiles it
# (scripts/release-env.sh), offline like everything else.
# shellcheck disable=SC2054 # the comma is cargo's list syntax
std_fetch=(env RUSTC_BOOTSTRAP=1 cargo fetch -Zbuild-std=std,panic_abort --target wasm32-unknown-unknown)
if "${std_fetch[@]}" --offline >"$LOG_DIR/cargo-fetch-std-offline.log" 2>&1; then
  echo "ok: crates of the standard library already present (cargo fetch -Zbuild-std)"
else
  printf 'installing crates of the standard library (cargo fetch -Zbuild-std) ... '
  run_logged cargo-fetch-std "${std_fetch[@]}"
fi

# ---- wasm-bindgen-cli, exactly the version of the wasm-bindgen crate in Cargo.lock -------------
wbg_version=$(awk '
  /^\[\[package\]\]/ { name = "" }
  /^name = / { gsub(/"/, "", $3); name = $3 }
  /^version = / && name == "wasm-bindgen" { gsub(/"/, "", $3); print $3; exit }
' Cargo.lock)
[ -n "$wbg_version" ] || die "no wasm-bindgen package in Cargo.lock (is it a wasm32 dependency in Cargo.toml?)"
if [ "$(wasm-bindgen --version 2>/dev/null || true)" = "wasm-bindgen $wbg_version" ]; then
  echo "ok: wasm-bindgen-cli $wbg_version already present"
else
  # --locked fails here (its lock file pins a webpki-roots the registry does not serve).
  # Thin LTO-free release profile: the same tool, built several minutes faster.
  printf 'installing wasm-bindgen-cli %s (cargo install, about 5 min) ... ' "$wbg_version"
  run_logged wasm-bindgen-cli env CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo install wasm-bindgen-cli --version "=$wbg_version" --force
fi

# ---- trunk ---------------------------------------------------------------------------------
# Every trunk 0.22 needs a newer rustc than this machine's 1.95.
if [ "$(trunk --version 2>/dev/null || true)" = "trunk $TRUNK_VERSION" ]; then
  echo "ok: trunk $TRUNK_VERSION already present"
else
  printf 'installing trunk %s (cargo install, 5-15 min) ... ' "$TRUNK_VERSION"
  run_logged trunk env CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo install trunk --version "=$TRUNK_VERSION" --locked --force
fi

# ---- npm packages for the browser tests, and npm's wasm-opt ------------------------------------
# Reinstalled only when node_modules is missing or package.json / package-lock.json changed
# since the last install (a hash stamp inside node_modules).
stamp_file="$E2E_DIR/node_modules/.scalemap-setup-stamp"
npm_hash=$(cat "$E2E_DIR/package.json" "$E2E_DIR/package-lock.json" 2>/dev/null | sha256sum | cut -d' ' -f1)
if [ -d "$E2E_DIR/node_modules" ] && [ "$(cat "$stamp_file" 2>/dev/null || true)" = "$npm_hash" ] \
  && [ -x "$E2E_DIR/node_modules/.bin/wasm-opt" ]; then
  echo "ok: npm packages in tests/e2e (playwright-core, binaryen, terser) already present"
else
  if [ -f "$E2E_DIR/package-lock.json" ]; then npm_cmd=ci; else npm_cmd=install; fi
  printf 'installing npm packages in tests/e2e (npm %s) ... ' "$npm_cmd"
  run_logged npm npm --prefix "$E2E_DIR" "$npm_cmd" --no-audit --no-fund --loglevel=error
  # `npm install` may have written the lock file just now: stamp what is there after it.
  cat "$E2E_DIR/package.json" "$E2E_DIR/package-lock.json" | sha256sum | cut -d' ' -f1 >"$stamp_file"
fi

# ---- consistency: the tools on PATH are the ones Trunk.toml asks for ---------------------------
# (trunk would otherwise try to download its own from GitHub, which this machine cannot reach.)
trunk_toml_tool() {
  sed -n "s/^[[:space:]]*$1[[:space:]]*=[[:space:]]*\"\([^\"]*\)\".*/\1/p" Trunk.toml | head -n 1
}
if [ -f Trunk.toml ]; then
  want_opt=$(trunk_toml_tool wasm_opt)
  have_opt=$(wasm-opt --version 2>/dev/null | awk '{print "version_" $3}' || true)
  [ "$(command -v wasm-opt)" = "$E2E_DIR/node_modules/.bin/wasm-opt" ] \
    || die "wasm-opt on PATH is $(command -v wasm-opt || echo none), not tests/e2e/node_modules/.bin/wasm-opt"
  [ -z "$want_opt" ] || [ "$want_opt" = "$have_opt" ] \
    || die "Trunk.toml wants wasm_opt = \"$want_opt\" but npm's wasm-opt is $have_opt: align Trunk.toml with tests/e2e/package.json"
  want_wbg=$(trunk_toml_tool wasm_bindgen)
  [ -z "$want_wbg" ] || [ "$want_wbg" = "$wbg_version" ] \
    || die "Trunk.toml wants wasm_bindgen = \"$want_wbg\" but Cargo.lock has wasm-bindgen $wbg_version: align them"
  echo "ok: tools match Trunk.toml (wasm-bindgen $wbg_version, wasm-opt $have_opt from npm binaryen)"
fi

if [ "${SCALEMAP_SETUP_QUIET_HINT:-}" != 1 ]; then
  echo "setup: done. For this shell's PATH (npm's wasm-opt first): source scripts/setup.sh"
fi
