//! Document packs: what a case's pack is made from (the case, its applicant, its plan, where
//! its documents' contents are) and the city backend its QR code points at.

use crate::{App, AppError};

impl App {
    /// The source of `case_id`'s document pack, its plan worked out from today.
    pub async fn pack_source(&self, case_id: &str) -> Result<gerbang_pack::Source, AppError> {
        let (case, profile) = self.store.case_with_applicant(case_id).await?;
        let plan = self.case_plan(case_id).await?;
        Ok(gerbang_pack::Source::new(case, profile, self.store.blobs_dir()).with_plan(plan))
    }

    /// The city backend a pack's QR code points at: the one signed in to, else `configured`.
    pub async fn pack_server(&self, configured: &str) -> Result<String, AppError> {
        Ok(match self.store.sync_session().await? {
            Some(session) => session.server,
            None => configured.to_owned(),
        })
    }
}
