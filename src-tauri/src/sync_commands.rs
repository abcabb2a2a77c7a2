//! The Sync screen's commands, the case filing command, and the background sync loop.

use crate::commands::Desktop;
use crate::ipc::{ApiError, ErrorCode, FiledCase, SyncAccount, SyncStatus};
use gerbang_core::wita::today;
use std::time::Duration;
use tauri::State;

/// Shows a stored UTC time (RFC 3339) in WITA; the stored text if it does not parse.
pub fn wita(stored: &str) -> String {
    gerbang_core::format_stored(stored)
}

impl Desktop {
    pub async fn client(&self) -> Result<gerbang_sync::Client, ApiError> {
        let session = gerbang_sync::vault::load(&self.store)
            .await?
            .ok_or_else(|| {
                ApiError::new(
                    ErrorCode::NotSignedIn,
                    "sign in to the city backend first (Sync screen)",
                )
            })?;
        Ok(gerbang_sync::Client::new(&session.server)?.with_token(&session.token))
    }

    /// Syncs once if an account is signed in. A failed sync is kept for the Sync screen (see
    /// [`Desktop::sync_once`]), not returned: what was asked for is already done locally.
    pub async fn sync_if_signed_in(&self) -> Result<(), ApiError> {
        if self.store.sync_session().await?.is_some() {
            let _ = self.sync_once().await;
        }
        Ok(())
    }

    /// Runs one sync unless one is running; remembers its outcome for the Sync screen. A newer
    /// catalog from the server is put in use and open cases are derived again with it.
    pub async fn sync_once(&self) -> Result<gerbang_sync::engine::Report, ApiError> {
        let _running = self.sync_lock.lock().await;
        let client = self.client().await?;
        let report_progress = |p: gerbang_sync::engine::Progress| {
            if let Ok(mut slot) = self.progress.lock() {
                *slot = Some(p);
            }
        };
        let synced =
            gerbang_sync::engine::sync_with_progress(&self.store, &client, &report_progress).await;
        if let Ok(mut slot) = self.progress.lock() {
            *slot = None;
        }
        let result = match synced {
            Ok(report) => self.update_catalog(&client).await.map(|()| report),
            Err(e) => Err(e),
        };
        let mut last = self.last_sync.lock().await;
        match result {
            Ok(report) => {
                if let Ok(mut arrived) = self.arrived.lock() {
                    arrived.extend(report.filed.iter().cloned());
                }
                *last = (Some(report.clone()), None);
                Ok(report)
            }
            Err(e) => {
                let e = engine_error(e);
                *last = (None, Some(e.clone()));
                Err(e)
            }
        }
    }

    async fn update_catalog(
        &self,
        client: &gerbang_sync::Client,
    ) -> Result<(), gerbang_sync::engine::EngineError> {
        let active = self.rules();
        let Some(catalog) = gerbang_sync::engine::fetch_newer_catalog(
            &self.store,
            client,
            active.catalog.version(),
        )
        .await?
        else {
            return Ok(());
        };
        let rules = crate::commands::Rules::leak(catalog);
        self.use_rules(rules);
        let cases = self
            .store
            .rederive_open_cases(
                &crate::commands::actor(),
                rules.catalog,
                rules.index,
                today(),
            )
            .await?;
        *self.catalog_change.lock().await = Some(crate::ipc::CatalogChange {
            from: active.catalog.version().to_owned(),
            to: rules.catalog.version().to_owned(),
            cases,
        });
        Ok(())
    }

    /// The Sync screen's state.
    pub async fn sync_status(&self) -> Result<SyncStatus, ApiError> {
        let session = self.store.sync_session().await?;
        let syncing = self.sync_lock.try_lock().is_err();
        let (last_report, last_error) = self.last_sync.lock().await.clone();
        Ok(SyncStatus {
            server_url: session
                .as_ref()
                .map_or_else(|| self.server_url.clone(), |s| s.server.clone()),
            token_home: session.as_ref().map(gerbang_sync::vault::home),
            account: session.as_ref().map(|s| SyncAccount {
                username: s.username.clone(),
                role: gerbang_sync::wire::Role::parse(&s.role)
                    .unwrap_or(gerbang_sync::wire::Role::Investor),
                expires: wita(&s.expires_at),
            }),
            pending: self.store.pending_changes().await?,
            last_sync: self.store.last_sync_at().await?.map(|t| wita(&t)),
            syncing,
            last_error,
            last_report,
            problems: self.store.sync_problems().await?,
            catalog_version: self.rules().catalog.version().to_owned(),
            progress: self.progress.lock().ok().and_then(|p| p.clone()),
            catalog_change: self.catalog_change.lock().await.clone(),
            queued_filings: self.store.queued_filings().await?,
            arrived: self.arrived.lock().map(|a| a.clone()).unwrap_or_default(),
        })
    }
}

pub fn engine_error(e: gerbang_sync::engine::EngineError) -> ApiError {
    match e {
        gerbang_sync::engine::EngineError::Sync(e) => match e.code() {
            Some("unauthenticated") => ApiError::new(
                ErrorCode::NotSignedIn,
                "the sign-in has expired or was revoked: sign in again",
            ),
            _ => e.into(),
        },
        gerbang_sync::engine::EngineError::Store(e) => e.into(),
        e @ gerbang_sync::engine::EngineError::Catalog { .. } => {
            ApiError::new(ErrorCode::ServerError, e)
        }
    }
}

