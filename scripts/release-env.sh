# shellcheck shell=bash
# The environment of every release build of the page (sourced by scripts/test.sh, scripts/serve.sh
# --release and bench/run.sh): `env "${RELEASE_ENV[@]}" trunk build --release`.
#
# Why: the page's size budget (scripts/size-budget.mjs). Rust ships the standard library for
# wasm32 prebuilt at opt-level 3 with panic messages and source locations; compiling it with the
# app instead (opt-level "z", link-time optimised together) and aborting on panic without
# formatting a message makes the gzip wasm about 25 KiB (8%) smaller, measured on this app; the
# library's `optimize_for_size` feature (smaller sort and number formatting code) 5 KB more.
# Panics never happen by design (bad input is reported, not unwrapped); if one did, the page
# would stop with "unreachable" in the console instead of a message. Debug builds (trunk serve
# without --release, cargo test) keep the prebuilt library and full panic messages.
#
# How: these are unstable cargo/rustc options (-Zbuild-std, -Zbuild-std-features, -Zlocation-detail,
# -Cpanic=immediate-abort). RUSTC_BOOTSTRAP=1 lets the pinned stable toolchain accept them for
# this one command; nothing else in the project uses them. Needs the rust-src component
# (scripts/setup.sh installs it). If a future toolchain drops an option, the build fails loudly
# here; removing RELEASE_ENV from the trunk command restores the plain build.
#
# The wasm32 rustflags below replace .cargo/config.toml's, so its `--cfg erase_components` is
# repeated here (keep the two in step).
# shellcheck disable=SC2034,SC2054 # used by the scripts that source this; commas are cargo's list syntax
RELEASE_ENV=(
  RUSTC_BOOTSTRAP=1
  CARGO_UNSTABLE_BUILD_STD=std,panic_abort
  CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size
  "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS=--cfg erase_components -Zlocation-detail=none -Zunstable-options -Cpanic=immediate-abort"
)
