//! Sign-in throttling. Failed sign-ins are counted under three keys: the account name and the
//! address together, the address alone, and the account name alone. Each key has a number of
//! free failures; after those, every further failure makes the key wait twice as long as the
//! last (1 s, 2 s, 4 s, …) up to its cap, and a sign-in under a waiting key is answered 429
//! with `Retry-After` without checking the password. The account's own key is capped at one
//! minute: an attacker guessing from many addresses slows the account down but cannot lock its
//! owner out for long, and the owner's own address has a key of its own. A success clears the
//! account's keys; a key with no failure for an hour is forgotten.
//!
//! The counts live in the database (`signin_failures`), so every replica throttles with the
//! same counts: spreading guesses over replicas gains an attacker nothing. Times are the wall
//! clock in milliseconds (replicas' clocks agree to well under the one-second unit).

use crate::db::Db;
use crate::error::ApiError;
use crate::repo::throttle as repo;
use std::net::IpAddr;
use std::time::Duration;

/// One key's policy: failures allowed before waiting, and the longest wait.
#[derive(Debug, Clone, Copy)]
struct Policy {
    free: u32,
    cap: Duration,
}

/// The account at this address: a person mistyping, or one attacker on one account.
const PAIR: Policy = Policy {
    free: 5,
    cap: Duration::from_secs(15 * 60),
};
/// This address, whatever the account: one attacker trying many accounts.
const ADDRESS: Policy = Policy {
    free: 30,
    cap: Duration::from_secs(15 * 60),
};
/// This account, from anywhere: many attackers on one account (short cap: see the module).
const ACCOUNT: Policy = Policy {
    free: 20,
    cap: Duration::from_secs(60),
};

/// A key with no failure for this long is forgotten.
const FORGET_AFTER: Duration = Duration::from_secs(60 * 60);
/// Milliseconds since the Unix epoch, now.
pub fn now_ms() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp_nanos() as i64 / 1_000_000
}

fn ms(d: Duration) -> i64 {
    d.as_millis() as i64
}

/// Failed sign-ins, counted in the database.
#[derive(Debug, Clone, Copy, Default)]
pub struct Throttle;

fn keys(username: &str, address: Option<IpAddr>) -> Vec<(String, Policy)> {
    let name = username.trim().to_lowercase();
    let mut keys = vec![(format!("u:{name}"), ACCOUNT)];
    if let Some(a) = address.map(network) {
        keys.push((format!("a:{a}"), ADDRESS));
        keys.push((format!("p:{a}|{name}"), PAIR));
    }
    keys
}

