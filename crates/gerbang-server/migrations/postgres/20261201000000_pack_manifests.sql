-- The document-pack manifests of filed cases (by SHA-256, the pack's id): what
-- GET /verify/{sha256} answers from. One per filing and per resubmission (round).
CREATE TABLE pack_manifests (
    sha256        TEXT PRIMARY KEY NOT NULL,
    case_id       TEXT NOT NULL,
    filing_number TEXT NOT NULL,
    round         BIGINT NOT NULL,
    created_at    TEXT NOT NULL
);
CREATE INDEX pack_manifests_case ON pack_manifests (case_id, round);
