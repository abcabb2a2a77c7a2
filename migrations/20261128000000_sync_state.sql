-- Sync state: what became of each outbox entry at the server, the server version of each
-- record this device knows, records pulled from the server, and a case's filing.
ALTER TABLE outbox ADD COLUMN outcome TEXT CHECK (outcome IN ('applied', 'rejected', 'conflict'));
ALTER TABLE outbox ADD COLUMN server_version INTEGER;
ALTER TABLE outbox ADD COLUMN message TEXT;
ALTER TABLE outbox ADD COLUMN synced_at TEXT;
CREATE INDEX outbox_pending ON outbox (seq) WHERE outcome IS NULL;

CREATE TABLE record_versions (
    kind    TEXT NOT NULL,
    id      TEXT NOT NULL,
    version INTEGER NOT NULL,
    PRIMARY KEY (kind, id)
) STRICT;

-- The server's copy of records this account may see (its own, or filed cases for officers).
CREATE TABLE pulled_records (
    kind      TEXT NOT NULL,
    id        TEXT NOT NULL,
    version   INTEGER NOT NULL,
    data      TEXT NOT NULL,
    pulled_at TEXT NOT NULL,
    PRIMARY KEY (kind, id)
) STRICT;

ALTER TABLE cases ADD COLUMN filing_number TEXT;
ALTER TABLE cases ADD COLUMN filed_at TEXT;
