//! Sign-in throttling. Failed sign-ins are counted under three keys: the account name and the
//! address together, the address alone, and the account name alone. Each key has a number of
//! free failures; after those, every further failure makes the key wait twice as long as the
//! last (1 s, 2 s, 4 s, …) up to its cap, and a sign-in under a waiting key is answered 429
//! with `Retry-After` without checking the password. The account's own key is capped at one
//! minute: an attacker guessing from many addresses slows the account down but cannot lock its
//! owner out for long, and the owner's own address has a key of its own. A success clears the
//! account's keys; a key with no failure for an hour is forgotten.
//!
//! The counts live in this process (a replica counts its own attempts; each replica throttles
//! the same way, so an attacker spread over n replicas gets at most n times the attempts).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

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
/// Keys kept at most; past this, forgotten keys are swept, then keys that are not waiting.
const MAX_KEYS: usize = 100_000;

#[derive(Debug, Clone, Copy)]
struct Entry {
    failures: u32,
    last: Instant,
    until: Instant,
}

/// The failed sign-ins this process has seen.
#[derive(Debug, Default)]
pub struct Throttle {
    keys: Mutex<HashMap<String, Entry>>,
}

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
    /// Whether a sign-in for `username` from `address` may be checked now; if not, the
    /// seconds to wait (at least 1).
    pub fn check(&self, username: &str, address: Option<IpAddr>, now: Instant) -> Result<(), u64> {
        let map = self.keys.lock().unwrap_or_else(|p| p.into_inner());
        let wait = keys(username, address)
            .iter()
            .filter_map(|(k, _)| map.get(k))
            .map(|e| e.until.saturating_duration_since(now))
            .max()
            .unwrap_or_default();
        if wait.is_zero() {
            Ok(())
        } else {
            Err(wait.as_secs_f64().ceil().max(1.0) as u64)
        }
    }

    /// Counts a failed sign-in.
    pub fn failed(&self, username: &str, address: Option<IpAddr>, now: Instant) {
        let mut map = self.keys.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() >= MAX_KEYS {
            map.retain(|_, e| now.saturating_duration_since(e.last) < FORGET_AFTER);
            if map.len() >= MAX_KEYS {
                map.retain(|_, e| e.until > now);
            }
        }
        for (key, policy) in keys(username, address) {
            let e = map.entry(key).or_insert(Entry {
                failures: 0,
                last: now,
                until: now,
            });
            if now.saturating_duration_since(e.last) >= FORGET_AFTER {
                e.failures = 0;
            }
            e.failures += 1;
            e.last = now;
            if e.failures >= policy.free {
                let doublings = (e.failures - policy.free).min(20);
                let wait = Duration::from_secs(1u64 << doublings).min(policy.cap);
                e.until = now + wait;
            }
        }
    }

    /// A successful sign-in: the account's failures (here and everywhere) are forgotten; the
    /// address keeps its count of failures on other accounts.
    pub fn succeeded(&self, username: &str, address: Option<IpAddr>) {
        let mut map = self.keys.lock().unwrap_or_else(|p| p.into_inner());
        for (key, _) in keys(username, address) {
            if !key.starts_with("a:") {
                map.remove(&key);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> Option<IpAddr> {
        Some(s.parse().unwrap())
    }

    #[test]
    fn a_few_mistakes_are_free_then_waits_double() {
        let t = Throttle::default();
        let now = Instant::now();
        for _ in 0..4 {
            t.failed("ani", ip("10.0.0.1"), now);
            assert_eq!(t.check("ani", ip("10.0.0.1"), now), Ok(()));
        }
        t.failed("ani", ip("10.0.0.1"), now);
        assert_eq!(t.check("ani", ip("10.0.0.1"), now), Err(1));
        t.failed("ani", ip("10.0.0.1"), now);
        assert_eq!(
            t.check("Ani ", ip("10.0.0.1"), now),
            Err(2),
            "names fold case"
        );
        t.failed("ani", ip("10.0.0.1"), now);
        assert_eq!(t.check("ani", ip("10.0.0.1"), now), Err(4));
        // The wait passes.
        assert_eq!(
            t.check("ani", ip("10.0.0.1"), now + Duration::from_secs(4)),
            Ok(())
        );
        // Another address is not held back by this one's mistakes.
        assert_eq!(t.check("ani", ip("10.0.0.2"), now), Ok(()));
    }

    #[test]
    fn an_attacker_cannot_lock_the_owner_out_for_long() {
        let t = Throttle::default();
        let now = Instant::now();
        // Thousands of guesses from many addresses.
        for i in 0..3000u32 {
            let a = format!("203.0.{}.{}", i / 250, i % 250);
            t.failed("ani", ip(&a), now);
        }
        // Ani, from her own address, waits at most the account's cap.
        let wait = t.check("ani", ip("10.0.0.1"), now).unwrap_err();
        assert!(wait <= 60, "{wait}");
        assert_eq!(
            t.check("ani", ip("10.0.0.1"), now + Duration::from_secs(60)),
            Ok(())
        );
        // And once she is in, the account's count starts over.
        t.succeeded("ani", ip("10.0.0.1"));
        t.failed("ani", ip("203.0.0.1"), now + Duration::from_secs(61));
        assert_eq!(
            t.check("ani", ip("10.0.0.1"), now + Duration::from_secs(61)),
            Ok(())
        );
    }

    #[test]
    fn one_address_trying_many_accounts_is_slowed() {
        let t = Throttle::default();
        let now = Instant::now();
        for i in 0..40 {
            t.failed(&format!("user{i}"), ip("198.51.100.7"), now);
        }
        assert!(t.check("someone-else", ip("198.51.100.7"), now).is_err());
        assert_eq!(t.check("someone-else", ip("198.51.100.8"), now), Ok(()));
        // An IPv6 site is one party, whatever its host bits.
        for _ in 0..5 {
            t.failed("budi", ip("2001:db8:1:2::5"), now);
        }
        assert!(t.check("budi", ip("2001:db8:1:2::99"), now).is_err());
    }

    #[test]
    fn failures_are_forgotten_after_an_hour() {
        let t = Throttle::default();
        let now = Instant::now();
        for _ in 0..6 {
            t.failed("ani", ip("10.0.0.1"), now);
        }
        let later = now + FORGET_AFTER;
        t.failed("ani", ip("10.0.0.1"), later);
        assert_eq!(t.check("ani", ip("10.0.0.1"), later), Ok(()));
    }
}
