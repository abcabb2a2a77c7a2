//! Pull cursors an account cannot read. A cursor names the last change of the feed that the
//! account has seen, sealed under a key only the server knows (a keyed permutation of the
//! feed position), so its value says nothing of how many changes the server holds or how busy
//! other accounts are; and a pull that finds nothing new answers the cursor it was given, so
//! even its changing says nothing. `0` is the start of the feed, for every account.
//!
//! The key is made at the first start and kept in `server_meta`, so every replica on the same
//! database seals the same way.

use crate::db::Db;
use sha2::{Digest, Sha256};

const KEY_NAME: &str = "pull_cursor_key";
const HALF: u32 = 31;
const MASK: u64 = (1 << HALF) - 1;
/// Set on every sealed cursor, so that none is 0 (the start) or negative.
const MARK: i64 = 1 << 62;
const ROUNDS: u8 = 4;

/// The server's cursor key.
#[derive(Clone)]
pub struct CursorKey([u8; 32]);

impl std::fmt::Debug for CursorKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CursorKey(…)")
    }
}

impl CursorKey {
    /// The key stored in `db`, made and stored on the first call.
    pub async fn load(db: &Db) -> Result<CursorKey, sqlx::Error> {
        let fresh = hex(&rand_bytes());
        // A replica starting at the same moment may insert first; every one reads the winner.
        let stored = crate::repo::meta::set_once(db, KEY_NAME, &fresh).await?;
        Ok(CursorKey::from_hex(&stored).unwrap_or_else(|| {
            tracing::error!("the stored pull cursor key is damaged: using a key of this process");
            CursorKey(Sha256::digest(stored.as_bytes()).into())
        }))
    }

    fn from_hex(s: &str) -> Option<CursorKey> {
        let bytes: Vec<u8> = (0..s.len())
            .step_by(2)
            .map(|i| s.get(i..i + 2).and_then(|b| u8::from_str_radix(b, 16).ok()))
            .collect::<Option<_>>()?;
        bytes.try_into().ok().map(CursorKey)
    }

    fn round(&self, round: u8, half: u64) -> u64 {
        let mut h = Sha256::new();
        h.update(self.0);
        h.update([round]);
        h.update(half.to_le_bytes());
        let d = h.finalize();
        u64::from(u32::from_le_bytes([d[0], d[1], d[2], d[3]])) & MASK
    }

    /// The cursor for feed position `seq` (0 stays 0).
    pub fn seal(&self, seq: i64) -> i64 {
        if seq <= 0 {
            return 0;
        }
        let x = (seq as u64) & ((1 << (2 * HALF)) - 1);
        let (mut l, mut r) = (x >> HALF, x & MASK);
        for round in 0..ROUNDS {
            (l, r) = (r, l ^ self.round(round, r));
        }
        MARK | ((l << HALF) | r) as i64
    }

    /// The feed position a cursor names, if it is one this server sealed (or 0).
    pub fn open(&self, cursor: i64) -> Option<i64> {
        if cursor == 0 {
            return Some(0);
        }
        if cursor < 0 || cursor & MARK == 0 {
            return None;
        }
        let x = (cursor & !MARK) as u64;
        let (mut l, mut r) = (x >> HALF, x & MASK);
        for round in (0..ROUNDS).rev() {
            (l, r) = (r ^ self.round(round, l), l);
        }
        Some(((l << HALF) | r) as i64)
    }
}

fn rand_bytes() -> [u8; 32] {
    // Two v4 UUIDs: 244 random bits from the OS generator, hashed into a key.
    let mut h = Sha256::new();
    h.update(uuid::Uuid::new_v4().as_bytes());
    h.update(uuid::Uuid::new_v4().as_bytes());
    h.finalize().into()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealing_is_a_permutation_that_hides_the_position() {
        let key = CursorKey([7; 32]);
        let other = CursorKey([8; 32]);
        let mut seen = std::collections::HashSet::new();
        for seq in (1..2000).chain([1 << 40, (1 << 62) - 1]) {
            let c = key.seal(seq);
            assert!(c > 0, "{seq} → {c}");
            assert_eq!(key.open(c), Some(seq));
            assert!(seen.insert(c));
            assert_ne!(other.open(c), Some(seq), "another server's key opens it");
        }
        // Neighbouring positions are not neighbouring cursors.
        assert!((key.seal(101) - key.seal(100)).abs() > 1 << 20);
        assert_eq!(key.seal(0), 0);
        assert_eq!(key.open(0), Some(0));
        // A plain number (an old client's cursor) is not a sealed one.
        assert_eq!(key.open(1234), None);
        assert_eq!(key.open(-5), None);
    }
}
