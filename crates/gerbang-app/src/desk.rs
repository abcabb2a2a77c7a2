//! What the desk reads and the settings it keeps: the case and client lists, one case or
//! client, documents for viewing, the device's settings and holiday calendar, the audit chain.

use crate::views::{
    CalendarView, CaseListQuery, CasePage, CaseRow, ClientRow, DecisionNumberForm, Settings,
};
use crate::{App, AppError, Failure, FailureKind};
use gerbang_core::Language;
use gerbang_core::record::case::Case;
use gerbang_core::record::document::Document;
use gerbang_core::record::profile::Profile;
use gerbang_store::cases::CaseQuery;
use std::path::PathBuf;

impl App {
    /// The device's settings.
    pub async fn settings(&self) -> Result<Settings, AppError> {
        Ok(Settings {
            language: self.store.language().await?,
            max_document_mb: u32::try_from(self.store.max_document_mb().await?).unwrap_or(u32::MAX),
        })
    }

    /// Sets the UI language (packs are written in it unless asked otherwise).
    pub async fn set_language(&self, language: Language) -> Result<Settings, AppError> {
        self.store.set_language(language).await?;
        self.settings().await
    }

    /// Sets the largest document accepted, in MB.
    pub async fn set_max_document_mb(&self, mb: u32) -> Result<Settings, AppError> {
        self.store.set_max_document_mb(u64::from(mb)).await?;
        self.settings().await
    }

    /// The language the user chose for this device.
    pub async fn language(&self) -> Result<Language, AppError> {
        Ok(self.store.language().await?)
    }

    /// A page of cases: `search` matches names, KBLI and notes; filters by status and client;
    /// the next page starts `after` the last row's id. The first page carries the total.
    pub async fn cases(&self, query: &CaseListQuery) -> Result<CasePage, AppError> {
        let q = CaseQuery {
            text: query.search.clone().filter(|s| !s.trim().is_empty()),
            status: query.status,
            profile_id: query.client_id.clone(),
            sort: query.sort,
            limit: i64::from(query.limit.clamp(1, 500)),
            offset: i64::from(query.offset.unwrap_or(0)),
            after: query.after.clone(),
        };
        let total = if q.after.is_none() {
            Some(self.store.count_cases(&q).await?)
        } else {
            None
        };
        let rows = self
            .store
            .find_cases(&q)
            .await?
            .into_iter()
            .map(|summary| CaseRow {
                updated: gerbang_core::format_stored(&summary.updated_at),
                summary,
            })
            .collect();
        Ok(CasePage { rows, total })
    }

    /// One case with its facts, checklist, items and documents.
    pub async fn case(&self, id: &str) -> Result<Case, AppError> {
        Ok(self.store.case(id).await?)
    }

    /// Clients (applicant profiles) whose name contains `search`.
    pub async fn profiles(&self, search: &str) -> Result<Vec<Profile>, AppError> {
        Ok(self.store.profiles(search).await?)
    }

    /// The client list's rows.
    pub async fn client_rows(&self, search: &str) -> Result<Vec<ClientRow>, AppError> {
        Ok(self
            .profiles(search)
            .await?
            .into_iter()
            .map(ClientRow::from)
            .collect())
    }

    /// One client with everything entered for it.
    pub async fn profile(&self, id: &str) -> Result<Profile, AppError> {
        Ok(self.store.profile(id).await?)
    }

    /// A copy of a stored document under its original name in `opened/` of the data directory,
    /// for the system viewer (blobs are shared and must not be edited in place).
    pub async fn document_copy(&self, document_id: &str) -> Result<PathBuf, AppError> {
        let doc: Document = self.store.document(document_id).await?;
        let dir = self.data_dir.join("opened").join(&doc.id);
        let name: String =
            gerbang_store::documents::display_name(std::path::Path::new(&doc.original_name))
                .chars()
                .map(|c| if c.is_control() || c == '\\' { '_' } else { c })
                .collect();
        let copy = dir.join(name);
        let io = |e: std::io::Error| {
            Failure::new(
                FailureKind::Store,
                format!("cannot prepare {} for viewing: {e}", doc.original_name),
            )
        };
        std::fs::create_dir_all(&dir).map_err(io)?;
        std::fs::copy(self.store.document_path(&doc), &copy).map_err(io)?;
        Ok(copy)
    }

