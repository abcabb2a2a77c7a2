//! Document packs: what a case's pack is made from (the case, its applicant, its plan, where
//! its documents' contents are), the city backend its QR code points at, and writing a batch
//! of them into a folder with progress, a case that fails reported and the batch going on.

use crate::views::{PackBatch, PackFailure, PackProgress, PackResult};
use crate::{App, AppError, Failure, FailureKind};
use gerbang_core::Language;
use std::path::Path;
use std::sync::Arc;

/// Where a batch's progress goes (a channel to the window, a bar on the terminal).
pub type Progress = Arc<dyn Fn(PackProgress) + Send + Sync>;

/// What every pack of a batch is written with.
#[derive(Debug, Clone, Default)]
pub struct PackOptions {
    /// The pack's language; the user's UI language when absent.
    pub language: Option<Language>,
    /// The city backend the QR codes point at; the signed-in one (else the configured one)
    /// when absent.
    pub server: Option<String>,
}

impl App {
    /// The source of `case_id`'s document pack, its plan worked out from today.
    pub async fn pack_source(&self, case_id: &str) -> Result<gerbang_pack::Source, AppError> {
        let (case, profile) = self.store.case_with_applicant(case_id).await?;
        let progress = self.store.plan_progress(case_id).await?;
        let plan = self.plan_from(&case.checklist, &progress).await?;
        Ok(gerbang_pack::Source::new(case, profile, self.store.blobs_dir()).with_plan(plan))
    }

    /// The city backend a pack's QR code points at: the one signed in to, else the configured
    /// one.
    pub async fn pack_server(&self) -> Result<String, AppError> {
        Ok(match self.store.sync_session().await? {
            Some(session) => session.server,
            None => self.server_url.clone(),
        })
    }

    /// Writes the packs of `case_ids` into `dir` (created if missing), one PDF per case named
    /// after it, reporting progress; a case that cannot be packed is reported in the batch and
    /// the others go on.
    pub async fn write_packs(
        &self,
        case_ids: &[String],
        dir: &Path,
        options: PackOptions,
        progress: &Progress,
    ) -> Result<PackBatch, AppError> {
        PackBatch::check_asked(case_ids)?;
        std::fs::create_dir_all(dir).map_err(|e| {
            Failure::new(
                FailureKind::Store,
                format!("cannot create {}: {e}", dir.display()),
            )
        })?;
        let language = match options.language {
            Some(l) => l,
            None => self.language().await?,
        };
        let server = match options.server {
            Some(s) => s,
            None => self.pack_server().await?,
        };
        let cases = u32::try_from(case_ids.len()).unwrap_or(u32::MAX);
        let mut batch = PackBatch {
            folder: dir.display().to_string(),
            packs: Vec::new(),
            failed: Vec::new(),
        };
        for (i, id) in case_ids.iter().enumerate() {
            let index = u32::try_from(i).unwrap_or(u32::MAX);
            match self
                .write_pack(id, dir, (language, &server), (index, cases), progress)
                .await
            {
                Ok(r) => batch.packs.push(r),
                Err(e) => {
                    let failure = e.failure();
                    batch.failed.push(PackFailure {
                        name: id.clone(),
                        message: failure.message.clone(),
                        failure: Some(failure),
                    });
                }
            }
        }
        progress(PackProgress {
            case_index: cases,
            cases,
            title: String::new(),
            stage: "done".to_owned(),
            done: 1,
            total: 1,
        });
        Ok(batch)
    }

    /// Writes one case's pack into `dir`, reporting progress as case `index` of `cases`.
    async fn write_pack(
        &self,
        case_id: &str,
        dir: &Path,
        (language, server): (Language, &str),
        (index, cases): (u32, u32),
        progress: &Progress,
    ) -> Result<PackResult, AppError> {
        let source = self.pack_source(case_id).await?;
        let path = dir.join(source.file_name());
        let title = source.case.summary.title.clone();
        let (target, server, progress) = (path.clone(), server.to_owned(), Arc::clone(progress));
        // Reading attachments and drawing pages is blocking work: off the async threads.
        let pack = tokio::task::spawn_blocking(move || {
            let req = source.request(language, &server);
            gerbang_pack::write_file(&target, &req, &mut |step| {
                let (stage, done, total) = match step {
                    gerbang_pack::Step::Reading { done, total } => ("reading", done, total),
                    gerbang_pack::Step::Writing => ("writing", 1, 1),
                };
                progress(PackProgress {
                    case_index: index,
                    cases,
                    title: title.clone(),
                    stage: stage.to_owned(),
                    done: u32::try_from(done).unwrap_or(u32::MAX),
                    total: u32::try_from(total).unwrap_or(u32::MAX),
                });
            })
        })
        .await
        .map_err(|e| Failure::new(FailureKind::Internal, format!("the pack stopped: {e}")))??;
        Ok(PackResult {
            case_id: case_id.to_owned(),
            file_name: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            path: path.display().to_string(),
            pages: u32::try_from(pack.pages).unwrap_or(u32::MAX),
            pack_id: pack.pack_id,
            sha256: pack.sha256,
            verify_url: pack.verify_url,
            not_included: pack
                .attachments
                .into_iter()
                .filter_map(|a| {
                    a.excluded.map(|why| PackFailure {
                        name: a.name,
                        message: why,
                        failure: None,
                    })
                })
                .collect(),
            opened: false,
        })
    }
}

/// Checks a pack's manifest against its embedded originals (no store is needed).
pub fn verify_pack(bytes: &[u8]) -> Result<gerbang_pack::verify::Verified, AppError> {
    Ok(gerbang_pack::verify::verify(bytes)?)
}
