//! The `scalemap` binary: the web app's entry point in the browser, the command-line tool natively.

#[cfg(target_arch = "wasm32")]
fn main() {
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
