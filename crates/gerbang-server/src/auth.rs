//! Accounts, passwords (argon2id) and bearer tokens. The server keeps only a SHA-256 of each
//! token; tokens expire and can be revoked (sign out).

use crate::clock::{now, stamp};
use crate::db::Db;
use crate::error::ApiError;
use crate::repo::accounts;
use crate::state::AppState;
use argon2::Argon2;
use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use gerbang_wire::{Account, Role, Session};
use sha2::{Digest, Sha256};

/// How long a token works.
pub const TOKEN_LIFETIME: time::Duration = time::Duration::days(30);

fn sha256_hex(bytes: &[u8]) -> String {
    gerbang_core::hex(&Sha256::digest(bytes))
}

/// The argon2id hash of `password` (PHC string).
pub fn hash_password(password: &str) -> Result<String, String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| format!("cannot hash the password: {e}"))
}

fn password_matches(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Creates an account (`gerbang-server user add`). Names are 3–64 of `a-z 0-9 . _ -`;
/// passwords at least 10 characters.
pub async fn add_user(
    db: &Db,
    username: &str,
    password: &str,
    role: Role,
) -> Result<Account, String> {
    let valid_name = (3..=64).contains(&username.len())
        && username
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || ".-_".contains(c));
    if !valid_name {
        return Err(format!(
            "user name {username:?}: use 3 to 64 of a-z, 0-9, '.', '_' and '-'"
        ));
    }
    if password.chars().count() < 10 {
        return Err("the password must have at least 10 characters".to_owned());
    }
    let account = Account {
        id: uuid::Uuid::now_v7().to_string(),
        username: username.to_owned(),
        role,
    };
    let hash = hash_password(password)?;
    accounts::insert_user(db, &account, &hash, &now())
        .await
        .map_err(|e| {
            if e.as_database_error()
                .is_some_and(|d| d.is_unique_violation())
            {
                format!("user {username} already exists")
            } else {
                format!("cannot add user {username}: {e}")
            }
        })?;
    Ok(account)
}

/// Checks a user name and password; on success issues a token.
pub async fn login(db: &Db, username: &str, password: &str) -> Result<Session, ApiError> {
    let row = accounts::user_named(db, username).await?;
    // The same answer (and about the same time) whether the name or the password is wrong.
    let Some(row) = row else {
        let _ = password_matches(DUMMY_HASH, password);
        return Err(ApiError::BadCredentials);
    };
    if !password_matches(&row.password_hash, password) {
        return Err(ApiError::BadCredentials);
    }
    let user = row.account.account()?;
    let mut raw = [0u8; 32];
    OsRng.fill_bytes(&mut raw);
    let token = gerbang_core::hex(&raw);
    let issued = time::OffsetDateTime::now_utc();
    let expires_at = stamp(issued + TOKEN_LIFETIME);
    accounts::insert_token(
        db,
        &sha256_hex(token.as_bytes()),
        &user.id,
        &stamp(issued),
        &expires_at,
    )
    .await?;
    Ok(Session {
        token,
        expires_at,
        user,
    })
}

/// A valid argon2id hash of a random password, checked when the user name is unknown.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$5BFXf0m1kyAn7xRnO5mEt1zGvzf2vVxI2Ih4W2ZpRxU";

/// The signed-in account making a request (from `Authorization: Bearer TOKEN`).
#[derive(Debug, Clone)]
pub struct Caller {
    /// The account.
    pub account: Account,
    token_hash: String,
}

impl Caller {
    /// Refuses unless the caller has one of `roles`.
    pub fn require(&self, roles: &[Role]) -> Result<(), ApiError> {
        if roles.contains(&self.account.role) {
            Ok(())
        } else {
            Err(ApiError::Forbidden)
        }
    }

    /// Revokes the token this request came with.
    pub async fn sign_out(&self, db: &Db) -> Result<(), ApiError> {
        accounts::revoke_token(db, &self.token_hash, &now()).await
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Caller, ApiError> {
        let token = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .ok_or(ApiError::Unauthenticated)?;
        let token_hash = sha256_hex(token.trim().as_bytes());
        let row = accounts::by_token(&state.db, &token_hash, &now())
            .await?
            .ok_or(ApiError::Unauthenticated)?;
        Ok(Caller {
            account: row.account()?,
            token_hash,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_with_argon2id_and_verify() {
        let h = hash_password("rahasia-sekali").unwrap();
        assert!(h.starts_with("$argon2id$"), "{h}");
        assert!(password_matches(&h, "rahasia-sekali"));
        assert!(!password_matches(&h, "rahasia-salah"));
        assert!(!password_matches("not a hash", "x"));
    }

    #[test]
    fn the_dummy_hash_parses() {
        assert!(PasswordHash::new(DUMMY_HASH).is_ok());
    }

    #[test]
    fn stored_times_compare_as_text() {
        let a = stamp(time::macros::datetime!(2026-11-28 09:05:00 UTC));
        let b = stamp(time::macros::datetime!(2026-11-28 10:00:00 UTC));
        assert_eq!(a, "2026-11-28T09:05:00Z");
        assert!(a < b);
    }
}