#[tauri::command]
pub async fn sync_status(state: State<'_, Desktop>) -> Result<SyncStatus, ApiError> {
    state.sync_status().await
}

#[tauri::command]
pub async fn sign_in(
    state: State<'_, Desktop>,
    server: String,
    username: String,
    password: String,
) -> Result<SyncStatus, ApiError> {
    let session = gerbang_sync::Client::new(&server)?
        .login(username.trim(), &password)
        .await
        // Worded by the UI from the server's code: wrong password, or the wait after too
        // many (with its seconds).
        .map_err(ApiError::from)?;
    gerbang_sync::vault::save(&state.store, &server, &session).await?;
    *state.last_sync.lock().await = (None, None);
    state.sync_status().await
}

#[tauri::command]
pub async fn sign_out(state: State<'_, Desktop>) -> Result<SyncStatus, ApiError> {
    if let Ok(client) = state.client().await {
        // Revoke at the server when it answers; forget the token here either way.
        let _ = client.logout().await;
    }
    gerbang_sync::vault::forget(&state.store).await?;
    state.sync_status().await
}

#[tauri::command]
pub async fn sync_now(state: State<'_, Desktop>) -> Result<SyncStatus, ApiError> {
    state.sync_once().await?;
    state.sync_status().await
}

/// Files a case now, or (the city backend unreachable) queues it for the next sync.
#[tauri::command]
pub async fn file_case(
    state: State<'_, Desktop>,
    case_id: String,
) -> Result<crate::ipc::FileOutcome, ApiError> {
    let _running = state.sync_lock.lock().await;
    let client = state.client().await?;
    let filing = gerbang_sync::engine::file_case(
        &state.store,
        &client,
        &crate::commands::actor(),
        &case_id,
    )
    .await
    .map_err(|e| {
        let refused_input = matches!(
            &e,
            gerbang_sync::engine::EngineError::Sync(gerbang_sync::SyncError::Refused { code, .. })
                if code == "incomplete" || code == "snapshot_mismatch"
        );
        let mut out = engine_error(e);
        if refused_input {
            out.code = ErrorCode::InvalidInput;
        }
        out
    })?;
    Ok(match filing {
        gerbang_sync::engine::Filing::Filed(receipt) => crate::ipc::FileOutcome {
            receipt: Some(receipt),
            queued: None,
        },
        gerbang_sync::engine::Filing::Queued(queued) => crate::ipc::FileOutcome {
            receipt: None,
            queued: Some(queued),
        },
    })
}

/// Withdraws a filing that waits for the network (the case can be changed again).
#[tauri::command]
pub async fn cancel_filing(
    state: State<'_, Desktop>,
    case_id: String,
) -> Result<SyncStatus, ApiError> {
    let _running = state.sync_lock.lock().await;
    state
        .store
        .cancel_filing(&crate::commands::actor(), &case_id)
        .await?;
    drop(_running);
    state.sync_status().await
}

#[tauri::command]
pub async fn filed_cases(state: State<'_, Desktop>) -> Result<Vec<FiledCase>, ApiError> {
    Ok(state
        .store
        .filed_cases()
        .await?
        .into_iter()
        .map(|f| FiledCase {
            filed: wita(&f.filed_at),
            case_id: f.case_id,
            number: f.number,
            title: f.title,
            applicant: f.applicant,
            items_required: f.items_required,
            documents: f.documents,
        })
        .collect())
}

/// Syncs in the background while signed in: every `GERBANG_SYNC_INTERVAL` seconds (default 60).
/// Failures are kept for the Sync screen; nothing is lost (unanswered changes stay pending).
pub fn spawn_background_sync(app: tauri::AppHandle) {
    use tauri::Manager;
    let every = std::env::var("GERBANG_SYNC_INTERVAL")
        .ok()
        .and_then(|s| s.parse().ok())
        .filter(|s: &u64| *s > 0)
        .unwrap_or(60);
    tauri::async_runtime::spawn(async move {
        loop {
            tokio::time::sleep(Duration::from_secs(every)).await;
            let _ = app.state::<Desktop>().sync_if_signed_in().await;
        }
    });
}

#[tauri::command]
pub async fn conflict_detail(
    state: State<'_, Desktop>,
    seq: i64,
) -> Result<gerbang_store::outbox::Conflict, ApiError> {
    Ok(state.store.conflict(seq).await?)
}

/// Settles a conflict: `keep_mine` sends this device's version again on top of the server's;
/// otherwise the server's copy replaces the local record. Then syncs if signed in.
#[tauri::command]
pub async fn resolve_conflict(
    state: State<'_, Desktop>,
    seq: i64,
    keep_mine: bool,
) -> Result<SyncStatus, ApiError> {
    let rules = state.rules();
    state
        .store
        .resolve_conflict(
            &crate::commands::actor(),
            seq,
            keep_mine,
            rules.catalog,
            rules.index,
            today(),
        )
        .await?;
    state.sync_if_signed_in().await?;
    state.sync_status().await
}
