-- Accounts and their bearer tokens; the sync log (mutations applied once per device and seq);
-- the records the desktops push (current state with a version); the change feed desktops pull;
-- filings with their numbers.
CREATE TABLE users (
    id            TEXT PRIMARY KEY NOT NULL,
    username      TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('investor', 'consultant', 'officer', 'admin')),
    created_at    TEXT NOT NULL
);

-- Only a SHA-256 of each token is kept: a copy of the database does not sign anyone in.
CREATE TABLE tokens (
    token_hash TEXT PRIMARY KEY NOT NULL,
    user_id    TEXT NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    revoked_at TEXT
);

CREATE TABLE mutations (
    device_id   TEXT NOT NULL,
    seq         BIGINT NOT NULL,
    mutation_id TEXT NOT NULL UNIQUE,
    user_id     TEXT NOT NULL REFERENCES users (id),
    kind        TEXT NOT NULL,
    record_id   TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('applied', 'rejected')),
    result      TEXT NOT NULL,
    applied_at  TEXT NOT NULL,
    PRIMARY KEY (device_id, seq)
);

CREATE TABLE records (
    kind       TEXT NOT NULL,
    id         TEXT NOT NULL,
    owner_id   TEXT NOT NULL REFERENCES users (id),
    version    BIGINT NOT NULL,
    data       TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (kind, id)
);

CREATE TABLE changes (
    seq         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind        TEXT NOT NULL,
    record_id   TEXT NOT NULL,
    owner_id    TEXT NOT NULL,
    -- 1 once officers may see it (a filed case and what belongs to it).
    for_officers BIGINT NOT NULL DEFAULT 0,
    version     BIGINT NOT NULL,
    data        TEXT NOT NULL,
    at          TEXT NOT NULL
);
CREATE INDEX changes_owner ON changes (owner_id, seq);
CREATE INDEX changes_officers ON changes (for_officers, seq);

CREATE TABLE filings (
    case_id       TEXT PRIMARY KEY NOT NULL,
    number        TEXT NOT NULL UNIQUE,
    owner_id      TEXT NOT NULL REFERENCES users (id),
    snapshot_hash TEXT NOT NULL,
    filed_at      TEXT NOT NULL
);

CREATE TABLE counters (
    name  TEXT PRIMARY KEY NOT NULL,
    value BIGINT NOT NULL
);
