-- Which account's documents (and so which case) each stored file belongs to: who may upload
-- it, and who may read it.
CREATE TABLE document_blobs (
    document_id TEXT PRIMARY KEY NOT NULL,
    sha256      TEXT NOT NULL,
    size        INTEGER NOT NULL,
    owner_id    TEXT NOT NULL REFERENCES users (id),
    case_id     TEXT NOT NULL
) STRICT;
CREATE INDEX document_blobs_sha ON document_blobs (sha256);
