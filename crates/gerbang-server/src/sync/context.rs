//! What one push works with: the records it touches (locked and read once), the filed cases, the
//! typed payloads, and the changes, blobs and writes it queues for the end of its transaction.

use super::*;

/// A record as the server holds it: whose, which version, its JSON.
#[derive(Debug, Clone)]
pub(super) struct Held {
    pub(super) owner: String,
    pub(super) version: i64,
    pub(super) data: String,
}

/// A feed row waiting to be appended: (kind, record id, for officers, version, data).
pub(super) type QueuedChange = crate::repo::feed::Queued;
/// Each mutation's payload, parsed once, by seq.
pub(super) type Typed =
    std::collections::HashMap<i64, Result<MutationPayload, gerbang_wire::PayloadError>>;
/// A mutation-log row waiting to be appended: (seq, id, kind, record id, status, result).
pub(super) type QueuedLog = mutations::Logged;

/// What one push reads once and writes at its end: every record its mutations name or refer
/// to (kept current as they apply), which of their cases are filed, the catalogs looked up,
/// and the feed and log rows to append. sqlx costs tens of µs a statement; a push of 200
/// changes then costs a few statements more than its record writes, not eight a change.
#[derive(Debug, Default)]
pub(super) struct PushCtx {
    pub(super) owner: String,
    pub(super) records: std::collections::HashMap<(String, String), Option<Held>>,
    pub(super) filed: std::collections::HashSet<String>,
    pub(super) rules:
        std::collections::HashMap<String, Option<std::sync::Arc<crate::catalogs::Rules>>>,
    /// Each mutation's payload, parsed once, by seq.
    pub(super) typed: Typed,
    pub(super) changes: Vec<QueuedChange>,
    pub(super) logged: Vec<QueuedLog>,
    /// Records written by this push (kind, id, when), in order; their state is in `records`.
    pub(super) written: Vec<(String, String, String)>,
    /// New documents' files (document id, sha256, size, case id).
    pub(super) blobs: Vec<(String, String, i64, String)>,
}

impl PushCtx {
    /// Reads what `mutations` need: the records they name, the cases and profiles their
    /// payloads refer to, and which of those cases are filed.
    pub(super) async fn load(
        tx: &mut Tx,
        who: &Account,
        typed: Typed,
        ids: &[String],
    ) -> Result<PushCtx, ApiError> {
        let mut ctx = PushCtx {
            owner: who.id.clone(),
            typed,
            ..PushCtx::default()
        };
        for (kind, r) in crate::repo::records::among(tx, ids).await? {
            ctx.records.insert(
                (kind, r.id),
                Some(Held {
                    owner: r.owner_id,
                    version: r.version,
                    data: r.data,
                }),
            );
        }
        ctx.filed
            .extend(crate::repo::filings::filed_among(tx, ids).await?);
        Ok(ctx)
    }

    /// The ids of the records `mutations` name or refer to (the profile of a case, the case of
    /// a document), sorted, each once.
    pub(super) fn ids(mutations: &[Mutation], typed: &Typed) -> Vec<String> {
        let mut ids: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
        for m in mutations {
            ids.insert(m.record_id.clone());
            match typed.get(&m.seq) {
                Some(Ok(MutationPayload::CaseCreate(c) | MutationPayload::CaseUpdate(c))) => {
                    ids.insert(c.profile_id.clone());
                }
                Some(Ok(MutationPayload::DocumentAttach(d))) => {
                    ids.insert(d.case_id.clone());
                }
                _ => {}
            }
        }
        ids.into_iter().filter(|i| i.len() <= MAX_ID).collect()
    }

    /// The rules of catalog `version` (`None`: never published here), looked up once a push.
    pub(super) async fn rules_for(
        &mut self,
        tx: &mut Tx,
        version: &str,
    ) -> Result<Option<std::sync::Arc<crate::catalogs::Rules>>, ApiError> {
        if let Some(r) = self.rules.get(version) {
            return Ok(r.clone());
        }
        let r = crate::catalogs::rules(tx, version).await?;
        self.rules.insert(version.to_owned(), r.clone());
        Ok(r)
    }

    /// The record `(kind, id)` as it stands in this push.
    pub(super) fn record(&self, kind: &str, id: &str) -> Option<&Held> {
        self.records
            .get(&(kind.to_owned(), id.to_owned()))
            .and_then(Option::as_ref)
    }

    /// Writes the records this push changed (each once, as it stands now), the new documents'
    /// files, and the queued feed rows, in the order they were applied.
    pub(super) async fn flush_changes(&mut self, tx: &mut Tx) -> Result<(), ApiError> {
        let mut seen = std::collections::HashSet::new();
        let written: Vec<(String, String, String)> = std::mem::take(&mut self.written)
            .into_iter()
            .rev()
            .filter(|(k, i, _)| seen.insert((k.clone(), i.clone())))
            .collect();
        let mut rows = Vec::with_capacity(written.len());
        for (kind, id, at) in &written {
            let held = self.record(kind, id).ok_or(ApiError::Internal)?;
            rows.push(crate::repo::records::Write {
                kind,
                id,
                owner: &held.owner,
                version: held.version,
                data: &held.data,
                at,
            });
        }
        crate::repo::records::upsert(tx, &rows).await?;
        crate::repo::blobs::declare(tx, &self.owner, &std::mem::take(&mut self.blobs)).await?;
        let queued = std::mem::take(&mut self.changes);
        crate::repo::feed::append_all(tx, &self.owner, &crate::clock::now(), &queued).await?;
        Ok(())
    }

    /// Appends the queued feed rows and the mutation log.
    pub(super) async fn flush(&mut self, tx: &mut Tx, device: &str) -> Result<(), ApiError> {
        self.flush_changes(tx).await?;
        let queued = std::mem::take(&mut self.logged);
        mutations::append(tx, device, &self.owner, &crate::clock::now(), &queued).await?;
        Ok(())
    }
}
