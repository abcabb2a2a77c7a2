//! Documents: files attached to checklist items, copied into the blob store under their SHA-256
//! (a second copy of the same file costs nothing), typed by their content (not their name), with
//! a size limit. The original name is kept for display only; it is never used as a path.

use crate::{StoreError, now};
use gerbang_core::problem::Problem;
use sha2::{Digest, Sha256};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// The default size limit: 50 MB.
pub const DEFAULT_MAX_BYTES: u64 = 50 * crate::MIB;

pub use gerbang_core::record::document::{Document, TYPES, blob_path, detect};

/// The display name: the last path component only, so `../../etc/passwd` is `passwd`.
pub fn display_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "document".to_owned())
}

fn refuse(name: &str, problem: Problem) -> StoreError {
    StoreError::Refused {
        field: name.to_owned(),
        problem: problem.with("name", name),
    }
}

/// Copies `src` into the blob store under `blobs`, checking size and type; returns
/// (sha256, size, media type). Nothing is left behind when it refuses.
pub fn store_blob(
    blobs: &Path,
    src: &Path,
    max_bytes: u64,
) -> Result<(String, u64, &'static str), StoreError> {
    let name = display_name(src);
    let io = |e: std::io::Error| {
        refuse(
            &name,
            Problem::new("file_unreadable", format!("cannot read the file: {e}"))
                .with("reason", e.kind()),
        )
    };
    let store_failed = |e: std::io::Error| {
        refuse(
            &name,
            Problem::new(
                "file_store_failed",
                format!("cannot write to the blob store: {e}"),
            )
            .with("reason", e.kind()),
        )
    };
    let mut input = std::fs::File::open(src).map_err(io)?;
    let declared = input.metadata().map_err(io)?.len();
    if declared > max_bytes {
        return Err(refuse(
            &name,
            Problem::new(
                "file_too_large",
                format!("the file is {declared} bytes; the limit is {max_bytes} bytes"),
            )
            .with("size", declared)
            .with("limit", max_bytes),
        ));
    }
    std::fs::create_dir_all(blobs).map_err(store_failed)?;
    let mut tmp = tempfile::NamedTempFile::new_in(blobs).map_err(store_failed)?;
    let mut hasher = Sha256::new();
    let mut head: Vec<u8> = Vec::with_capacity(16);
    let mut size: u64 = 0;
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = input.read(&mut buf).map_err(io)?;
        if n == 0 {
            break;
        }
        size += n as u64;
        // The file may grow while it is read: the limit holds for what is actually copied.
        if size > max_bytes {
            return Err(refuse(
                &name,
                Problem::new(
                    "file_too_large",
                    format!("the file is larger than the limit of {max_bytes} bytes"),
                )
                .with("size", size)
                .with("limit", max_bytes),
            ));
        }
        if head.len() < 16 {
            head.extend_from_slice(&buf[..n.min(16 - head.len())]);
        }
        hasher.update(&buf[..n]);
        tmp.write_all(&buf[..n]).map_err(store_failed)?;
    }
    if size == 0 {
        return Err(refuse(
            &name,
            Problem::new("file_empty", "the file is empty"),
        ));
    }
    let detected = detect(&head);
    let ext = src
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    let claimed = ext.as_deref().and_then(|e| {
        TYPES
            .iter()
            .find(|(_, _, exts)| exts.contains(&e))
            .map(|(mime, _, _)| *mime)
    });
    let media_type = match (detected, claimed) {
        (None, Some(claimed)) => {
            return Err(refuse(
                &name,
                Problem::new(
                    "file_not_document",
                    format!(
                        "the name says {claimed} but the content is not (it is not a PDF, PNG or JPEG file)"
                    ),
                )
                .with("claimed", claimed),
            ));
        }
        (None, None) => {
            return Err(refuse(
                &name,
                Problem::new(
                    "file_type_unsupported",
                    "only PDF, PNG and JPEG files are accepted",
                ),
            ));
        }
        (Some(found), Some(claimed)) if found != claimed => {
            return Err(refuse(
                &name,
                Problem::new(
                    "file_type_mismatch",
                    format!("the name says {claimed} but the content is {found}"),
                )
                .with("claimed", claimed)
                .with("found", found),
            ));
        }
        (Some(found), _) => found,
    };
    let hash = gerbang_core::hex(&hasher.finalize());
    let dest = blob_path(blobs, &hash);
    if !dest.exists() {
        if let Some(dir) = dest.parent() {
            std::fs::create_dir_all(dir).map_err(store_failed)?;
        }
        tmp.as_file().sync_all().map_err(store_failed)?;
        tmp.persist(&dest).map_err(|e| store_failed(e.error))?;
    }
    Ok((hash, size, media_type))
}

