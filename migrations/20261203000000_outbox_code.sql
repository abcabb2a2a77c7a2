-- The city backend's code for a refused or conflicting change (server_owned_field,
-- invalid_facts, …), so the desk words the refusal in the reader's language.
ALTER TABLE outbox ADD COLUMN code TEXT;
