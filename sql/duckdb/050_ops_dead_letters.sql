-- Every failed operation with its reason and retry schedule; resolved rows are kept for the record.
CREATE TABLE IF NOT EXISTS ops_dead_letters (
    id               VARCHAR PRIMARY KEY,
    operation        VARCHAR NOT NULL,
    email            VARCHAR NOT NULL,
    campaign_id      VARCHAR,
    error_kind       VARCHAR NOT NULL,
    http_status      INTEGER,
    message          VARCHAR NOT NULL,
    payload          VARCHAR,
    retry_count      INTEGER NOT NULL,
    next_retry_at    TIMESTAMP,
    first_failure_at TIMESTAMP NOT NULL,
    last_failure_at  TIMESTAMP NOT NULL,
    permanent        BOOLEAN NOT NULL,
    resolved_at      TIMESTAMP,
    resolution       VARCHAR
);
