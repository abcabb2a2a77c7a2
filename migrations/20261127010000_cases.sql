-- Applicants (individuals and companies), their cases with the facts and derived checklist,
-- the hash-chained audit log, and the outbox of changes waiting to sync.
CREATE TABLE profiles (
    id             TEXT PRIMARY KEY NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('individual', 'company')),
    name           TEXT NOT NULL,
    entity_type    TEXT NOT NULL,
    capital_status TEXT NOT NULL,
    nik            TEXT,
    npwp           TEXT,
    nib            TEXT,
    data           TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
) STRICT;
CREATE INDEX profiles_name ON profiles (name);

CREATE TABLE cases (
    id              TEXT PRIMARY KEY NOT NULL,
    profile_id      TEXT NOT NULL REFERENCES profiles (id),
    title           TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN
        ('draft', 'ready', 'filed', 'under_review', 'needs_action', 'approved', 'rejected')),
    kbli_edition    TEXT NOT NULL,
    catalog_version TEXT NOT NULL,
    catalog_hash    TEXT NOT NULL,
    facts           TEXT NOT NULL,
    -- The derived checklist without its items (they are in checklist_items).
    checklist       TEXT NOT NULL,
    notes           TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
) STRICT;
-- Case lists page through these without sorting (ties broken by id).
CREATE INDEX cases_profile ON cases (profile_id, updated_at, id);
CREATE INDEX cases_updated ON cases (updated_at, id);
CREATE INDEX cases_title ON cases (title, id);

-- Item bodies (the derived text: because, legal basis, documents…) are stored once by SHA-256:
-- cases of the same kind share them, which keeps 100,000 cases small.
CREATE TABLE item_bodies (
    hash TEXT PRIMARY KEY NOT NULL,
    body TEXT NOT NULL
) STRICT;

CREATE TABLE checklist_items (
    case_id     TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    item_key    TEXT NOT NULL,
    position    INTEGER NOT NULL,
    permit_id   TEXT NOT NULL,
    activity    TEXT,
    required    INTEGER NOT NULL,
    body_hash   TEXT NOT NULL REFERENCES item_bodies (hash),
    PRIMARY KEY (case_id, item_key)
) STRICT;

CREATE TABLE audit_log (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    record_kind TEXT NOT NULL,
    record_id   TEXT NOT NULL,
    detail      TEXT NOT NULL,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
) STRICT;

CREATE TABLE outbox (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    mutation_id TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL,
    record_id   TEXT NOT NULL,
    payload     TEXT NOT NULL,
    created_at  TEXT NOT NULL
) STRICT;
