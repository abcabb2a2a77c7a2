//! `gerbang review …` (an officer's desk from the command line: the queue, a case, verdicts,
//! revision requests and decisions, kept locally and synced by `gerbang sync now`) and
//! `gerbang case resubmit` (the applicant's side).

use crate::local::{open_app, runtime};
use gerbang_core::review::{Action, Verdict};
use gerbang_core::wita::today;
use std::path::Path;

/// `review list [--json]`: the queue, most urgent first.
pub fn list(data_dir: &Path, json: bool) -> anyhow::Result<()> {
    runtime()?.block_on(async {
        let rows = open_app(data_dir)
            .await?
            .review_queue(&Default::default())
            .await?;
        if json {
            out!("{}", serde_json::to_string_pretty(&rows)?);
            return Ok(());
        }
        for r in rows {
            let clock = r.clock.as_ref().map_or_else(String::new, |c| {
                format!("{}/{} working days", c.used, c.limit.working_days)
            });
            out!(
                "{}  {:<14}  round {}  {:<9}  {clock:<20}  {}",
                r.number,
                r.status.as_str(),
                r.round,
                format!("{:?}", r.time_state).to_lowercase(),
                r.title
            );
        }
        Ok(())
    })
}

/// `review show CASE`: the case's review as this device sees it (JSON).
pub fn show(data_dir: &Path, case_id: &str) -> anyhow::Result<()> {
    runtime()?.block_on(async {
        let case = open_app(data_dir).await?.review_case(case_id).await?;
        let out = serde_json::json!({
            "number": case.number,
            "filed_at": case.filed_at,
            "review": case.view.review,
            "pending": case.view.pending,
            "refused": case.view.refused,
            "clocks": case.clocks,
            "documents": case.case.documents,
            "present": case.present,
        });
        out!("{}", serde_json::to_string_pretty(&out)?);
        Ok(())
    })
}

/// What an officer does, from the command line's words.
#[derive(Debug)]
pub enum Act {
    /// Verify an item.
    Verify { item: String, comment: String },
    /// Reject an item.
    RejectItem { item: String, comment: String },
    /// Ask the applicant for a revision.
    RequestRevision { comment: String },
    /// Approve.
    Approve {
        number: String,
        date: Option<String>,
        comment: String,
    },
    /// Reject the case.
    Reject { reasons: String },
}

/// `review verify|reject-item|request-revision|approve|reject CASE …`: recorded here (checked,
/// audited), synced with the next `sync now`.
pub fn act(data_dir: &Path, case_id: &str, act: Act) -> anyhow::Result<()> {
    let action = match act {
        Act::Verify { item, comment } => Action::Verdict {
            item_key: item,
            verdict: Verdict::Verified,
            comment,
            document_id: None,
        },
        Act::RejectItem { item, comment } => Action::Verdict {
            item_key: item,
            verdict: Verdict::Rejected,
            comment,
            document_id: None,
        },
        Act::RequestRevision { comment } => Action::RequestRevision { comment },
        Act::Approve {
            number,
            date,
            comment,
        } => Action::Approve {
            decision_number: number,
            decision_date: date.unwrap_or_else(|| today().to_string()),
            comment,
        },
        Act::Reject { reasons } => Action::Reject { reasons },
    };
    runtime()?.block_on(async {
        let view = open_app(data_dir)
            .await?
            .record_review_action(case_id, action)
            .await?;
        eprintln!(
            "recorded: the case is {} (round {}); {} action(s) wait to sync",
            view.review.status.as_str(),
            view.review.round,
            view.pending.len()
        );
        Ok(())
    })
}

/// `case resubmit ID`: sends the revised case back; prints the round now under review.
pub fn resubmit(data_dir: &Path, case_id: &str, responses: &[String]) -> anyhow::Result<()> {
    let responses = responses
        .iter()
        .map(|r| {
            r.split_once('=')
                .map(|(k, v)| (k.trim().to_owned(), v.to_owned()))
                .ok_or_else(|| anyhow::anyhow!("--response {r:?}: expected ITEM_KEY=TEXT"))
        })
        .collect::<Result<std::collections::BTreeMap<_, _>, _>>()?;
    runtime()?.block_on(async {
        let receipt = open_app(data_dir)
            .await?
            .resubmit_case(case_id, &responses)
            .await?;
        out!("{}", receipt.round);
        eprintln!(
            "case {case_id} resubmitted: round {} is {}",
            receipt.round, receipt.status
        );
        Ok(())
    })
}
