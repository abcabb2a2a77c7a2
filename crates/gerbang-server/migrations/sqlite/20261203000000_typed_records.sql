-- Typed, server-checked records. Mutation ids are scoped per device (another device may use
-- the same id; one device reusing one is refused). A file is readable by the accounts that
-- uploaded its bytes (blob_holders), never by one that only names its hash. The server keeps
-- every catalog version it published, to derive a case's checklist with the version it names.
CREATE TABLE mutations_scoped (
    device_id   TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    mutation_id TEXT NOT NULL,
    user_id     TEXT NOT NULL REFERENCES users (id),
    kind        TEXT NOT NULL,
    record_id   TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('applied', 'rejected')),
    result      TEXT NOT NULL,
    applied_at  TEXT NOT NULL,
    PRIMARY KEY (device_id, seq),
    UNIQUE (device_id, mutation_id)
) STRICT;
INSERT INTO mutations_scoped SELECT device_id, seq, mutation_id, user_id, kind, record_id, status, result, applied_at FROM mutations;
DROP TABLE mutations;
ALTER TABLE mutations_scoped RENAME TO mutations;

CREATE TABLE blob_holders (
    sha256   TEXT NOT NULL,
    owner_id TEXT NOT NULL REFERENCES users (id),
    since    TEXT NOT NULL,
    PRIMARY KEY (sha256, owner_id)
) STRICT;
-- Before this, who uploaded a file was not recorded: the account that first declared the hash
-- (the earliest document id, ids being time-ordered) is taken as its uploader. Any other
-- account that holds the bytes proves it by uploading them again, as its desktop does by itself.
INSERT INTO blob_holders (sha256, owner_id, since)
SELECT d.sha256, d.owner_id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM document_blobs d
WHERE d.document_id = (SELECT MIN(d2.document_id) FROM document_blobs d2 WHERE d2.sha256 = d.sha256);

CREATE TABLE catalog_versions (
    version      TEXT PRIMARY KEY NOT NULL,
    sha256       TEXT NOT NULL,
    bundle       TEXT NOT NULL,
    published_at TEXT NOT NULL
) STRICT;
