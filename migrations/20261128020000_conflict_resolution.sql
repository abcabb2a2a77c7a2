-- When the user settled a refused change or a conflict (it then leaves the Sync screen's list).
ALTER TABLE outbox ADD COLUMN resolved_at TEXT;
