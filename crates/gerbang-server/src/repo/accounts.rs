//! Accounts and their tokens (`users`, `tokens`): who may sign in, with which role, and which
//! token hashes are valid until when.

use crate::db::Db;
use crate::error::ApiError;
use gerbang_wire::{Account, Role};

/// An account as the `users` table holds it.
#[derive(sqlx::FromRow)]
pub(crate) struct AccountRow {
    id: String,
    username: String,
    role: String,
}

impl AccountRow {
    pub(crate) fn account(self) -> Result<Account, ApiError> {
        Ok(Account {
            role: Role::parse(&self.role).ok_or(ApiError::Internal)?,
            id: self.id,
            username: self.username,
        })
    }
}

/// An account with its password hash, for signing in.
#[derive(sqlx::FromRow)]
pub(crate) struct UserRow {
    #[sqlx(flatten)]
    pub account: AccountRow,
    pub password_hash: String,
}

/// Adds an account (its password already hashed).
pub(crate) async fn insert_user(
    db: &Db,
    account: &Account,
    password_hash: &str,
    at: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO users (id, username, password_hash, role, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&account.id)
    .bind(&account.username)
    .bind(password_hash)
    .bind(account.role.as_str())
    .bind(at)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// The account named `username`, with its password hash.
pub(crate) async fn user_named(db: &Db, username: &str) -> Result<Option<UserRow>, ApiError> {
    Ok(
        sqlx::query_as("SELECT id, username, password_hash, role FROM users WHERE username = $1")
            .bind(username)
            .fetch_optional(db.pool())
            .await?,
    )
}

/// Keeps a new token's hash for `user_id`, valid from `created_at` until `expires_at`.
pub(crate) async fn insert_token(
    db: &Db,
    token_hash: &str,
    user_id: &str,
    created_at: &str,
    expires_at: &str,
) -> Result<(), ApiError> {
    sqlx::query(
        "INSERT INTO tokens (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(token_hash)
    .bind(user_id)
    .bind(created_at)
    .bind(expires_at)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// Revokes the token with this hash from `at`.
pub(crate) async fn revoke_token(db: &Db, token_hash: &str, at: &str) -> Result<(), ApiError> {
    sqlx::query("UPDATE tokens SET revoked_at = $1 WHERE token_hash = $2")
        .bind(at)
        .bind(token_hash)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// The account whose token has this hash, if the token is neither revoked nor expired at `now`.
pub(crate) async fn by_token(
    db: &Db,
    token_hash: &str,
    now: &str,
) -> Result<Option<AccountRow>, ApiError> {
    Ok(sqlx::query_as(
        "SELECT u.id, u.username, u.role FROM tokens t JOIN users u ON u.id = t.user_id
         WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND t.expires_at > $2",
    )
    .bind(token_hash)
    .bind(now)
    .fetch_optional(db.reads())
    .await?)
}
