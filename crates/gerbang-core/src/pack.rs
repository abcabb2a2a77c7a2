//! A document pack's manifest: which case, which filing, and every attachment by SHA-256.
//! The desktop writes it into each pack (and prints its hash as the pack's id); the city backend
//! computes the same manifest from a filed case, so `GET /verify/{id}` can say which filing a
//! pack belongs to without anyone sending it the pack.

use crate::hex;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The manifest's `format` field.
pub const FORMAT: &str = "gerbang-pack-manifest";
/// The manifest's `version` field.
pub const VERSION: u32 = 1;

/// What a pack holds: the case, its filing (if filed) and the current document of every
/// required checklist item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Always [`FORMAT`].
    pub format: String,
    /// Always [`VERSION`].
    pub version: u32,
    /// The case.
    pub case_id: String,
    /// The city's filing number, once filed.
    pub filing_number: Option<String>,
    /// One entry per required item that has a document (its newest version), in checklist order.
    pub attachments: Vec<ManifestEntry>,
}

/// One attachment of a pack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestEntry {
    /// The checklist item (`permit@activity`).
    pub item_key: String,
    /// The document's id.
    pub document_id: String,
    /// Its version on the item (1, 2, …).
    pub version: i64,
    /// The file's name as the applicant had it.
    pub name: String,
    /// Size in bytes.
    pub size: i64,
    /// Type detected from the content (`application/pdf`, `image/png`, …).
    pub media_type: String,
    /// SHA-256 of the content (hex).
    pub sha256: String,
}

/// Why a case snapshot does not give a manifest.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the case snapshot has no valid {0}")]
pub struct SnapshotError(&'static str);

impl Manifest {
    /// The manifest of a case as the desktop stores and syncs it (the JSON of a case: `id`,
    /// `items` with `key` and `required`, `documents` with `item_key`, `version`, …). Both the
    /// desktop and the server call this on the same JSON, so both get the same manifest.
    pub fn from_snapshot(
        snapshot: &serde_json::Value,
        filing_number: Option<&str>,
    ) -> Result<Manifest, SnapshotError> {
        let case_id = snapshot
            .get("id")
            .and_then(|v| v.as_str())
            .ok_or(SnapshotError("id"))?;
        let items = snapshot
            .get("items")
            .and_then(|v| v.as_array())
            .ok_or(SnapshotError("items"))?;
        let documents: Vec<ManifestEntry> = snapshot
            .get("documents")
            .and_then(|v| v.as_array())
            .ok_or(SnapshotError("documents"))?
            .iter()
            .map(|d| {
                let text = |k: &'static str| {
                    d.get(k)
                        .and_then(|v| v.as_str())
                        .map(str::to_owned)
                        .ok_or(SnapshotError(k))
                };
                let number =
                    |k: &'static str| d.get(k).and_then(|v| v.as_i64()).ok_or(SnapshotError(k));
                Ok(ManifestEntry {
                    item_key: text("item_key")?,
                    document_id: text("id")?,
                    version: number("version")?,
                    name: text("original_name")?,
                    size: number("size")?,
                    media_type: text("media_type")?,
                    sha256: text("sha256")?,
                })
            })
            .collect::<Result<_, SnapshotError>>()?;
        let mut attachments = Vec::new();
        for item in items {
            if item.get("required").and_then(|v| v.as_bool()) != Some(true) {
                continue;
            }
            let key = item
                .get("key")
                .and_then(|v| v.as_str())
                .ok_or(SnapshotError("items[].key"))?;
            if let Some(newest) = documents
                .iter()
                .filter(|d| d.item_key == key)
                .max_by_key(|d| d.version)
            {
                attachments.push(newest.clone());
            }
        }
        Ok(Manifest {
            format: FORMAT.to_owned(),
            version: VERSION,
            case_id: case_id.to_owned(),
            filing_number: filing_number.map(str::to_owned),
            attachments,
        })
    }

    /// The manifest as written into a pack: compact JSON, fields in declaration order.
    pub fn to_json(&self) -> String {
        // Serialising plain strings and numbers cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The pack's id: SHA-256 (hex) of [`Manifest::to_json`].
    pub fn sha256(&self) -> String {
        hex(&Sha256::digest(self.to_json().as_bytes()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot() -> serde_json::Value {
        serde_json::json!({
            "id": "c1",
            "items": [
                {"key": "nib@*", "required": true},
                {"key": "pbg@*", "required": true},
                {"key": "kkpr@*", "required": true},
                {"key": "slf@*", "required": false}
            ],
            "documents": [
                {"id": "d1", "item_key": "pbg@*", "version": 1, "original_name": "denah.pdf",
                 "size": 10, "media_type": "application/pdf", "sha256": "aa"},
                {"id": "d2", "item_key": "nib@*", "version": 1, "original_name": "akta.pdf",
                 "size": 20, "media_type": "application/pdf", "sha256": "bb"},
                {"id": "d3", "item_key": "pbg@*", "version": 2, "original_name": "denah-2.png",
                 "size": 30, "media_type": "image/png", "sha256": "cc"},
                {"id": "d4", "item_key": "slf@*", "version": 1, "original_name": "slf.pdf",
                 "size": 40, "media_type": "application/pdf", "sha256": "dd"}
            ]
        })
    }

    #[test]
    fn newest_document_of_each_required_item_in_checklist_order() {
        let m = Manifest::from_snapshot(&snapshot(), Some("BPN-2026-000001")).unwrap();
        let names: Vec<&str> = m.attachments.iter().map(|a| a.name.as_str()).collect();
        // nib first (checklist order), pbg's version 2, no kkpr (nothing attached), no slf
        // (no longer required).
        assert_eq!(names, ["akta.pdf", "denah-2.png"]);
        assert_eq!(m.filing_number.as_deref(), Some("BPN-2026-000001"));
    }

    #[test]
    fn the_id_depends_on_every_field_and_is_stable() {
        let a = Manifest::from_snapshot(&snapshot(), None).unwrap();
        assert_eq!(
            a.sha256(),
            Manifest::from_snapshot(&snapshot(), None).unwrap().sha256()
        );
        assert_eq!(a.sha256().len(), 64);
        let filed = Manifest::from_snapshot(&snapshot(), Some("BPN-2026-000001")).unwrap();
        assert_ne!(a.sha256(), filed.sha256());
        let mut other = snapshot();
        other["documents"][1]["sha256"] = "ee".into();
        assert_ne!(
            a.sha256(),
            Manifest::from_snapshot(&other, None).unwrap().sha256()
        );
        assert!(
            a.to_json()
                .starts_with(r#"{"format":"gerbang-pack-manifest","version":1,"#)
        );
    }

    #[test]
    fn a_snapshot_without_items_is_refused_naming_the_field() {
        let err = Manifest::from_snapshot(&serde_json::json!({"id": "c1", "documents": []}), None)
            .unwrap_err();
        assert_eq!(err.to_string(), "the case snapshot has no valid items");
    }
}
