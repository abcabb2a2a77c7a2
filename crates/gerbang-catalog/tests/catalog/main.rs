//! The catalog and the engine over it: the importer's quirks (pinned on the committed files),
//! golden checklists for realistic Balikpapan cases, engine properties, and KBLI search.

#![allow(clippy::unwrap_used)] // tests: a panic with the value is the report we want

mod articles;
mod citations;
mod golden;
mod plan;
mod properties;
mod quirks;
mod rules;
mod search;

use gerbang_core::catalog::Catalog;
use gerbang_core::search::KbliIndex;

pub fn catalog() -> &'static Catalog {
    gerbang_catalog::catalog().unwrap()
}

pub fn index() -> &'static KbliIndex {
    gerbang_catalog::index().unwrap()
}

/// The date golden checklists are derived for (fixed, so snapshots are stable).
pub fn as_of() -> time::Date {
    time::macros::date!(2026 - 11 - 27)
}
