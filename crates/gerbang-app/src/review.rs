//! The licensing officer's desk on the device: the queue and a case with their service-time
//! clocks, verdicts and decisions (checked against the city's decision-number form).

use crate::{App, AppError};
use gerbang_core::review::{Action, Limit, Stage};
use gerbang_core::service_time::HolidayCalendar;
use gerbang_store::review::{Dashboard, QueueQuery, QueueRow, ReviewCase, ReviewView};
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

    /// The review queue, most urgent first.
    pub async fn review_queue(&self, query: &QueueQuery) -> Result<Vec<QueueRow>, AppError> {
        let (calendar, limits) = self.clock_rules().await?;
        Ok(self
            .store
            .review_queue(query, self.today(), &calendar, &limits)
            .await?)
    }

    /// One filed case as its officer reviews it.
    pub async fn review_case(&self, case_id: &str) -> Result<ReviewCase, AppError> {
        let (calendar, limits) = self.clock_rules().await?;
        Ok(self
            .store
            .review_case(case_id, self.today(), &calendar, &limits)
            .await?)
    }

    /// The desk's counts and clocks.
    pub async fn review_dashboard(&self) -> Result<Dashboard, AppError> {
        let (calendar, limits) = self.clock_rules().await?;
        Ok(self
            .store
            .review_dashboard(self.today(), &calendar, &limits)
            .await?)
    }

    /// A verdict, revision request or decision by the signed-in officer; a decision number must
    /// have the city's form (by the catalog in use; the server checks it too).
    pub async fn record_review_action(
        &self,
        case_id: &str,
        action: Action,
    ) -> Result<ReviewView, AppError> {
        let who = self.officer().await?;
        let format = self.rules().catalog.data.rules.decision_number.clone();
        gerbang_core::review::check_decision_format(format.as_ref(), &action)?;
        Ok(self
            .store
            .record_review_action(&who, case_id, action, self.today())
            .await?)
    }

    /// The review of one of this device's own (filed) cases, with its clocks.
    pub async fn own_review(
        &self,
        case_id: &str,
    ) -> Result<Option<crate::views::OwnReview>, AppError> {
        let (calendar, limits) = self.clock_rules().await?;
        Ok(self
            .store
            .own_review(case_id, self.today(), &calendar, &limits)
            .await?
            .map(|(review, clocks)| crate::views::OwnReview { review, clocks }))
    }

    /// The home screen's next steps: drafts to finish, cases waiting for the applicant, dates.
    pub async fn next_steps(&self) -> Result<gerbang_store::home::NextSteps, AppError> {
        Ok(self.store.next_steps(self.today()).await?)
    }
}
