//! The device's sync state: where the pull stands, when it last synced, what the server refused or
//! found in conflict, the signed-in session, and the document contents still to upload.

use super::*;

impl crate::Store {
    /// Where the next pull starts (0 before the first).
    pub async fn sync_cursor(&self) -> Result<i64, StoreError> {
        Ok(self
            .setting(CURSOR_KEY)
            .await?
            .and_then(|c| c.parse().ok())
            .unwrap_or(0))
    }

    /// Forgets the cursor: the next pull starts from the beginning (after a server reset).
    pub async fn reset_sync_cursor(&self) -> Result<(), StoreError> {
        self.put_setting(CURSOR_KEY, "0").await
    }

    /// When this device last completed a pull (UTC, RFC 3339).
    pub async fn last_sync_at(&self) -> Result<Option<String>, StoreError> {
        self.setting(LAST_SYNC_KEY).await
    }

    /// Changes the server refused or found in conflict, newest first.
    pub async fn sync_problems(&self) -> Result<Vec<SyncProblem>, StoreError> {
        let rows: Vec<ProblemRow> = sqlx::query_as(
            "SELECT seq, kind, record_id, outcome, COALESCE(message, '') AS message, code, synced_at FROM outbox
             WHERE outcome IN ('rejected', 'conflict') AND resolved_at IS NULL ORDER BY seq DESC",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| SyncProblem {
                seq: r.seq,
                kind: r.kind,
                record_id: r.record_id,
                outcome: r.outcome,
                message: r.message,
                code: r.code.as_deref().and_then(gerbang_wire::ErrorCode::parse),
                synced_at: r.synced_at,
            })
            .collect())
    }

    /// The account this device syncs as, if signed in.
    pub async fn sync_session(&self) -> Result<Option<SavedSession>, StoreError> {
        match self.setting(SESSION_KEY).await? {
            None => Ok(None),
            Some(text) if text.is_empty() => Ok(None),
            Some(text) => Ok(Some(serde_json::from_str(&text)?)),
        }
    }

    /// Remembers (or, with `None`, forgets) the signed-in account.
    pub async fn set_sync_session(&self, session: Option<&SavedSession>) -> Result<(), StoreError> {
        let text = match session {
            Some(s) => serde_json::to_string(s)?,
            None => String::new(),
        };
        self.put_setting(SESSION_KEY, &text).await
    }

    /// Queues the case's current state to be pushed (before filing, so the server's copy has
    /// every document attached since the case was last pushed).
    pub async fn queue_case_snapshot(&self, case_id: &str) -> Result<(), StoreError> {
        self.case(case_id).await?;
        let mut conn = self.pool.acquire().await?;
        append(
            &mut conn,
            &now(),
            "case.update",
            case_id,
            r#"{"snapshot":true}"#,
        )
        .await
    }

    /// How many records of each kind this device holds from the server.
    pub async fn pulled_counts(
        &self,
    ) -> Result<std::collections::BTreeMap<String, i64>, StoreError> {
        let rows: Vec<(String, i64)> =
            sqlx::query_as("SELECT kind, COUNT(*) AS n FROM pulled_records GROUP BY kind")
                .fetch_all(&self.pool)
                .await?;
        Ok(rows.into_iter().collect())
    }

    /// Document contents to upload: documents the server has accepted whose content it has not
    /// confirmed yet, as (sha256, local path, size).
    pub async fn blobs_to_upload(
        &self,
    ) -> Result<Vec<(String, std::path::PathBuf, i64)>, StoreError> {
        let rows: Vec<(String, i64)> = sqlx::query_as(
            "SELECT DISTINCT d.sha256, d.size FROM documents d
             JOIN outbox o ON o.record_id = d.id AND o.kind = 'document.attach' AND o.outcome = 'applied'
             WHERE d.sha256 NOT IN (SELECT sha256 FROM uploaded_blobs) ORDER BY d.sha256",
        )
        .fetch_all(&self.pool)
        .await?;
        let blobs = self.blobs_dir();
        Ok(rows
            .into_iter()
            .map(|(sha, size)| {
                let path = crate::documents::blob_path(&blobs, &sha);
                (sha, path, size)
            })
            .collect())
    }

    /// Remembers that the server holds `sha256` complete.
    pub async fn mark_uploaded(&self, sha256: &str) -> Result<(), StoreError> {
        sqlx::query("INSERT OR IGNORE INTO uploaded_blobs (sha256, uploaded_at) VALUES (?, ?)")
            .bind(sha256)
            .bind(now())
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
