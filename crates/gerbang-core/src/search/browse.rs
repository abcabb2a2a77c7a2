//! Browsing the KBLI by section and division, for when the words do not find the activity.

use super::{Hit, KbliIndex};
use crate::catalog::Catalog;
use crate::facts::KbliEdition;
use serde::Serialize;

/// A section (A, B, …) and its divisions, in one edition.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct Section {
    /// The letter.
    pub letter: String,
    /// Its title, as BPS writes it.
    pub title: String,
    /// Its divisions, in code order.
    pub divisions: Vec<DivisionEntry>,
}

/// A division (two-digit) and its title.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct DivisionEntry {
    /// Two digits.
    pub code: String,
    /// Its title, as BPS writes it.
    pub title: String,
}

/// Both editions' sections.
#[derive(Debug)]
pub(super) struct Tree {
    k2025: Vec<Section>,
    k2020: Vec<Section>,
}

/// Adds a division to the last section of `sections`, opening the section when it is new.
fn place(sections: &mut Vec<Section>, letter: &str, title: &str, division: DivisionEntry) {
    match sections.last_mut() {
        Some(s) if s.letter == letter => s.divisions.push(division),
        _ => sections.push(Section {
            letter: letter.to_owned(),
            title: title.to_owned(),
            divisions: vec![division],
        }),
    }
}

impl Tree {
    pub(super) fn new(catalog: &Catalog) -> Tree {
        let mut k2025: Vec<Section> = Vec::new();
        for d in &catalog.data.divisions2025 {
            let entry = DivisionEntry {
                code: d.division.clone(),
                title: d.division_title.clone(),
            };
            place(&mut k2025, &d.section, &d.section_title, entry);
        }
        // KBLI 2020's divisions under the section KBLI 2025 gives the same number; a division
        // 2025 no longer has (45, motor trade) goes with the division after it (46, trade).
        let mut k2020: Vec<Section> = Vec::new();
        let mut divisions: Vec<_> = catalog
            .data
            .kbli2020
            .iter()
            .filter(|k| k.code.len() == 2)
            .collect();
        divisions.sort_by(|a, b| a.code.cmp(&b.code));
        for d in divisions {
            let section = k2025
                .iter()
                .find(|s| s.divisions.iter().any(|x| x.code >= d.code))
                .or(k2025.last());
            let Some(section) = section else { continue };
            let entry = DivisionEntry {
                code: d.code.clone(),
                title: d.title.clone(),
            };
            place(&mut k2020, &section.letter, &section.title, entry);
        }
        Tree { k2025, k2020 }
    }
}

impl KbliIndex {
    /// The sections of `edition`, each with its divisions.
    pub fn sections(&self, edition: KbliEdition) -> &[Section] {
        match edition {
            KbliEdition::K2025 => &self.browse.k2025,
            KbliEdition::K2020 => &self.browse.k2020,
        }
    }

    /// The five-digit codes of `division` (two digits) in `edition`, in code order; none for
    /// anything that is not a division's two digits.
    pub fn division(&self, edition: KbliEdition, division: &str) -> Vec<Hit> {
        if division.len() != 2 || !division.chars().all(|c| c.is_ascii_digit()) {
            return Vec::new();
        }
        self.search(division, Some(edition), usize::MAX)
    }
}
