//! Gerbang's domain, kept pure: no IO, no async, no framework types.
//! Everything the desktop app, the CLI and the city backend must agree on lives here:
//! the catalog model, the checklist engine, identifiers, KBLI search, money and time.

pub mod catalog;
pub mod engine;
pub mod facts;
pub mod ids;
pub mod locale;
pub mod money;
pub mod pack;
pub mod plan;
pub mod problem;
pub mod record;
pub mod review;
pub mod schemas;
pub mod search;
pub mod service_time;
pub mod wita;

pub use locale::Language;
pub use money::format_rupiah;
pub use wita::{WITA, format_stored, format_wita};

/// Lower-case hex of `bytes` (how every SHA-256 in Gerbang is written).
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The product version every binary reports (`--version`, `/health`, the About screen).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
