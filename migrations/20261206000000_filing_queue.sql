-- Filings asked for while the city backend could not be reached: the next sync sends each one
-- (after pushing the case and uploading its documents), with the snapshot the applicant
-- confirmed. While a filing waits the case cannot be changed; a refusal is kept for the case
-- page (and the case can be changed and filed again).
CREATE TABLE filing_queue (
    case_id         TEXT PRIMARY KEY NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    snapshot_hash   TEXT NOT NULL,
    queued_at       TEXT NOT NULL,
    refused_code    TEXT,
    refused_message TEXT
) STRICT;
