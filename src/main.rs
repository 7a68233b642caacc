//! The `scalemap` binary: the web app's entry point in the browser, the command-line tool natively.

#[cfg(target_arch = "wasm32")]
fn main() {
    scalemap::app::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let code = scalemap::cli::run(
        &args,
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    );
    std::process::exit(code);
}
