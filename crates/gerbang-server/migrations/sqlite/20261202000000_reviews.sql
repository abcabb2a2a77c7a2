-- The review of each filed case: its state (status, round, version = events so far, the
-- decision number, unique across cases) and its events, insert-only, in the order applied.
CREATE TABLE reviews (
    case_id         TEXT PRIMARY KEY NOT NULL,
    owner_id        TEXT NOT NULL REFERENCES users (id),
    status          TEXT NOT NULL CHECK (status IN ('filed', 'under_review', 'needs_action', 'approved', 'rejected')),
    round           INTEGER NOT NULL,
    version         INTEGER NOT NULL,
    decision_number TEXT UNIQUE,
    updated_at      TEXT NOT NULL
) STRICT;

CREATE TABLE review_events (
    seq      INTEGER PRIMARY KEY AUTOINCREMENT,
    id       TEXT NOT NULL UNIQUE,
    case_id  TEXT NOT NULL REFERENCES reviews (case_id),
    round    INTEGER NOT NULL,
    action   TEXT NOT NULL,
    actor_id TEXT NOT NULL REFERENCES users (id),
    actor    TEXT NOT NULL,
    at       TEXT NOT NULL
) STRICT;
CREATE INDEX review_events_case ON review_events (case_id, seq);

-- Cases filed before reviews existed start as filed, round 1.
INSERT INTO reviews (case_id, owner_id, status, round, version, updated_at)
SELECT case_id, owner_id, 'filed', 1, 0, filed_at FROM filings;
