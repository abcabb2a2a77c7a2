-- A case row holds its facts and its derived checklist (with the items' keys, places and
-- whether each is still required) as deflated JSON (`cases::packed`): a 20-item case took
-- ~13.6 KB in JSON columns, one row per item and a search index that kept a copy of its text.
-- The item texts stay shared by hash, now numbered, so a case names each in a few bytes.
--
-- Store::open converts the rows of an older store (reading the JSON columns and the
-- checklist_items rows), then drops what it converted; see `packed::upgrade`.
ALTER TABLE cases ADD COLUMN facts_packed BLOB;
ALTER TABLE cases ADD COLUMN checklist_packed BLOB;
ALTER TABLE cases ADD COLUMN items_required INTEGER NOT NULL DEFAULT 0;

CREATE TABLE item_texts (
    id   INTEGER PRIMARY KEY,
    hash TEXT NOT NULL UNIQUE,
    body TEXT NOT NULL
) STRICT;
INSERT INTO item_texts (hash, body) SELECT hash, body FROM item_bodies;

-- The search index without a copy of what it indexes (contentless; rows deleted by rowid,
-- which is the case row's). Rebuilt here from the cases as they are.
DROP TABLE cases_fts;
CREATE VIRTUAL TABLE cases_fts USING fts5 (
    title,
    applicant,
    kbli,
    notes,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3 4'
);
INSERT INTO cases_fts (rowid, title, applicant, kbli, notes)
SELECT c.rowid, c.title, p.name,
       (SELECT group_concat(
                   COALESCE(json_extract(a.value, '$.kbli_input'), '') || ' ' ||
                   COALESCE(json_extract(a.value, '$.kbli'), '') || ' ' ||
                   COALESCE(json_extract(a.value, '$.title'), ''), ' ')
        FROM json_each(c.checklist, '$.activities') a),
       c.notes
FROM cases c JOIN profiles p ON p.id = c.profile_id;

-- Documents named their item through a foreign key to checklist_items; the item is now inside
-- the case row (the store checks it on attach). Rebuilt without that key, rows kept as they are.
CREATE TABLE documents_new (
    id            TEXT PRIMARY KEY NOT NULL,
    case_id       TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    item_key      TEXT NOT NULL,
    version       INTEGER NOT NULL,
    sha256        TEXT NOT NULL,
    size          INTEGER NOT NULL,
    media_type    TEXT NOT NULL,
    original_name TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    UNIQUE (case_id, item_key, version)
) STRICT;
INSERT INTO documents_new SELECT id, case_id, item_key, version, sha256, size, media_type,
                                 original_name, created_at FROM documents;
DROP TABLE documents;
ALTER TABLE documents_new RENAME TO documents;