/// A `documents` row.
#[derive(sqlx::FromRow)]
struct DocumentRow {
    id: String,
    case_id: String,
    item_key: String,
    version: i64,
    sha256: String,
    size: i64,
    media_type: String,
    original_name: String,
    created_at: String,
}

impl From<DocumentRow> for Document {
    fn from(r: DocumentRow) -> Document {
        Document {
            id: r.id,
            case_id: r.case_id,
            item_key: r.item_key,
            version: r.version,
            sha256: r.sha256,
            size: r.size,
            media_type: r.media_type,
            original_name: r.original_name,
            created_at: r.created_at,
        }
    }
}

const DOCUMENT_COLUMNS: &str =
    "id, case_id, item_key, version, sha256, size, media_type, original_name, created_at";

/// Inserts a document row into `tx`.
pub(crate) async fn insert_document(
    tx: &mut sqlx::SqliteConnection,
    doc: &Document,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO documents (id, case_id, item_key, version, sha256, size, media_type, original_name, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&doc.id)
    .bind(&doc.case_id)
    .bind(&doc.item_key)
    .bind(doc.version)
    .bind(&doc.sha256)
    .bind(doc.size)
    .bind(&doc.media_type)
    .bind(&doc.original_name)
    .bind(&doc.created_at)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

impl crate::Store {
    /// The blob store directory (beside the database file).
    pub fn blobs_dir(&self) -> PathBuf {
        self.path()
            .parent()
            .map_or_else(|| PathBuf::from("blobs"), |d| d.join("blobs"))
    }

    /// Attaches the file at `src` to `item_key` of `case_id`: a new version if the item has one.
    pub async fn attach_document(
        &self,
        actor: &str,
        case_id: &str,
        item_key: &str,
        src: &Path,
        max_bytes: u64,
    ) -> Result<Document, StoreError> {
        let mut conn = self.pool.acquire().await?;
        crate::filings::ensure_not_waiting(&mut conn, case_id).await?;
        let exists = match crate::packed::checklist_of(&mut conn, case_id).await {
            Ok(c) => c.items.iter().any(|i| i.key == item_key),
            Err(StoreError::NotFound { .. }) => false,
            Err(e) => return Err(e),
        };
        drop(conn);
        if !exists {
            return Err(StoreError::NotFound {
                kind: "checklist item",
                id: format!("{case_id}/{item_key}"),
            });
        }
        let (sha256, size, media_type) = store_blob(&self.blobs_dir(), src, max_bytes)?;
        let at = now();
        let mut tx = self.pool.begin().await?;
        let version: i64 = sqlx::query_scalar(
            "SELECT COALESCE(MAX(version), 0) + 1 FROM documents WHERE case_id = ? AND item_key = ?",
        )
        .bind(case_id)
        .bind(item_key)
        .fetch_one(&mut *tx)
        .await?;
        let doc = Document {
            id: uuid::Uuid::now_v7().to_string(),
            case_id: case_id.to_owned(),
            item_key: item_key.to_owned(),
            version,
            sha256,
            size: size as i64,
            media_type: media_type.to_owned(),
            original_name: display_name(src),
            created_at: at.clone(),
        };
        insert_document(&mut tx, &doc).await?;
        sqlx::query("UPDATE cases SET updated_at = ? WHERE id = ?")
            .bind(&at)
            .bind(case_id)
            .execute(&mut *tx)
            .await?;
        let json = serde_json::to_string(&doc)?;
        crate::audit::append(
            &mut tx,
            &at,
            &crate::audit::Entry {
                actor,
                action: "document.attach",
                record_kind: "case",
                record_id: case_id,
                detail: json.clone(),
            },
        )
        .await?;
        crate::queue::append_record(&mut tx, &at, "document.attach", &doc.id).await?;
        tx.commit().await?;
        Ok(doc)
    }

    /// One document version by id.
    pub async fn document(&self, id: &str) -> Result<Document, StoreError> {
        let row: DocumentRow = sqlx::query_as(&format!(
            "SELECT {DOCUMENT_COLUMNS} FROM documents WHERE id = ?"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .ok_or_else(|| StoreError::not_found("document", id))?;
        Ok(row.into())
    }

    /// Where the content of `doc` is kept (read-only by convention: blobs are shared).
    pub fn document_path(&self, doc: &Document) -> PathBuf {
        blob_path(&self.blobs_dir(), &doc.sha256)
    }

    /// Every version of every document of a case, by item then version.
    pub async fn documents(&self, case_id: &str) -> Result<Vec<Document>, StoreError> {
        let rows: Vec<DocumentRow> = sqlx::query_as(&format!(
            "SELECT {DOCUMENT_COLUMNS} FROM documents WHERE case_id = ? ORDER BY item_key, version"
        ))
        .bind(case_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(Document::from).collect())
    }
}
