-- What the applicant recorded of each stage of a case's licensing plan (a checklist item, by its
-- key): applied for, issued (with the permit's number), and their own preparation time. The
-- plan itself is derived, never stored.
CREATE TABLE plan_progress (
    case_id     TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    item_key    TEXT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('planned', 'started', 'obtained')),
    started_on  TEXT,
    obtained_on TEXT,
    number      TEXT,
    prep_days   INTEGER CHECK (prep_days IS NULL OR prep_days >= 0),
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (case_id, item_key)
) STRICT;
