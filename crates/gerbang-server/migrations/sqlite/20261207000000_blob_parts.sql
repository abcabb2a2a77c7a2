-- The parts of uploads in progress, kept in the object store (one object per chunk) and listed
-- here, so any replica can take the next chunk: the bytes received are the sum of the sizes,
-- and the primary key lets only one request write the part at an offset.
CREATE TABLE blob_parts (
    owner_id    TEXT NOT NULL REFERENCES users (id),
    sha256      TEXT NOT NULL,
    "offset"    BIGINT NOT NULL,
    size        BIGINT NOT NULL,
    object      TEXT NOT NULL,
    received_at TEXT NOT NULL,
    PRIMARY KEY (owner_id, sha256, "offset")
);
