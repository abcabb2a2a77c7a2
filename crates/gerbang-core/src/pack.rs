//! A document pack's manifest: which case, which filing, and every attachment by SHA-256.
//! The desktop writes it into each pack (and prints its hash as the pack's id); the city backend
//! computes the same manifest from a filed case, so `GET /verify/{id}` can say which filing a
//! pack belongs to without anyone sending it the pack.

use crate::hex;
use crate::record::{Case, Document};
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

impl Manifest {
    /// The manifest of a case: the newest document of each required item (`required`, in
    /// checklist order). The desktop calls it on its case, the city backend on the checklist
    /// it derived itself and the documents it holds, so both get the same manifest.
    pub fn new(
        case_id: &str,
        required: &[String],
        documents: &[Document],
        filing_number: Option<&str>,
    ) -> Manifest {
        let attachments = required
            .iter()
            .filter_map(|key| {
                documents
                    .iter()
                    .filter(|d| &d.item_key == key)
                    .max_by_key(|d| d.version)
            })
            .map(|d| ManifestEntry {
                item_key: d.item_key.clone(),
                document_id: d.id.clone(),
                version: d.version,
                name: d.original_name.clone(),
                size: d.size,
                media_type: d.media_type.clone(),
                sha256: d.sha256.clone(),
            })
            .collect();
        Manifest {
            format: FORMAT.to_owned(),
            version: VERSION,
            case_id: case_id.to_owned(),
            filing_number: filing_number.map(str::to_owned),
            attachments,
        }
    }

    /// The manifest of a case as a desktop holds it.
    pub fn of_case(case: &Case, filing_number: Option<&str>) -> Manifest {
        Manifest::new(
            &case.summary.id,
            &case.required_keys(),
            &case.documents,
            filing_number,
        )
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

    fn doc(id: &str, key: &str, version: i64, name: &str, sha: &str) -> Document {
        Document {
            id: id.to_owned(),
            case_id: "c1".to_owned(),
            item_key: key.to_owned(),
            version,
            sha256: sha.to_owned(),
            size: 10,
            media_type: "application/pdf".to_owned(),
            original_name: name.to_owned(),
            created_at: "2026-12-01T00:00:00Z".to_owned(),
        }
    }

    fn required() -> Vec<String> {
        ["nib@*", "pbg@*", "kkpr@*"].map(str::to_owned).to_vec()
    }

    fn documents() -> Vec<Document> {
        vec![
            doc("d1", "pbg@*", 1, "denah.pdf", "aa"),
            doc("d2", "nib@*", 1, "akta.pdf", "bb"),
            doc("d3", "pbg@*", 2, "denah-2.png", "cc"),
            doc("d4", "slf@*", 1, "slf.pdf", "dd"),
        ]
    }

    fn manifest(filing: Option<&str>) -> Manifest {
        Manifest::new("c1", &required(), &documents(), filing)
    }

    #[test]
    fn newest_document_of_each_required_item_in_checklist_order() {
        let m = manifest(Some("BPN-2026-000001"));
        let names: Vec<&str> = m.attachments.iter().map(|a| a.name.as_str()).collect();
        // nib first (checklist order), pbg's version 2, no kkpr (nothing attached), no slf
        // (no longer required).
        assert_eq!(names, ["akta.pdf", "denah-2.png"]);
        assert_eq!(m.filing_number.as_deref(), Some("BPN-2026-000001"));
    }

    #[test]
    fn the_id_depends_on_every_field_and_is_stable() {
        let a = manifest(None);
        assert_eq!(a.sha256(), manifest(None).sha256());
        assert_eq!(a.sha256().len(), 64);
        let filed = manifest(Some("BPN-2026-000001"));
        assert_ne!(a.sha256(), filed.sha256());
        let mut other = documents();
        other[1].sha256 = "ee".to_owned();
        assert_ne!(
            a.sha256(),
            Manifest::new("c1", &required(), &other, None).sha256()
        );
        assert!(
            a.to_json()
                .starts_with(r#"{"format":"gerbang-pack-manifest","version":1,"#)
        );
    }
}
