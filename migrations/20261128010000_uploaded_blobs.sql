-- Document contents the server has confirmed it holds (complete and verified).
CREATE TABLE uploaded_blobs (
    sha256      TEXT PRIMARY KEY NOT NULL,
    uploaded_at TEXT NOT NULL
) STRICT;
