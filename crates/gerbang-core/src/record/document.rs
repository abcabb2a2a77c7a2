//! Documents as records: one version of a file attached to a checklist item, named by its
//! SHA-256 and typed by its content (never by its name).

use serde::{Deserialize, Serialize};

/// A stored document version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Document {
    /// Id.
    pub id: String,
    /// The case.
    pub case_id: String,
    /// The checklist item (`permit@activity`).
    pub item_key: String,
    /// 1 for the first file attached to the item, then 2, 3, … for replacements.
    pub version: i64,
    /// SHA-256 of the content (hex).
    pub sha256: String,
    /// Size in bytes.
    pub size: i64,
    /// Detected from the content: `application/pdf`, `image/png`, `image/jpeg`.
    pub media_type: String,
    /// The file's name as the user had it (display only).
    pub original_name: String,
    /// When attached (UTC, RFC 3339).
    pub created_at: String,
}

/// The accepted types: what their content starts with, and the extensions that claim them.
pub const TYPES: &[(&str, &[u8], &[&str])] = &[
    ("application/pdf", b"%PDF-", &["pdf"]),
    ("image/png", b"\x89PNG\r\n\x1a\n", &["png"]),
    ("image/jpeg", b"\xFF\xD8\xFF", &["jpg", "jpeg"]),
];

/// The type of `head` (the file's first bytes), if accepted.
pub fn detect(head: &[u8]) -> Option<&'static str> {
    TYPES
        .iter()
        .find(|(_, magic, _)| head.starts_with(magic))
        .map(|(mime, _, _)| *mime)
}

/// Where a blob directory keeps the content named `sha256` (`ab/abcdef…`): the layout the
/// desktop's store and the document pack share.
pub fn blob_path(blobs: &std::path::Path, sha256: &str) -> std::path::PathBuf {
    blobs.join(sha256.get(..2).unwrap_or("00")).join(sha256)
}
