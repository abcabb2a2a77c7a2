//! Packs as files: a name people recognise (filing number or case, then the applicant), and a
//! write that never leaves half a pack behind (a temporary file beside the target, renamed into
//! place once complete and synced).

use crate::{Pack, PackError, Request, Step};
use gerbang_core::Language;
use gerbang_core::record::{Case, Profile};
use std::io::Write;
use std::path::{Path, PathBuf};

/// A file name from a title: ASCII letters and digits, accents folded, words joined by `-`.
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        let folded: &str = match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
            'æ' => "ae",
            'ç' | 'ć' | 'č' => "c",
            'đ' | 'ď' => "d",
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
            'ğ' => "g",
            'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' => "i",
            'ł' => "l",
            'ñ' | 'ń' | 'ň' => "n",
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
            'œ' => "oe",
            'ř' => "r",
            'ś' | 'š' | 'ş' => "s",
            'ß' => "ss",
            'ť' | 'ţ' => "t",
            'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => "u",
            'ý' | 'ÿ' => "y",
            'ź' | 'ż' | 'ž' => "z",
            c if c.is_ascii_alphanumeric() => {
                out.push(c);
                continue;
            }
            _ => "-",
        };
        if folded == "-" {
            if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
        } else {
            out.push_str(folded);
        }
    }
    out.trim_end_matches('-')
        .chars()
        .take(60)
        .collect::<String>()
        .trim_end_matches('-')
        .to_owned()
}

/// The pack's file name: `BPN-2026-000123-pt-kopi-teluk.pdf`, or `kasus-01a2337a-…` before
/// filing.
pub fn file_name(case: &Case, profile: &Profile) -> String {
    let id = &case.summary.id;
    let stem = case
        .filing_number
        .clone()
        .unwrap_or_else(|| format!("kasus-{}", crate::case_tag(id)));
    format!("{stem}-{}.pdf", slug(&profile.data.name))
}

/// What one case's pack is made of: the case, its applicant, and the folder of document
/// contents (by SHA-256, as [`gerbang_core::record::document::blob_path`] lays them out). The
/// pack reads nothing else: no database.
#[derive(Debug)]
pub struct Source {
    /// The case.
    pub case: Case,
    /// Its applicant.
    pub profile: Profile,
    /// The store's blob directory.
    pub blobs: PathBuf,
    /// The case's licensing plan (for the plan page), where the caller has one.
    pub plan: Option<gerbang_core::plan::Plan>,
}

impl Source {
    /// The pack of `case`, for `profile`, with the contents in `blobs`.
    pub fn new(case: Case, profile: Profile, blobs: PathBuf) -> Source {
        Source {
            case,
            profile,
            blobs,
            plan: None,
        }
    }

    /// With the case's licensing plan (the pack gains its plan page).
    pub fn with_plan(mut self, plan: gerbang_core::plan::Plan) -> Source {
        self.plan = Some(plan);
        self
    }

    /// The pack request in `language`, its QR code pointing at `server`.
    pub fn request<'a>(&'a self, language: Language, server: &'a str) -> Request<'a> {
        Request {
            case: &self.case,
            profile: &self.profile,
            blobs: &self.blobs,
            language,
            server,
            plan: self.plan.as_ref(),
        }
    }

    /// The pack's [file name](file_name).
    pub fn file_name(&self) -> String {
        file_name(&self.case, &self.profile)
    }
}

/// Writes the pack of `req` to `path` through a temporary file beside it.
pub fn write_file(
    path: &Path,
    req: &Request<'_>,
    progress: &mut dyn FnMut(Step),
) -> Result<Pack, PackError> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let io = |e: std::io::Error| PackError::Io {
        path: path.to_owned(),
        source: e,
    };
    let mut tmp = tempfile::NamedTempFile::new_in(&dir).map_err(io)?;
    let pack = {
        let mut out = std::io::BufWriter::new(tmp.as_file_mut());
        let pack = crate::write_to(req, progress, &mut out)?;
        out.flush().map_err(io)?;
        pack
    };
    tmp.as_file().sync_all().map_err(io)?;
    tmp.persist(path).map_err(|e| io(e.error))?;
    Ok(pack)
}

#[cfg(test)]
mod tests {
    use super::slug;

    #[test]
    fn cases_made_in_the_same_minute_get_different_tags() {
        // Two UUIDv7s a millisecond apart share their first 8 characters, never their last.
        let a = "019ad5a2-1c3e-7f00-8a1b-2c3d4e5f6a7b";
        let b = "019ad5a2-1c3f-7a00-9b2c-3d4e5f6a7b8c";
        assert_eq!(a[..8], b[..8]);
        assert_ne!(crate::case_tag(a), crate::case_tag(b));
        assert_eq!(crate::case_tag(a), "4e5f6a7b");
    }

    #[test]
    fn slugs_fold_accents_and_join_words() {
        assert_eq!(
            slug("PT Kopi Çelik Ñusantara Ærø"),
            "pt-kopi-celik-nusantara-aero"
        );
        assert_eq!(slug("  CV. Teluk / Rasa  "), "cv-teluk-rasa");
        assert!(slug(&"a".repeat(100)).len() <= 60);
    }
}
