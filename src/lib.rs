//! Scalemap: how a microservice system must grow from a hundred users to a hundred million.
//!
//! `core` is the functional core: plain, deterministic Rust with no `leptos` and no `web-sys`.
//! `app` is the thin Leptos shell, compiled only for the browser.

pub mod core;

#[cfg(target_arch = "wasm32")]
pub mod app;

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
