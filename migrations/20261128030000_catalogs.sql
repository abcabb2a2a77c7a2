-- Catalogs pulled from the city backend (the newest installed one is used over the built-in one
-- when it is newer).
CREATE TABLE catalogs (
    sha256       TEXT PRIMARY KEY NOT NULL,
    version      TEXT NOT NULL,
    bundle       TEXT NOT NULL,
    installed_at TEXT NOT NULL
) STRICT;
