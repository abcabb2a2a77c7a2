//! Talking to the city backend: signing in and out, one sync (and putting a newer catalog in
//! use), filing, resubmitting, and settling conflicts.

use crate::views::FileOutcome;
use crate::{App, AppError, Rules};
use gerbang_core::record::case::Case;
use gerbang_store::outbox::SavedSession;
use gerbang_sync::Client;
use gerbang_sync::engine::{Filing, Progress, Report};
use serde::Serialize;
use std::collections::BTreeMap;

/// What a new catalog changed in one open case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct Rederived {
    /// The case.
    pub case_id: String,
    /// Its title.
    pub title: String,
    /// Items now required that were not.
    pub added: Vec<String>,
    /// Items no longer required (kept, marked).
    pub dropped: Vec<String>,
}

/// A newer catalog arrived from the city backend; open cases were derived again with it.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct CatalogChange {
    /// The version before.
    pub from: String,
    /// The version now in use.
    pub to: String,
    /// What changed in each open case.
    pub cases: Vec<Rederived>,
}

/// What one sync did.
#[derive(Debug, Clone)]
pub struct Synced {
    /// What was pushed and pulled.
    pub report: Report,
    /// The catalog put in use by this sync, if the city backend had a newer one.
    pub catalog_change: Option<CatalogChange>,
}

impl App {
    /// The signed-in account and a client that acts as it.
    pub async fn signed_in(&self) -> Result<(SavedSession, Client), AppError> {
        let session = gerbang_sync::vault::load(&self.store)
            .await?
            .ok_or(AppError::NotSignedIn)?;
        let client = Client::new(&session.server)?.with_token(&session.token);
        Ok((session, client))
    }

    /// A client acting as the signed-in account.
    pub async fn client(&self) -> Result<Client, AppError> {
        Ok(self.signed_in().await?.1)
    }

    /// Signs in to the city backend at `server` and keeps the session (in the system keyring
    /// where there is one).
    pub async fn sign_in(
        &self,
        server: &str,
        username: &str,
        password: &str,
    ) -> Result<(gerbang_sync::wire::Session, gerbang_sync::vault::TokenHome), AppError> {
        let session = Client::new(server)?.login(username, password).await?;
        let home = gerbang_sync::vault::save(&self.store, server, &session).await?;
        self.memory.forget_last();
        Ok((session, home))
    }

    /// Revokes the sign-in at the server when it answers (its error is returned beside) and
    /// forgets it here either way.
    pub async fn sign_out(&self) -> Result<Option<gerbang_sync::SyncError>, AppError> {
        let refused = match self.client().await {
            Ok(client) => client.logout().await.err(),
            Err(AppError::NotSignedIn) => None,
            Err(e) => return Err(e),
        };
        gerbang_sync::vault::forget(&self.store).await?;
        Ok(refused)
    }

    /// One sync, waiting for a running one to end: pushes what is pending, pulls what is new,
    /// and puts a newer catalog from the city backend in use, deriving the open cases again.
    /// Its progress and outcome are kept for [`App::sync_status`].
    pub async fn sync_once(&self) -> Result<Synced, AppError> {
        let _turn = self.backend_turn().await;
        let outcome = async {
            let client = self.client().await?;
            let progress = |p: Progress| self.memory.progress(Some(p));
            let report =
                gerbang_sync::engine::sync_with_progress(&self.store, &client, &progress).await?;
            let catalog_change = self.update_catalog(&client).await?;
            Ok(Synced {
                report,
                catalog_change,
            })
        }
        .await;
        self.memory.progress(None);
        self.memory.remember(outcome)
    }

    /// Syncs once if an account is signed in. A failed sync is kept for
    /// [`App::sync_status`], not returned: what was asked for is already done locally.
    pub async fn sync_if_signed_in(&self) -> Result<(), AppError> {
        if self.store.sync_session().await?.is_some() {
            let _ = self.sync_once().await;
        }
        Ok(())
    }

