//! The `scalemap` binary: the web app's entry point in the browser, the command-line tool natively.
//!
//! In the browser, the page starts from wasm-bindgen's start function instead of Rust's `main`
//! (`no_main`): std's runtime around `main` (its thread record, and the flush of standard output
//! at exit) has nothing to do on a page and cost it 0.4 KiB of gzip (385 bytes, measured with
//! scripts/size-budget.mjs).
#![cfg_attr(target_arch = "wasm32", no_main)]

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(start)]
fn start() {
    scalemap::app::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    // args_os: an argument that is not UTF-8 is named with exit status 2, not a panic.
    let args: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    let code = scalemap::cli::run_os(
        &args,
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    );
    std::process::exit(code);
}
