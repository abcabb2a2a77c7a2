-- Documents attached to checklist items. The bytes live in the blob store, named by SHA-256;
-- a replaced document keeps its earlier versions (the current one is the highest version).
CREATE TABLE documents (
    id            TEXT PRIMARY KEY NOT NULL,
    case_id       TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    item_key      TEXT NOT NULL,
    version       INTEGER NOT NULL,
    sha256        TEXT NOT NULL,
    size          INTEGER NOT NULL,
    media_type    TEXT NOT NULL,
    original_name TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    UNIQUE (case_id, item_key, version),
    FOREIGN KEY (case_id, item_key) REFERENCES checklist_items (case_id, item_key)
) STRICT;
