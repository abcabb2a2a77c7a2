//! The applicant's and consultant's work on the device: clients, cases and their facts,
//! documents, and the licensing plan, each derived with the rules in use and audited as the
//! acting person.

use crate::{App, AppError, Turn};
use gerbang_core::engine::Checklist;
use gerbang_core::facts::Facts;
use gerbang_core::record::profile::facts_match_profile;
use gerbang_store::cases::Case;
use gerbang_store::documents::Document;
use gerbang_store::profiles::{NewProfile, Profile};
use gerbang_store::transfer::CaseExport;
use std::path::Path;

impl App {
    /// The checklist `facts` would get now, without keeping anything.
    pub fn preview_checklist(
        &self,
        facts: &Facts,
    ) -> Result<Checklist, gerbang_core::engine::FactsError> {
        self.rules().evaluate(facts, self.today())
    }

    /// A new client (investor profile).
    pub async fn create_profile(&self, new: NewProfile) -> Result<Profile, AppError> {
        Ok(self.store.create_profile(&self.actor().await?, new).await?)
    }

    /// Changes a client; its open cases follow.
    pub async fn update_profile(&self, id: &str, new: NewProfile) -> Result<Profile, AppError> {
        let turn = self.turn().await?;
        Ok(self
            .store
            .update_profile(&turn.actor, id, new, &turn.deriver())
            .await?)
    }

    /// A new case for a client: the facts checked against the client's profile and evaluated
    /// with the rules in use, then saved.
    pub async fn create_case(&self, profile_id: &str, facts: Facts) -> Result<Case, AppError> {
        let turn = self.turn().await?;
        let profile = self.store.profile(profile_id).await?;
        facts_match_profile(&profile, &facts).map_err(refused)?;
        let checklist = turn.evaluate(&facts)?;
        Ok(self
            .store
            .create_case(&turn.actor, &profile, &facts, &checklist)
            .await?)
    }

    /// New facts for a case (or, with `None`, the same facts under the rules in use): checked
    /// against its client's profile and evaluated again, then saved; documents stay with the
    /// items that still need them.
    pub async fn update_case(&self, id: &str, facts: Option<Facts>) -> Result<Case, AppError> {
        let turn = self.turn().await?;
        let before = self.store.case(id).await?;
        self.rederive(&turn, before, facts).await
    }

    /// `before` derived again in `turn`, from `facts` or (with `None`) its own facts.
    pub(crate) async fn rederive(
        &self,
        turn: &Turn,
        before: Case,
        facts: Option<Facts>,
    ) -> Result<Case, AppError> {
        let facts = facts.unwrap_or(before.facts);
        let profile = self.store.profile(&before.summary.profile_id).await?;
        facts_match_profile(&profile, &facts).map_err(refused)?;
        let checklist = turn.evaluate(&facts)?;
        Ok(self
            .store
            .rederive_case(&turn.actor, &before.summary.id, &facts, &checklist)
            .await?)
    }

    /// The case's own notes.
    pub async fn set_case_notes(&self, id: &str, notes: &str) -> Result<Case, AppError> {
        Ok(self
            .store
            .set_case_notes(&self.actor().await?, id, notes)
            .await?)
    }

    /// Attaches the file at `path` to a checklist item, within `max_mb` or else the device's
    /// size limit.
    pub async fn attach(
        &self,
        case_id: &str,
        item_key: &str,
        path: &Path,
        max_mb: Option<u64>,
    ) -> Result<Document, AppError> {
        let max_mb = match max_mb {
            Some(mb) => mb,
            None => self.store.max_document_mb().await?,
        };
        Ok(self
            .store
            .attach_document(
                &self.actor().await?,
                case_id,
                item_key,
                path,
                max_mb.saturating_mul(gerbang_store::MIB),
            )
            .await?)
    }

    /// A case exported from another device, with its documents, derived with the rules in
    /// use; its new id.
    pub async fn import_case(&self, export: CaseExport) -> Result<String, AppError> {
        let max = self
            .store
            .max_document_mb()
            .await?
            .saturating_mul(gerbang_store::MIB);
        let turn = self.turn().await?;
        Ok(self
            .store
            .import_case(&turn.actor, export, max, &turn.deriver())
            .await?)
    }
}

/// The profile rule's refusal, naming the field.
fn refused((field, problem): (&str, gerbang_core::problem::Problem)) -> crate::Failure {
    crate::Failure::refused(problem).on(field)
}
