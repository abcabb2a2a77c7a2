//! The review's acts and clocks on the device: who may act (the signed-in officer), a verdict,
//! revision request or decision (checked against the city's decision-number form), and an
//! applicant's own case's review with its clocks.

use crate::views::OwnReview;
use crate::{App, AppError};
use gerbang_core::review::{Action, CaseFacts, Limit, Stage, clocks};
use gerbang_core::service_time::HolidayCalendar;
use gerbang_core::wita::wita_date;
use gerbang_store::review::ReviewView;
use std::collections::BTreeMap;

impl App {
    /// The holiday calendar and the catalog's stage limits the clocks count with.
    pub async fn clock_rules(&self) -> Result<(HolidayCalendar, BTreeMap<Stage, Limit>), AppError> {
        let (_, calendar) = self.store.holidays().await?;
        Ok((calendar, self.rules().catalog.review_limits()))
    }

    /// The officer signed in on this device: review acts are theirs alone. The account and its
    /// role are remembered offline with the sign-in; an applicant's account, or none, is refused.
    pub async fn officer(&self) -> Result<String, AppError> {
        match self.store.sync_session().await? {
            Some(s) if s.role == gerbang_sync::wire::Role::Officer.as_str() => Ok(s.username),
            Some(s) => Err(AppError::NotOfficer {
                username: s.username,
                role: s.role,
            }),
            None => Err(AppError::NotSignedIn),
        }
    }

    /// A verdict, revision request or decision by the signed-in officer, checked with the
    /// review rules against what this device knows (the server checks it again) and kept; a
    /// decision number must have the city's form (by the catalog in use). A verdict concerns
    /// the item's current document unless it names one.
    pub async fn record_review_action(
        &self,
        case_id: &str,
        mut action: Action,
    ) -> Result<ReviewView, AppError> {
        let who = self.officer().await?;
        let format = self.rules().catalog.data.rules.decision_number.clone();
        gerbang_core::review::check_decision_format(format.as_ref(), &action)?;
        let (case, _, filed_at) = self.store.filed(case_id).await?;
        let facts = CaseFacts::of_case(&case, wita_date(&filed_at));
        let view = self.store.review_view(case_id).await?;
        if let Action::Verdict {
            item_key,
            document_id,
            ..
        } = &mut action
            && document_id.is_none()
        {
            *document_id = facts.current_documents.get(item_key.as_str()).cloned();
        }
        view.review.check(&action, &facts, self.today())?;
        let base = match &action {
            Action::Verdict { item_key, .. } => view.review.item_version(item_key),
            _ => view.review.version,
        };
        Ok(self
            .store
            .save_review_action(&who, case_id, &action, base)
            .await?)
    }

    /// The review of one of this device's own cases, as the city backend last sent it, with
    /// its clocks (for the applicant).
    pub async fn own_review(&self, case_id: &str) -> Result<Option<OwnReview>, AppError> {
        let Some(review) = self.store.pulled_review(case_id).await? else {
            return Ok(None);
        };
        let Some((_, filed_at)) = self.store.filing(case_id).await? else {
            return Ok(Some(OwnReview {
                review,
                clocks: Vec::new(),
            }));
        };
        let (calendar, limits) = self.clock_rules().await?;
        let case = self.store.case(case_id).await?;
        let facts = CaseFacts::of_case(&case, wita_date(&filed_at));
        let clocks = clocks(&review, &facts, &filed_at, self.today(), &calendar, &limits);
        Ok(Some(OwnReview { review, clocks }))
    }
}
