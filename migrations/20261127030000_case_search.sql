-- Full-text search over cases: title, applicant name, KBLI codes and titles, notes.
CREATE VIRTUAL TABLE cases_fts USING fts5 (
    case_id UNINDEXED,
    title,
    applicant,
    kbli,
    notes,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3 4'
);
CREATE INDEX cases_status_updated ON cases (status, updated_at, id);
