//! Signing in and out (throttled per account and address), and who a token belongs to.

use crate::auth::{self, Caller};
use crate::error::ApiError;
use crate::extract::Body;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use gerbang_wire::{Account, LoginRequest, Session};

/// Sign in; answers a bearer token valid for 30 days. Failed attempts are throttled per
/// account, per address and per both (doubling waits); a throttled attempt is refused with
/// 429 and `Retry-After`, and the account-wide wait never exceeds a minute.
#[utoipa::path(post, path = gerbang_wire::routes::LOGIN, tag = "auth", request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in.", body = Session),
        (status = 401, description = "`bad_credentials`: wrong user name or password.", body = crate::schema::ErrorBody),
        (status = 429, description = "`too_many_attempts`: wait before trying again.", body = crate::schema::ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait."))),
    ))]
pub(crate) async fn login(
    State(state): State<AppState>,
    crate::edge::Peer(peer): crate::edge::Peer,
    Body(req): Body<LoginRequest>,
) -> Result<Json<Session>, ApiError> {
    let now = crate::throttle::now_ms();
    if let Err(wait) = state
        .throttle
        .check(&state.db, &req.username, peer, now)
        .await?
    {
        tracing::info!(user = %req.username, ?peer, wait, "sign-in throttled");
        return Err(ApiError::TooManyAttempts(wait));
    }
    let session = auth::login(&state.db, &req.username, &req.password).await;
    match &session {
        Ok(s) => {
            state
                .throttle
                .succeeded(&state.db, &req.username, peer)
                .await?;
            tracing::info!(user = %s.user.username, "signed in");
        }
        Err(ApiError::BadCredentials) => {
            state
                .throttle
                .failed(&state.db, &req.username, peer, now)
                .await?;
            tracing::info!(user = %req.username, ?peer, "sign-in refused");
        }
        Err(_) => {}
    }
    Ok(Json(session?))
}

/// Revoke the token this request carries.
#[utoipa::path(post, path = gerbang_wire::routes::LOGOUT, tag = "auth", security(("bearer" = [])),
    responses((status = 204, description = "Signed out: the token no longer works.")))]
pub(crate) async fn logout(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<StatusCode, ApiError> {
    caller.sign_out(&state.db).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The signed-in account.
#[utoipa::path(get, path = gerbang_wire::routes::ME, tag = "auth", security(("bearer" = [])),
    responses((status = 200, description = "Who the token belongs to.", body = Account)))]
pub(crate) async fn me(caller: Caller) -> Json<Account> {
    Json(caller.account)
}
