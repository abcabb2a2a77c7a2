-- Failed sign-ins by key (account, address, both), shared by every replica: see throttle.rs.
CREATE TABLE signin_failures (
    key      TEXT PRIMARY KEY NOT NULL,
    failures BIGINT NOT NULL,
    last_ms  BIGINT NOT NULL,
    until_ms BIGINT NOT NULL
);
CREATE INDEX signin_failures_last ON signin_failures (last_ms);
