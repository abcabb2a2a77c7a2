//! Checks a pack against itself: the manifest it embeds must hash to the id it states, and each
//! original file it embeds must have the size and SHA-256 the manifest lists. A pack that
//! passes has not been altered since Gerbang wrote it, as far as its documents go; whether the
//! city holds that filing is for `GET /verify/{id}` to say.

use gerbang_core::hex;
use gerbang_core::pack::Manifest;
use lopdf::{Document, Object};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// The name under which attachment `index` (0-based) is embedded.
pub fn embedded_name(index: usize, name: &str) -> String {
    format!("{:02}-{name}", index + 1)
}

/// One attachment checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    /// Its original name.
    pub name: String,
    /// The SHA-256 the manifest lists.
    pub sha256: String,
    /// `None` when the embedded original matches; otherwise what is wrong.
    pub problem: Option<String>,
}

/// What a pack says about itself, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// The id the pack states (document information).
    pub pack_id: String,
    /// The manifest it embeds.
    pub manifest: Manifest,
    /// Each attachment.
    pub attachments: Vec<Checked>,
}

impl Verified {
    /// True when every attachment matches.
    pub fn ok(&self) -> bool {
        self.attachments.iter().all(|a| a.problem.is_none())
    }
}

/// Why a file cannot be verified as a pack at all.
#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    /// Not a readable PDF.
    #[error("not a readable PDF: {0}")]
    NotPdf(String),
    /// A PDF, but not one Gerbang wrote (no manifest or id).
    #[error("not a Gerbang document pack: {0}")]
    NotPack(String),
    /// The embedded manifest does not hash to the stated id: the pack was altered.
    #[error(
        "the pack's manifest does not match its id (it says {stated}, the manifest hashes to {actual}): the pack was altered"
    )]
    IdMismatch {
        /// The id the pack states.
        stated: String,
        /// What its manifest hashes to.
        actual: String,
    },
}

fn text(o: &Object) -> Option<String> {
    let bytes = o.as_str().ok()?;
    if let Some(utf16) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = utf16
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        return String::from_utf16(&units).ok();
    }
    String::from_utf8(bytes.to_vec()).ok()
}

/// The embedded files of `doc` by their `/UF` (or `/F`) name.
fn embedded_files(doc: &Document) -> Result<BTreeMap<String, Vec<u8>>, String> {
    let names = doc
        .catalog()
        .and_then(|c| c.get(b"Names"))
        .map_err(|_| "it has no embedded files".to_owned())?;
    let names = match names {
        Object::Reference(id) => doc.get_dictionary(*id).map_err(|e| e.to_string())?,
        Object::Dictionary(d) => d,
        _ => return Err("its name dictionary is malformed".to_owned()),
    };
    let tree = names
        .get_deref(b"EmbeddedFiles", doc)
        .and_then(Object::as_dict)
        .and_then(|t| t.get_deref(b"Names", doc))
        .and_then(Object::as_array)
        .map_err(|_| "it has no embedded files".to_owned())?;
    let mut out = BTreeMap::new();
    for pair in tree.chunks(2) {
        let [_, spec] = pair else { continue };
        let Ok(spec) = doc.dereference(spec).and_then(|(_, o)| o.as_dict()) else {
            continue;
        };
        let name = spec
            .get(b"UF")
            .ok()
            .and_then(text)
            .or_else(|| spec.get(b"F").ok().and_then(text))
            .unwrap_or_default();
        let Ok(stream) = spec
            .get_deref(b"EF", doc)
            .and_then(Object::as_dict)
            .and_then(|ef| ef.get_deref(b"F", doc))
            .and_then(Object::as_stream)
        else {
            continue;
        };
        let content = if stream.filters().map(|f| f.is_empty()).unwrap_or(true) {
            stream.content.clone()
        } else {
            stream.decompressed_content().map_err(|e| e.to_string())?
        };
        out.insert(name, content);
    }
    Ok(out)
}

/// Verifies the pack in `bytes`.
pub fn verify(bytes: &[u8]) -> Result<Verified, VerifyError> {
    let doc = Document::load_mem(bytes).map_err(|e| VerifyError::NotPdf(e.to_string()))?;
    let stated = doc
        .trailer
        .get(b"Info")
        .and_then(|i| doc.dereference(i))
        .and_then(|(_, o)| o.as_dict())
        .and_then(|info| info.get(b"GerbangPackId"))
        .ok()
        .and_then(text)
        .ok_or_else(|| VerifyError::NotPack("it states no pack id".to_owned()))?;
    let files = embedded_files(&doc).map_err(VerifyError::NotPack)?;
    let manifest_json = files
        .get(crate::MANIFEST_FILE)
        .ok_or_else(|| VerifyError::NotPack(format!("it embeds no {}", crate::MANIFEST_FILE)))?;
    let manifest: Manifest = serde_json::from_slice(manifest_json)
        .map_err(|e| VerifyError::NotPack(format!("its manifest does not parse: {e}")))?;
    let actual = manifest.sha256();
    if actual != stated || hex(&Sha256::digest(manifest_json)) != stated {
        return Err(VerifyError::IdMismatch { stated, actual });
    }
    let attachments = manifest
        .attachments
        .iter()
        .enumerate()
        .map(|(i, entry)| {
            let problem = match files.get(&embedded_name(i, &entry.name)) {
                None => Some(
                    "its original is not embedded (it could not be read when the pack was made)"
                        .to_owned(),
                ),
                Some(content) if content.len() as i64 != entry.size => Some(format!(
                    "the embedded original is {} bytes; the manifest says {}",
                    content.len(),
                    entry.size
                )),
                Some(content) => {
                    let sha = hex(&Sha256::digest(content));
                    (sha != entry.sha256).then(|| {
                        format!(
                            "the embedded original hashes to {sha}; the manifest says {}",
                            entry.sha256
                        )
                    })
                }
            };
            Checked {
                name: entry.name.clone(),
                sha256: entry.sha256.clone(),
                problem,
            }
        })
        .collect();
    Ok(Verified {
        pack_id: stated,
        manifest,
        attachments,
    })
}
