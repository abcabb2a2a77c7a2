//! Conflicts: both sides of one (this device's record and the server's copy), and settling it by
//! keeping this device's version or taking the server's (the outbox entry marked resolved, the
//! choice audited).

use super::*;

impl crate::Store {
    /// Both sides of the conflict at outbox entry `seq`.
    pub async fn conflict(&self, seq: i64) -> Result<Conflict, StoreError> {
        let row: ConflictRow = sqlx::query_as(
            "SELECT kind, record_id, server_version, payload FROM outbox
             WHERE seq = ? AND outcome = 'conflict' AND resolved_at IS NULL",
        )
        .bind(seq)
        .fetch_optional(&self.pool)
        .await?
        .ok_or_else(|| StoreError::not_found("unresolved conflict", seq))?;
        let ConflictRow {
            kind,
            record_id,
            server_version,
            payload,
        } = row;
        let rk = record_kind(&kind).to_owned();
        let theirs: Option<String> =
            sqlx::query_scalar("SELECT data FROM pulled_records WHERE kind = ? AND id = ?")
                .bind(&rk)
                .bind(&record_id)
                .fetch_optional(&self.pool)
                .await?;
        let theirs = theirs.as_deref();
        fn parse<T: serde::de::DeserializeOwned>(t: Option<&str>) -> Result<Option<T>, StoreError> {
            Ok(t.map(serde_json::from_str).transpose()?)
        }
        // For a review action, "mine" is the action as made; for a record, its state now.
        let sides = if rk == "review" {
            Sides::Review {
                mine: serde_json::from_str(&payload)?,
                theirs: parse(theirs)?,
            }
        } else {
            match self.record_state(&kind, &record_id).await? {
                MutationPayload::ProfileCreate(mine) | MutationPayload::ProfileUpdate(mine) => {
                    Sides::Profile {
                        mine,
                        theirs: parse(theirs)?,
                    }
                }
                MutationPayload::CaseCreate(mine) | MutationPayload::CaseUpdate(mine) => {
                    Sides::Case {
                        mine,
                        theirs: parse(theirs)?,
                    }
                }
                _ => {
                    return Err(StoreError::Invalid {
                        field: "conflict".to_owned(),
                        message: format!("a {kind} change cannot be in conflict"),
                    });
                }
            }
        };
        Ok(Conflict {
            seq,
            kind,
            record_id,
            server_version,
            sides,
        })
    }

    /// Settles a conflict. Keeping this device's version queues it again on top of the server's
    /// version (the server then applies it); taking the server's replaces the local record with
    /// the server's copy (a case is derived again from the server's facts; documents stay).
    pub async fn resolve_conflict(
        &self,
        actor: &str,
        seq: i64,
        keep_mine: bool,
        derive: &gerbang_core::engine::Derive<'_>,
    ) -> Result<(), StoreError> {
        let c = self.conflict(seq).await?;
        let rk = record_kind(&c.kind).to_owned();
        let at = now();
        if rk == "review" {
            // Mine: the same action again, on the version the server has now (it is checked
            // again there). Theirs: the action is dropped; the server's review stands.
            let mut tx = self.pool.begin().await?;
            mark_resolved(&mut tx, seq, &at).await?;
            if keep_mine && let Sides::Review { mine, .. } = &c.sides {
                let payload = ReviewPayload {
                    action: mine.action.clone(),
                    base: u32::try_from(c.server_version.unwrap_or(0)).unwrap_or(0),
                };
                append(
                    &mut tx,
                    &at,
                    "review.action",
                    &c.record_id,
                    &serde_json::to_string(&payload)?,
                )
                .await?;
            }
            audit_resolution(
                &mut tx,
                actor,
                &at,
                &c,
                if keep_mine { "mine" } else { "theirs" },
            )
            .await?;
            tx.commit().await?;
            return Ok(());
        }
        if keep_mine {
            let mut tx = self.pool.begin().await?;
            mark_resolved(&mut tx, seq, &at).await?;
            // Build on the newest server version this device knows of.
            if let Some(v) = c.server_version {
                upsert_version(&mut tx, &rk, &c.record_id, v).await?;
            }
            append_record(&mut tx, &at, &format!("{rk}.update"), &c.record_id).await?;
            audit_resolution(&mut tx, actor, &at, &c, "mine").await?;
            tx.commit().await?;
            return Ok(());
        }
        let not_pulled = || StoreError::Invalid {
            field: "conflict".to_owned(),
            message: "the server's copy has not been pulled yet: sync, then choose".to_owned(),
        };
        match &c.sides {
            Sides::Profile { theirs, .. } => {
                let profile = theirs.clone().ok_or_else(not_pulled)?;
                let json = serde_json::to_string(&profile)?;
                let mut tx = self.pool.begin().await?;
                crate::profiles::save_profile(&mut tx, &profile, &json).await?;
                mark_resolved(&mut tx, seq, &at).await?;
                if let Some(v) = c.server_version {
                    upsert_version(&mut tx, &rk, &c.record_id, v).await?;
                }
                audit_resolution(&mut tx, actor, &at, &c, "theirs").await?;
                tx.commit().await?;
            }
            Sides::Case { theirs, .. } => {
                let case = theirs.clone().ok_or_else(not_pulled)?;
                let checklist = derive(&case.facts)?;
                let local = self.case(&c.record_id).await?;
                let mut tx = self.pool.begin().await?;
                mark_resolved(&mut tx, seq, &at).await?;
                if let Some(v) = c.server_version {
                    upsert_version(&mut tx, &rk, &c.record_id, v).await?;
                }
                crate::cases::rederive_in(
                    &mut tx,
                    actor,
                    &c.record_id,
                    &local.summary.profile_name,
                    &case.facts,
                    &checklist,
                    &case.notes,
                    &at,
                )
                .await?;
                sqlx::query("UPDATE cases SET notes = ? WHERE id = ?")
                    .bind(&case.notes)
                    .bind(&c.record_id)
                    .execute(&mut *tx)
                    .await?;
                audit_resolution(&mut tx, actor, &at, &c, "theirs").await?;
                tx.commit().await?;
            }
            Sides::Review { .. } => {
                return Err(StoreError::Invalid {
                    field: "conflict".to_owned(),
                    message: "a review conflict is settled above".to_owned(),
                });
            }
        }
        Ok(())
    }
}

async fn mark_resolved(conn: &mut SqliteConnection, seq: i64, at: &str) -> Result<(), StoreError> {
    sqlx::query("UPDATE outbox SET resolved_at = ? WHERE seq = ?")
        .bind(at)
        .bind(seq)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

async fn audit_resolution(
    conn: &mut SqliteConnection,
    actor: &str,
    at: &str,
    c: &Conflict,
    chosen: &str,
) -> Result<(), StoreError> {
    crate::audit::append(
        &mut *conn,
        at,
        &crate::audit::Entry {
            actor,
            action: "sync.resolve",
            record_kind: record_kind(&c.kind),
            record_id: &c.record_id,
            detail: serde_json::json!({ "seq": c.seq, "chosen": chosen }).to_string(),
        },
    )
    .await
}