    async fn update_catalog(&self, client: &Client) -> Result<Option<CatalogChange>, AppError> {
        let before = self.rules();
        let Some(catalog) = gerbang_sync::engine::fetch_newer_catalog(
            &self.store,
            client,
            before.catalog.version(),
        )
        .await?
        else {
            return Ok(None);
        };
        let rules = Rules::from_catalog(catalog);
        let to = rules.catalog.version().to_owned();
        self.use_rules(rules);
        let cases = self.rederive_open_cases().await?;
        Ok(Some(CatalogChange {
            from: before.catalog.version().to_owned(),
            to,
            cases,
        }))
    }

    /// Derives every open case (draft or ready, its filing not waiting) not yet on the catalog
    /// in use again from its facts; returns what changed in each. Documents stay with the items
    /// that still need them.
    pub async fn rederive_open_cases(&self) -> Result<Vec<Rederived>, AppError> {
        let turn = self.turn().await?;
        let required = |c: &Case| -> Vec<(String, String)> {
            c.items
                .iter()
                .filter(|i| i.required)
                .map(|i| (i.key.clone(), i.item.name.to_string()))
                .collect()
        };
        let names = |from: &[(String, String)], not_in: &[(String, String)]| -> Vec<String> {
            from.iter()
                .filter(|(k, _)| !not_in.iter().any(|(k2, _)| k2 == k))
                .map(|(k, name)| format!("{name} ({k})"))
                .collect()
        };
        let mut out = Vec::new();
        for id in self
            .store
            .open_cases_not_on(&turn.rules.catalog.content_hash)
            .await?
        {
            let case = self.store.case(&id).await?;
            let before = required(&case);
            let after_case = self.rederive(&turn, case, None).await?;
            let after = required(&after_case);
            out.push(Rederived {
                case_id: id,
                title: after_case.summary.title.clone(),
                added: names(&after, &before),
                dropped: names(&before, &after),
            });
        }
        Ok(out)
    }

    /// Files a case now, or (the city backend unreachable) queues it for the next sync.
    pub async fn file_case(&self, case_id: &str) -> Result<FileOutcome, AppError> {
        let _turn = self.backend_turn().await;
        let (session, client) = self.signed_in().await?;
        Ok(
            match gerbang_sync::engine::file_case(&self.store, &client, &session.username, case_id)
                .await?
            {
                Filing::Filed(receipt) => FileOutcome {
                    receipt: Some(receipt),
                    queued: None,
                },
                Filing::Queued(queued) => FileOutcome {
                    receipt: None,
                    queued: Some(queued),
                },
            },
        )
    }

    /// Both sides of a conflict (this device's record and the server's copy).
    pub async fn conflict(&self, seq: i64) -> Result<gerbang_store::outbox::Conflict, AppError> {
        Ok(self.store.conflict(seq).await?)
    }

    /// Withdraws a filing that waits for the network (the case can be changed again).
    pub async fn cancel_filing(&self, case_id: &str) -> Result<(), AppError> {
        let _turn = self.backend_turn().await;
        Ok(self
            .store
            .cancel_filing(&self.actor().await?, case_id)
            .await?)
    }

    /// Sends the applicant's revised case with a response to each item the officer asked about.
    pub async fn resubmit_case(
        &self,
        case_id: &str,
        responses: &BTreeMap<String, String>,
    ) -> Result<gerbang_sync::wire::ResubmitReceipt, AppError> {
        let _turn = self.backend_turn().await;
        let client = self.client().await?;
        Ok(gerbang_sync::engine::resubmit_case(&self.store, &client, case_id, responses).await?)
    }

    /// Settles a conflict: `keep_mine` sends this device's version again on top of the server's;
    /// otherwise the server's copy replaces the local record.
    pub async fn resolve_conflict(&self, seq: i64, keep_mine: bool) -> Result<(), AppError> {
        let turn = self.turn().await?;
        Ok(self
            .store
            .resolve_conflict(&turn.actor, seq, keep_mine, &turn.deriver())
            .await?)
    }
}
