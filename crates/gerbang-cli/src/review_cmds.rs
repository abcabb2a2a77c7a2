//! `gerbang review …` (an officer's desk from the command line: the queue, a case, verdicts,
//! revision requests and decisions, kept locally and synced by `gerbang sync now`) and
//! `gerbang case resubmit` (the applicant's side).

use crate::store_cmds::{open, runtime};
use gerbang_core::review::{Action, Verdict};
use gerbang_core::wita::today;
use gerbang_store::Store;
use std::path::Path;

async fn calendar(
    store: &Store,
) -> Result<
    (
        gerbang_core::service_time::HolidayCalendar,
        std::collections::BTreeMap<gerbang_core::review::Stage, gerbang_core::review::Limit>,
    ),
    String,
> {
    let (_, calendar) = store.holidays().await.map_err(crate::words::err)?;
    let (catalog, _) = crate::store_cmds::rules(store).await?;
    Ok((calendar, catalog.review_limits()))
}

fn actor(store_user: Option<String>) -> String {
    store_user
        .or_else(|| std::env::var("USER").ok())
        .unwrap_or_else(|| "gerbang-cli".to_owned())
}

/// `review list [--json]`: the queue, most urgent first.
pub fn list(data_dir: &Path, json: bool) -> Result<(), String> {
    runtime()?.block_on(async {
        let store = open(data_dir).await?;
        let (calendar, limits) = calendar(&store).await?;
        let rows = store
            .review_queue(&Default::default(), today(), &calendar, &limits)
            .await
            .map_err(crate::words::err)?;
        if json {
            out!(
                "{}",
                serde_json::to_string_pretty(&rows).map_err(crate::words::err)?
            );
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
pub fn show(data_dir: &Path, case_id: &str) -> Result<(), String> {
    runtime()?.block_on(async {
        let store = open(data_dir).await?;
        let (calendar, limits) = calendar(&store).await?;
        let case = store
            .review_case(case_id, today(), &calendar, &limits)
            .await
            .map_err(crate::words::err)?;
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
        out!(
            "{}",
            serde_json::to_string_pretty(&out).map_err(crate::words::err)?
        );
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
pub fn act(data_dir: &Path, case_id: &str, act: Act) -> Result<(), String> {
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
    let format = gerbang_catalog::catalog()
        .ok()
        .and_then(|c| c.data.rules.decision_number.as_ref());
    gerbang_core::review::check_decision_format(format, &action).map_err(crate::words::err)?;
    runtime()?.block_on(async {
        let store = open(data_dir).await?;
        let session = store.sync_session().await.map_err(crate::words::err)?;
        let who = actor(session.map(|s| s.username));
        let view = store
            .record_review_action(&who, case_id, action, today())
            .await
            .map_err(crate::words::err)?;
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
pub fn resubmit(data_dir: &Path, case_id: &str, responses: &[String]) -> Result<(), String> {
    let responses = responses
        .iter()
        .map(|r| {
            r.split_once('=')
                .map(|(k, v)| (k.trim().to_owned(), v.to_owned()))
                .ok_or_else(|| format!("--response {r:?}: expected ITEM_KEY=TEXT"))
        })
        .collect::<Result<std::collections::BTreeMap<_, _>, _>>()?;
    runtime()?.block_on(async {
        let store = open(data_dir).await?;
        let (_, client) = crate::sync_cmds::signed_in(&store).await?;
        let receipt = gerbang_sync::engine::resubmit_case(&store, &client, case_id, &responses)
            .await
            .map_err(crate::words::err)?;
        out!("{}", receipt.round);
        eprintln!(
            "case {case_id} resubmitted: round {} is {}",
            receipt.round, receipt.status
        );
        Ok(())
    })
}