    /// A stored document's content by its SHA-256, from this device's blob store only (the
    /// applicant's own files, or a filed case's downloaded ones).
    pub async fn document_bytes(&self, sha256: &str) -> Result<Vec<u8>, AppError> {
        if sha256.len() != 64
            || !sha256
                .bytes()
                .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
        {
            return Err(Failure::new(
                FailureKind::InvalidInput,
                "a document is named by its SHA-256 in lowercase hex",
            )
            .into());
        }
        let path = gerbang_store::documents::blob_path(&self.store.blobs_dir(), sha256);
        tokio::fs::read(&path).await.map_err(|_| {
            Failure::new(
                FailureKind::InvalidInput,
                "this document's content is not on this device yet: sync to download it",
            )
            .into()
        })
    }

    /// The public-holiday calendar as kept (one YYYY-MM-DD a line).
    pub async fn holidays(&self) -> Result<String, AppError> {
        Ok(self.store.holidays().await?.0)
    }

    /// Replaces the holiday calendar (one `YYYY-MM-DD` a line; `#` starts a comment).
    pub async fn set_holidays(&self, text: &str) -> Result<String, AppError> {
        self.store.set_holidays(text).await?;
        self.holidays().await
    }

    /// Every date ahead across the open and approved cases, and how early reminders come.
    pub async fn calendar_view(&self) -> Result<CalendarView, AppError> {
        Ok(CalendarView {
            dues: self.calendar().await?,
            reminder_days: self.store.reminder_days().await?,
        })
    }

    /// Sets how many days before a date its reminder comes.
    pub async fn set_reminder_days(&self, days: u32) -> Result<CalendarView, AppError> {
        self.store.set_reminder_days(days).await?;
        self.calendar_view().await
    }

    /// A case as it would travel to another device, with its documents.
    pub async fn export_case(
        &self,
        id: &str,
    ) -> Result<gerbang_store::transfer::CaseExport, AppError> {
        Ok(self.store.export_case(id).await?)
    }

    /// Checks the audit chain: the number of entries, or the first broken one.
    pub async fn verify_audit(
        &self,
    ) -> Result<Result<u64, gerbang_store::audit::Broken>, AppError> {
        Ok(self.store.verify_audit().await?)
    }

    /// What the About screen and the status bar show.
    pub fn info(&self) -> crate::views::AppInfo {
        let rules = self.rules();
        crate::views::AppInfo {
            version: gerbang_core::VERSION.to_owned(),
            catalog_version: rules.catalog.version().to_owned(),
            catalog_hash: rules.catalog.content_hash.clone(),
            data_dir: self.data_dir.display().to_string(),
            server_url: self.server_url.clone(),
            decision_number: self.decision_number_form(),
        }
    }

    /// The form of the city's decision numbers, where the catalog in use knows it.
    pub fn decision_number_form(&self) -> Option<DecisionNumberForm> {
        let rules = self.rules();
        let catalog = &rules.catalog;
        catalog
            .data
            .rules
            .decision_number
            .as_ref()
            .map(|d| DecisionNumberForm {
                pattern: d.pattern.clone(),
                example: d.example.clone(),
                confirmed: catalog.source(&d.source).is_some_and(|s| s.confirmed),
            })
    }

    /// Where this device keeps its cases and documents.
    pub fn data_dir(&self) -> &std::path::Path {
        &self.data_dir
    }

    /// The city backend this device syncs with unless signed in elsewhere.
    pub fn server_url(&self) -> &str {
        &self.server_url
    }

    /// The configured city backend's health.
    pub async fn server_health(&self) -> Result<gerbang_sync::Health, AppError> {
        Ok(crate::remote::health(&self.server_url).await?.1)
    }
}
