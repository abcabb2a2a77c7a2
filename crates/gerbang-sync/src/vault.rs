//! Where the sign-in token lives: the OS keyring (the desktop's Secret Service, e.g. GNOME
//! Keyring) when there is one; otherwise the local store, and the user is told so.

use crate::wire;
use gerbang_store::outbox::SavedSession;
use gerbang_store::{Store, StoreError};

const SERVICE: &str = "id.go.balikpapan.gerbang";

fn entry(session: &SavedSession) -> keyring::Result<keyring::Entry> {
    keyring::Entry::new(SERVICE, &format!("{}@{}", session.username, session.server))
}

/// Where a saved token is kept.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TokenHome {
    /// In the OS keyring.
    Keyring,
    /// In the local store's settings, because the keyring could not be used (`why`).
    LocalStore {
        /// What the keyring said.
        why: String,
    },
}

/// Remembers a sign-in: the token in the keyring when possible, else in the store.
pub async fn save(
    store: &Store,
    server: &str,
    session: &wire::Session,
) -> Result<TokenHome, StoreError> {
    let mut saved = SavedSession {
        server: server.trim().to_owned(),
        token: String::new(),
        username: session.user.username.clone(),
        role: session.user.role.as_str().to_owned(),
        expires_at: session.expires_at.clone(),
        token_in_keyring: true,
    };
    let token = session.token.clone();
    let probe = saved.clone();
    let stored = tokio::task::spawn_blocking(move || entry(&probe)?.set_password(&token))
        .await
        .unwrap_or_else(|e| Err(keyring::Error::PlatformFailure(Box::new(e))));
    let home = match stored {
        Ok(()) => TokenHome::Keyring,
        Err(e) => {
            saved.token = session.token.clone();
            saved.token_in_keyring = false;
            TokenHome::LocalStore { why: e.to_string() }
        }
    };
    store.set_sync_session(Some(&saved)).await?;
    Ok(home)
}

/// The saved sign-in with its token, if any. A token that was in the keyring but is gone
/// (the keyring was reset) counts as signed out.
pub async fn load(store: &Store) -> Result<Option<SavedSession>, StoreError> {
    let Some(mut saved) = store.sync_session().await? else {
        return Ok(None);
    };
    if saved.token_in_keyring {
        let probe = saved.clone();
        match tokio::task::spawn_blocking(move || entry(&probe)?.get_password()).await {
            Ok(Ok(token)) => saved.token = token,
            _ => return Ok(None),
        }
    }
    Ok(Some(saved))
}

/// Where the saved token is kept (for the Sync screen), if signed in.
pub fn home(saved: &SavedSession) -> TokenHome {
    if saved.token_in_keyring {
        TokenHome::Keyring
    } else {
        TokenHome::LocalStore {
            why: "the system keyring was not available when signing in".to_owned(),
        }
    }
}

/// Forgets the sign-in here (keyring entry and store).
pub async fn forget(store: &Store) -> Result<(), StoreError> {
    if let Some(saved) = store.sync_session().await?
        && saved.token_in_keyring
    {
        let _ = tokio::task::spawn_blocking(move || entry(&saved)?.delete_credential()).await;
    }
    store.set_sync_session(None).await
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Without a Secret Service (as on a build machine) the token lands in the store, with the
    /// reason; with one, in the keyring. Either way it comes back whole and is forgotten whole.
    #[tokio::test]
    async fn a_token_is_kept_where_possible_and_given_back() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("gerbang.db")).await.unwrap();
        let session = wire::Session {
            token: "f00d".repeat(16),
            expires_at: "2026-12-28T00:00:00Z".to_owned(),
            user: wire::Account {
                id: "u1".to_owned(),
                username: "ani".to_owned(),
                role: wire::Role::Investor,
            },
        };
        let home_now = save(&store, "http://127.0.0.1:8740", &session)
            .await
            .unwrap();
        let raw = store.sync_session().await.unwrap().unwrap();
        match &home_now {
            TokenHome::Keyring => assert!(raw.token.is_empty(), "not also in the store"),
            TokenHome::LocalStore { why } => {
                assert_eq!(raw.token, session.token);
                assert!(!why.is_empty());
            }
        }
        let back = load(&store).await.unwrap().unwrap();
        assert_eq!(back.token, session.token);
        // What the stored session says matches where the token went.
        match home_now {
            TokenHome::Keyring => assert_eq!(home(&back), TokenHome::Keyring),
            TokenHome::LocalStore { .. } => {
                assert!(matches!(home(&back), TokenHome::LocalStore { .. }));
            }
        }
        forget(&store).await.unwrap();
        assert!(load(&store).await.unwrap().is_none());
    }
}
