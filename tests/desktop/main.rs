//! The real desktop app, driven over WebDriver (tauri-driver + WebKitWebDriver) under Xvfb.
//! Ignored in plain `cargo test` (no display); scripts/test runs them with `--ignored` under xvfb-run.

#![allow(clippy::unwrap_used)] // tests: a panic with the value is the report we want

mod attach;
mod cases;
mod choice;
mod conflict;
mod filing;
mod language;
mod list;
mod offline;
mod packs;
mod plan;
mod review;
mod shell;
mod sync;
