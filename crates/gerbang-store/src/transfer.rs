//! Moving a case between stores (`gerbang case export` / `case import`): one JSON file with the
//! case as it stands (facts, derived checklist with every item, notes, status), its applicant's
//! profile, and every document version with its content (base64). Import checks every byte
//! before it writes anything, and writes the case in one transaction. It takes from the file
//! only what the applicant decided (profile, facts, notes, documents): the checklist is derived
//! again from the facts, and the case starts as a draft (a status or filing number in the file
//! is the city backend's to say, and it says so on the next sync).

use crate::cases::Case;
use crate::documents::Document;
use crate::profiles::Profile;
use crate::{StoreError, now};
use base64::Engine as _;
use gerbang_core::hex;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::Write;

/// What an export file says it is.
pub const FORMAT: &str = "gerbang-case-export";
/// The export format's version.
pub const VERSION: u32 = 1;

/// One exported case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseExport {
    /// Always [`FORMAT`].
    pub format: String,
    /// [`VERSION`] when written.
    pub version: u32,
    /// When exported (UTC, RFC 3339).
    pub exported_at: String,
    /// The applicant.
    pub profile: Profile,
    /// The case, with its items and document versions.
    pub case: Case,
    /// When the case was created (UTC, RFC 3339).
    pub created_at: String,
    /// Document contents by SHA-256 (hex), base64-encoded.
    pub contents: BTreeMap<String, String>,
}

fn invalid(field: &str, message: impl ToString) -> StoreError {
    StoreError::Invalid {
        field: field.to_owned(),
        message: message.to_string(),
    }
}

impl crate::Store {
    /// The case `id` with its profile and documents, ready to write to a file.
    pub async fn export_case(&self, id: &str) -> Result<CaseExport, StoreError> {
        let case = self.case(id).await?;
        let profile = self.profile(&case.summary.profile_id).await?;
        let created_at: String = sqlx::query_scalar("SELECT created_at FROM cases WHERE id = ?")
            .bind(id)
            .fetch_one(&self.pool)
            .await?;
        let mut contents = BTreeMap::new();
        for doc in &case.documents {
            if contents.contains_key(&doc.sha256) {
                continue;
            }
            let path = self.document_path(doc);
            let bytes = std::fs::read(&path).map_err(|e| {
                invalid(
                    &doc.original_name,
                    format!("the stored copy {} cannot be read: {e}", path.display()),
                )
            })?;
            if hex(&Sha256::digest(&bytes)) != doc.sha256 {
                return Err(invalid(
                    &doc.original_name,
                    format!(
                        "the stored copy {} no longer matches its SHA-256: the blob store is damaged",
                        path.display()
                    ),
                ));
            }
            contents.insert(
                doc.sha256.clone(),
                base64::engine::general_purpose::STANDARD.encode(bytes),
            );
        }
        Ok(CaseExport {
            format: FORMAT.to_owned(),
            version: VERSION,
            exported_at: now(),
            profile,
            case,
            created_at,
            contents,
        })
    }

