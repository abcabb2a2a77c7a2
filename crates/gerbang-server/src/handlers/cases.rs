//! Sync and filing: a device's push and pull, filing a case and resubmitting it after a
//! revision request. Each checks the role, then hands over to the services.

use super::CasePath;
use crate::auth::Caller;
use crate::edge::{Params, Segment};
use crate::error::ApiError;
use crate::extract::Body;
use crate::limits::MAX_PULL_LIMIT;
use crate::state::AppState;
use crate::sync;
use axum::Json;
use axum::extract::State;
use gerbang_wire::{
    FileRequest, PullResponse, PushRequest, PushResponse, Receipt, ResubmitReceipt,
    ResubmitRequest, Role,
};

/// Apply a device's mutations at most once each. Investors and consultants push profiles,
/// cases and documents; officers push review actions (`review.action`, payload
/// `{action, base}`: a verdict on an item, a revision request, an approval or a rejection,
/// made on version `base` of the item or the review; a stale base is a conflict, never an
/// overwrite). Each mutation's payload is checked against its kind; one that does not parse,
/// or sets what only the server sets, is rejected in its result and the queue goes on.
#[utoipa::path(post, path = gerbang_wire::routes::SYNC_PUSH, tag = "sync", security(("bearer" = [])),
    request_body = PushRequest,
    responses(
        (status = 200, description = "One result per mutation, in order (the same on a replay).", body = PushResponse),
        (status = 403, description = "`forbidden`: this role does not push, or the device belongs to another account.", body = crate::schema::ErrorBody),
        (status = 409, description = "`sequence_gap`: the mutations do not continue the device's sequence (nothing applied); `mutation_id_reused`: an id used twice.", body = crate::schema::ErrorBody),
        (status = 413, description = "`too_large`: the body is larger than 8 MiB; `too_many_mutations`: more than 500 mutations.", body = crate::schema::ErrorBody),
    ))]
pub(crate) async fn push(
    State(state): State<AppState>,
    caller: Caller,
    Body(req): Body<PushRequest>,
) -> Result<Json<PushResponse>, ApiError> {
    caller.require(&[Role::Investor, Role::Consultant, Role::Officer])?;
    let mutations = req.mutations.len();
    let response = sync::push(&state.db, &caller.account, req).await?;
    crate::metrics::pushed(mutations);
    Ok(Json(response))
}

/// Which page of the feed to pull.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct PullParams {
    /// The cursor of the last page (`cursor` of a pull answer), or 0 for the start. Opaque:
    /// only cursors this server gave out are accepted.
    #[serde(default)]
    #[param(minimum = 0, default = 0)]
    after: i64,
    /// The most changes to answer with.
    #[param(minimum = 1, maximum = 2000, default = 500)]
    limit: Option<i64>,
}

/// Changes after a cursor in commit order: applicants see their own records, officers filed
/// cases. The cursor moves only with changes the account may see.
#[utoipa::path(get, path = gerbang_wire::routes::SYNC_PULL, tag = "sync", security(("bearer" = [])),
    params(PullParams),
    responses(
        (status = 200, description = "A page of changes.", body = PullResponse),
        (status = 403, description = "`forbidden`: this role does not pull.", body = crate::schema::ErrorBody),
        (status = 409, description = "`cursor_ahead`: not a cursor of this server's feed: pull again from 0.", body = crate::schema::ErrorBody),
    ))]
pub(crate) async fn pull(
    State(state): State<AppState>,
    caller: Caller,
    Params(p): Params<PullParams>,
) -> Result<Json<PullResponse>, ApiError> {
    caller.require(&[Role::Investor, Role::Consultant, Role::Officer])?;
    let limit = p.limit.unwrap_or(500);
    if !(1..=MAX_PULL_LIMIT).contains(&limit) {
        return Err(ApiError::Invalid(format!(
            "query parameter limit: {limit} is not between 1 and {MAX_PULL_LIMIT}"
        )));
    }
    let page = sync::pull(&state.db, &state.cursors, &caller.account, p.after, limit).await?;
    crate::metrics::pulled(page.changes.len());
    Ok(Json(page))
}

/// Resubmit a case after a revision request (the applicant): the server's copy must be the
/// named snapshot, complete, every content uploaded. Starts the next revision round and
/// publishes the revised case and documents to officers; a replay returns the same receipt.
#[utoipa::path(post, path = gerbang_wire::routes::CASE_RESUBMIT, tag = "cases", security(("bearer" = [])),
    params(CasePath), request_body = ResubmitRequest,
    responses(
        (status = 200, description = "The round now under review.", body = ResubmitReceipt),
        (status = 403, description = "`forbidden`: only applicants resubmit.", body = crate::schema::ErrorBody),
        (status = 404, description = "`not_found`: no such case of this account.", body = crate::schema::ErrorBody),
        (status = 409, description = "`snapshot_mismatch`: the server's copy is not the named snapshot; `not_waiting` and other review rules: nobody asked to revise this case; `revision_unanswered`: a rejected item has neither a new document version nor a response; `unknown_item`: a response names an item the case does not require.", body = crate::schema::ErrorBody),
        (status = 422, description = "`incomplete`: required items without documents; `content_missing`: contents not uploaded.", body = crate::schema::ErrorBody),
    ))]
pub(crate) async fn resubmit(
    State(state): State<AppState>,
    caller: Caller,
    Segment(id): Segment,
    Body(req): Body<ResubmitRequest>,
) -> Result<Json<ResubmitReceipt>, ApiError> {
    caller.require(&[Role::Investor, Role::Consultant])?;
    Ok(Json(
        crate::review::resubmit(
            &state.db,
            &state.blobs,
            &caller.account,
            &id,
            &req.snapshot_hash,
            &req.responses,
        )
        .await?,
    ))
}

/// File a case: the server's copy must be the named snapshot, complete, with every
/// document's content uploaded. Numbered once; a replay returns the same receipt.
#[utoipa::path(post, path = gerbang_wire::routes::CASE_FILE, tag = "cases", security(("bearer" = [])),
    params(CasePath), request_body = FileRequest,
    responses(
        (status = 200, description = "Filed (or filed before): the receipt.", body = Receipt),
        (status = 403, description = "`forbidden`: only applicants file.", body = crate::schema::ErrorBody),
        (status = 404, description = "`not_found`: no such case of this account.", body = crate::schema::ErrorBody),
        (status = 409, description = "`snapshot_mismatch`: the server's copy is not the named snapshot.", body = crate::schema::ErrorBody),
        (status = 422, description = "`incomplete`: required items without documents; `content_missing`: contents not uploaded.", body = crate::schema::ErrorBody),
    ))]
pub(crate) async fn file_case(
    State(state): State<AppState>,
    caller: Caller,
    Segment(id): Segment,
    Body(req): Body<FileRequest>,
) -> Result<Json<Receipt>, ApiError> {
    caller.require(&[Role::Investor, Role::Consultant])?;
    Ok(Json(
        sync::file_case(&state.db, &state.blobs, &caller.account, &id, &req).await?,
    ))
}
