//! What this device knows of its syncing: the account, what waits, what the last sync did or
//! why it failed, how far a running one has come. The desktop's Sync screen and
//! `gerbang sync status` read the same [`SyncStatus`].

use crate::views::{FiledCase, SyncAccount, SyncStatus};
use crate::{App, AppError, CatalogChange, Failure, Synced};
use gerbang_core::format_stored;
use gerbang_sync::engine::{Progress, Report};
use gerbang_sync::wire::Receipt;
use std::sync::Mutex;

/// The application's memory of its syncs since it started.
#[derive(Debug, Default)]
pub(crate) struct SyncMemory {
    progress: Mutex<Option<Progress>>,
    last: Mutex<(Option<Report>, Option<Failure>)>,
    arrived: Mutex<Vec<Receipt>>,
    catalog_change: Mutex<Option<CatalogChange>>,
}

fn read<T: Clone>(slot: &Mutex<T>) -> Option<T> {
    slot.lock().ok().map(|v| v.clone())
}

fn write<T>(slot: &Mutex<T>, f: impl FnOnce(&mut T)) {
    if let Ok(mut v) = slot.lock() {
        f(&mut v);
    }
}

impl SyncMemory {
    pub(crate) fn progress(&self, p: Option<Progress>) {
        write(&self.progress, |slot| *slot = p);
    }

    pub(crate) fn forget_last(&self) {
        write(&self.last, |slot| *slot = (None, None));
    }

    /// Keeps a sync's outcome (a failure as it is shown) and hands it on.
    pub(crate) fn remember(&self, outcome: Result<Synced, AppError>) -> Result<Synced, AppError> {
        match outcome {
            Ok(synced) => {
                write(&self.arrived, |a| {
                    a.extend(synced.report.filed.iter().cloned())
                });
                if let Some(change) = &synced.catalog_change {
                    write(&self.catalog_change, |c| *c = Some(change.clone()));
                }
                write(&self.last, |l| *l = (Some(synced.report.clone()), None));
                Ok(synced)
            }
            Err(e) => {
                write(&self.last, |l| *l = (None, Some(e.failure())));
                Err(e)
            }
        }
    }
}

impl App {
    /// This device's sync state.
    pub async fn sync_status(&self) -> Result<SyncStatus, AppError> {
        let session = self.store.sync_session().await?;
        let (last_report, last_error) = read(&self.memory.last).unwrap_or_default();
        let last_sync_at = self.store.last_sync_at().await?;
        Ok(SyncStatus {
            server_url: session
                .as_ref()
                .map_or_else(|| self.server_url.clone(), |s| s.server.clone()),
            token_home: session.as_ref().map(gerbang_sync::vault::home),
            account: session.as_ref().map(|s| SyncAccount {
                username: s.username.clone(),
                role: gerbang_sync::wire::Role::parse(&s.role)
                    .unwrap_or(gerbang_sync::wire::Role::Investor),
                expires: format_stored(&s.expires_at),
            }),
            pending: self.store.pending_changes().await?,
            last_sync: last_sync_at.as_deref().map(format_stored),
            last_sync_at,
            cursor: self.store.sync_cursor().await?,
            pulled: self.store.pulled_counts().await?,
            syncing: self.backend_busy(),
            last_error,
            last_report,
            problems: self.store.sync_problems().await?,
            catalog_version: self.rules().catalog.version().to_owned(),
            progress: read(&self.memory.progress).flatten(),
            catalog_change: read(&self.memory.catalog_change).flatten(),
            queued_filings: self.store.queued_filings().await?,
            arrived: read(&self.memory.arrived).unwrap_or_default(),
        })
    }

    /// Filed cases pulled from the city backend (an officer's queue).
    pub async fn filed_cases(&self) -> Result<Vec<FiledCase>, AppError> {
        Ok(self
            .store
            .filed_cases()
            .await?
            .into_iter()
            .map(|f| FiledCase {
                filed: format_stored(&f.filed_at),
                case_id: f.case_id,
                number: f.number,
                title: f.title,
                applicant: f.applicant,
                items_required: f.items_required,
                documents: f.documents,
            })
            .collect())
    }
}