    /// Imports an exported case: its profile too unless this store has it already (then the
    /// local profile is kept). Refused, with nothing written to the database, when the file is
    /// not an export, a document's content does not match its recorded hash, type or size, or
    /// the case is already here. Returns the case id.
    pub async fn import_case(
        &self,
        actor: &str,
        export: CaseExport,
        max_bytes: u64,
        derive: &gerbang_core::engine::Derive<'_>,
    ) -> Result<String, StoreError> {
        if export.format != FORMAT {
            return Err(invalid(
                "format",
                format!("expected {FORMAT:?}, found {:?}", export.format),
            ));
        }
        if export.version != VERSION {
            return Err(invalid(
                "version",
                format!(
                    "this Gerbang reads version {VERSION} exports, not {}",
                    export.version
                ),
            ));
        }
        let case = &export.case;
        let id = case.summary.id.clone();
        if self.case(&id).await.is_ok() {
            return Err(invalid(
                "case",
                format!("case {id} is already in this store"),
            ));
        }
        let profile_data = crate::profiles::validate(export.profile.data.clone())?;
        let profile = Profile {
            data: profile_data,
            ..export.profile.clone()
        };
        if profile.id != case.summary.profile_id {
            return Err(invalid(
                "profile",
                "the profile in the file is not the case's applicant",
            ));
        }
        if gerbang_core::record::profile::facts_match_profile(&profile, &case.facts).is_err() {
            return Err(invalid(
                "profile",
                "the case's facts contradict its applicant's legal form or capital status",
            ));
        }
        // The checklist as this device's engine derives it from the facts, never the file's.
        let checklist = derive(&case.facts)?;
        // Every document: content present, hash, size and type as recorded. Blobs go into the
        // content-addressed store first (a blob nobody refers to costs space, never meaning).
        let blobs = self.blobs_dir();
        for doc in &case.documents {
            check_document(&export, doc, &id, &blobs, max_bytes)?;
        }
        let existing_profile = self.profile(&profile.id).await.ok();
        let at = now();
        let mut tx = self.pool.begin().await?;
        if existing_profile.is_none() {
            let json = serde_json::to_string(&profile)?;
            crate::profiles::save_profile(&mut tx, &profile, &json).await?;
            crate::queue::append_record(&mut tx, &at, "profile.create", &profile.id).await?;
        }
        let applicant = existing_profile
            .as_ref()
            .map_or(profile.data.name.as_str(), |p| p.data.name.as_str());
        let title = crate::cases::case_title(applicant, &checklist);
        // The derived items, then the file's others (kept, as not required, with their
        // documents), as a re-derivation keeps them.
        let derived: std::collections::HashSet<String> = checklist
            .permits
            .iter()
            .map(crate::cases::item_key)
            .collect();
        let mut items = checklist.permits.clone();
        let others: Vec<_> = case
            .items
            .iter()
            .filter(|i| !derived.contains(&i.key))
            .collect();
        items.extend(others.iter().map(|i| i.item.clone()));
        let mut packed = crate::packed::new_checklist(&mut tx, &checklist, &items).await?;
        for dropped in others {
            packed.drop_required(Some(&dropped.key));
        }
        sqlx::query(
            "INSERT INTO cases (id, profile_id, title, status, kbli_edition, catalog_version, catalog_hash,
                                facts_packed, checklist_packed, items_required, notes, created_at,
                                updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&id)
        .bind(&profile.id)
        .bind(&title)
        .bind(crate::cases::CaseStatus::Draft.as_str())
        .bind(case.facts.kbli_edition.year())
        .bind(&checklist.catalog_version)
        .bind(&checklist.catalog_hash)
        .bind(crate::packed::pack(&case.facts)?)
        .bind(crate::packed::pack(&packed)?)
        .bind(packed.required())
        .bind(&case.notes)
        .bind(&export.created_at)
        .bind(&case.summary.updated_at)
        .execute(&mut *tx)
        .await?;
        crate::cases::index_case(&mut tx, &id, &title, applicant, &checklist, &case.notes).await?;
        for doc in &case.documents {
            crate::documents::insert_document(&mut tx, doc).await?;
        }
        let detail = serde_json::json!({
            "profile_id": profile.id,
            "facts_sha256": crate::cases::facts_hash(&case.facts)?,
            "catalog": checklist.catalog_version,
            "documents": case.documents.len(),
            "exported_at": export.exported_at,
        })
        .to_string();
        crate::audit::append(
            &mut tx,
            &at,
            &crate::audit::Entry {
                actor,
                action: "case.import",
                record_kind: "case",
                record_id: &id,
                detail: detail.clone(),
            },
        )
        .await?;
        crate::queue::append_record(&mut tx, &at, "case.create", &id).await?;
        tx.commit().await?;
        Ok(id)
    }
}

/// Checks one document of an export against its content and puts the content in the blob store.
fn check_document(
    export: &CaseExport,
    doc: &Document,
    case_id: &str,
    blobs: &std::path::Path,
    max_bytes: u64,
) -> Result<(), StoreError> {
    let name = &doc.original_name;
    if doc.case_id != case_id {
        return Err(invalid(name, "the document belongs to another case"));
    }
    if !export.case.items.iter().any(|i| i.key == doc.item_key) {
        return Err(invalid(
            name,
            format!(
                "the document is attached to {}, which the case does not have",
                doc.item_key
            ),
        ));
    }
    let encoded = export
        .contents
        .get(&doc.sha256)
        .ok_or_else(|| invalid(name, "the file has no content for this document"))?;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .map_err(|e| invalid(name, format!("the content is not valid base64: {e}")))?;
    if hex(&Sha256::digest(&bytes)) != doc.sha256 {
        return Err(invalid(
            name,
            "the content does not match its SHA-256: the file was changed or damaged",
        ));
    }
    if bytes.len() as i64 != doc.size {
        return Err(invalid(
            name,
            format!(
                "the content is {} bytes, the record says {}",
                bytes.len(),
                doc.size
            ),
        ));
    }
    if crate::documents::detect(&bytes) != Some(doc.media_type.as_str()) {
        return Err(invalid(
            name,
            format!("the content is not the {} the record says", doc.media_type),
        ));
    }
    let dest = crate::documents::blob_path(blobs, &doc.sha256);
    if dest.exists() {
        return Ok(());
    }
    // Through a temporary file and the same checks as an attachment.
    let write = |e: std::io::Error| invalid(name, format!("cannot write to the blob store: {e}"));
    std::fs::create_dir_all(blobs).map_err(write)?;
    let mut tmp = tempfile::NamedTempFile::new_in(blobs).map_err(write)?;
    tmp.write_all(&bytes).map_err(write)?;
    let (sha, _, _) = crate::documents::store_blob(blobs, tmp.path(), max_bytes)?;
    debug_assert_eq!(sha, doc.sha256);
    Ok(())
}