/// The unit one party holds: an IPv4 address, or an IPv6 /64 (one site's prefix).
fn network(a: IpAddr) -> String {
    match a {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

impl Throttle {
    /// Whether a sign-in for `username` from `address` may be checked at `now` (ms); if not,
    /// the seconds to wait (at least 1).
    pub async fn check(
        &self,
        db: &Db,
        username: &str,
        address: Option<IpAddr>,
        now: i64,
    ) -> Result<Result<(), u64>, ApiError> {
        let keys: Vec<String> = keys(username, address)
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        let until = repo::wait_until(db, &keys).await?;
        let wait = until - now;
        Ok(if wait <= 0 {
            Ok(())
        } else {
            Err(((wait + 999) / 1000).max(1) as u64)
        })
    }

    /// Counts a failed sign-in at `now` (ms), under every key in one transaction (the keys
    /// locked, so two replicas counting at once both count).
    pub async fn failed(
        &self,
        db: &Db,
        username: &str,
        address: Option<IpAddr>,
        now: i64,
    ) -> Result<(), ApiError> {
        let keys = keys(username, address);
        let locks: Vec<String> = keys.iter().map(|(k, _)| format!("t:{k}")).collect();
        let mut tx = crate::repo::begin(db, &locks).await?;
        repo::forget_before(&mut tx, now - ms(FORGET_AFTER)).await?;
        for (key, policy) in keys {
            let row = repo::of_key(&mut tx, &key).await?;
            let mut failures: i64 = match row {
                Some((failures, last_ms)) if now - last_ms < ms(FORGET_AFTER) => failures,
                _ => 0,
            };
            failures += 1;
            let until = if failures >= i64::from(policy.free) {
                let doublings = (failures - i64::from(policy.free)).min(20) as u32;
                now + ms(Duration::from_secs(1u64 << doublings).min(policy.cap))
            } else {
                now
            };
            repo::save(&mut tx, &key, failures, now, until).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// A successful sign-in: the account's failures (here and everywhere) are forgotten; the
    /// address keeps its count of failures on other accounts.
    pub async fn succeeded(
        &self,
        db: &Db,
        username: &str,
        address: Option<IpAddr>,
    ) -> Result<(), ApiError> {
        let keys: Vec<String> = keys(username, address)
            .into_iter()
            .map(|(k, _)| k)
            .filter(|k| !k.starts_with("a:"))
            .collect();
        repo::forget(db, &keys).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> Option<IpAddr> {
        Some(s.parse().unwrap())
    }

    async fn db() -> (Db, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::connect(&format!("sqlite://{}", dir.path().join("t.db").display()))
            .await
            .unwrap();
        (db, dir)
    }

    const S: i64 = 1000;

    #[tokio::test]
    async fn a_few_mistakes_are_free_then_waits_double() {
        let (db, _dir) = db().await;
        let t = Throttle;
        let now = 1_800_000_000_000_i64;
        for _ in 0..4 {
            t.failed(&db, "ani", ip("10.0.0.1"), now).await.unwrap();
            assert_eq!(
                t.check(&db, "ani", ip("10.0.0.1"), now).await.unwrap(),
                Ok(())
            );
        }
        t.failed(&db, "ani", ip("10.0.0.1"), now).await.unwrap();
        assert_eq!(
            t.check(&db, "ani", ip("10.0.0.1"), now).await.unwrap(),
            Err(1)
        );
        t.failed(&db, "ani", ip("10.0.0.1"), now).await.unwrap();
        assert_eq!(
            t.check(&db, "Ani ", ip("10.0.0.1"), now).await.unwrap(),
            Err(2),
            "names fold case"
        );
        t.failed(&db, "ani", ip("10.0.0.1"), now).await.unwrap();
        assert_eq!(
            t.check(&db, "ani", ip("10.0.0.1"), now).await.unwrap(),
            Err(4)
        );
        // The wait passes.
        assert_eq!(
            t.check(&db, "ani", ip("10.0.0.1"), now + 4 * S)
                .await
                .unwrap(),
            Ok(())
        );
        // Another address is not held back by this one's mistakes.
        assert_eq!(
            t.check(&db, "ani", ip("10.0.0.2"), now).await.unwrap(),
            Ok(())
        );
    }

    #[tokio::test]
    async fn an_attacker_cannot_lock_the_owner_out_for_long() {
        let (db, _dir) = db().await;
        let t = Throttle;
        let now = 1_800_000_000_000_i64;
        // Thousands of guesses from many addresses.
        for i in 0..300u32 {
            let a = format!("203.0.{}.{}", i / 250, i % 250);
            t.failed(&db, "ani", ip(&a), now).await.unwrap();
        }
        // Ani, from her own address, waits at most the account's cap.
        let wait = t
            .check(&db, "ani", ip("10.0.0.1"), now)
            .await
            .unwrap()
            .unwrap_err();
        assert!(wait <= 60, "{wait}");
        assert_eq!(
            t.check(&db, "ani", ip("10.0.0.1"), now + 60 * S)
                .await
                .unwrap(),
            Ok(())
        );
        // And once she is in, the account's count starts over.
        t.succeeded(&db, "ani", ip("10.0.0.1")).await.unwrap();
        t.failed(&db, "ani", ip("203.0.0.1"), now + 61 * S)
            .await
            .unwrap();
        assert_eq!(
            t.check(&db, "ani", ip("10.0.0.1"), now + 61 * S)
                .await
                .unwrap(),
            Ok(())
        );
    }

    #[tokio::test]
    async fn one_address_trying_many_accounts_is_slowed() {
        let (db, _dir) = db().await;
        let t = Throttle;
        let now = 1_800_000_000_000_i64;
        for i in 0..40 {
            t.failed(&db, &format!("user{i}"), ip("198.51.100.7"), now)
                .await
                .unwrap();
        }
        assert!(
            t.check(&db, "someone-else", ip("198.51.100.7"), now)
                .await
                .unwrap()
                .is_err()
        );
        assert_eq!(
            t.check(&db, "someone-else", ip("198.51.100.8"), now)
                .await
                .unwrap(),
            Ok(())
        );
        // An IPv6 site is one party, whatever its host bits.
        for _ in 0..5 {
            t.failed(&db, "budi", ip("2001:db8:1:2::5"), now)
                .await
                .unwrap();
        }
        assert!(
            t.check(&db, "budi", ip("2001:db8:1:2::99"), now)
                .await
                .unwrap()
                .is_err()
        );
    }

    #[tokio::test]
    async fn failures_are_forgotten_after_an_hour() {
        let (db, _dir) = db().await;
        let t = Throttle;
        let now = 1_800_000_000_000_i64;
        for _ in 0..6 {
            t.failed(&db, "ani", ip("10.0.0.1"), now).await.unwrap();
        }
        let later = now + ms(FORGET_AFTER);
        t.failed(&db, "ani", ip("10.0.0.1"), later).await.unwrap();
        assert_eq!(
            t.check(&db, "ani", ip("10.0.0.1"), later).await.unwrap(),
            Ok(())
        );
    }
}
