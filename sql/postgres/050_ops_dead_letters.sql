-- Every failed operation with its reason and retry schedule; resolved rows are kept for the record.
CREATE TABLE IF NOT EXISTS ops_dead_letters (
    id               TEXT PRIMARY KEY,
    operation        TEXT NOT NULL,
    email            TEXT NOT NULL,
    campaign_id      TEXT,
    error_kind       TEXT NOT NULL,
    http_status      INTEGER,
    message          TEXT NOT NULL,
    payload          TEXT,
    retry_count      INTEGER NOT NULL,
    next_retry_at    TIMESTAMPTZ,
    first_failure_at TIMESTAMPTZ NOT NULL,
    last_failure_at  TIMESTAMPTZ NOT NULL,
    permanent        BOOLEAN NOT NULL,
    resolved_at      TIMESTAMPTZ,
    resolution       TEXT
);
