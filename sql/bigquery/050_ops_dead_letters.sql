-- Every failed operation with its reason and retry schedule; resolved rows are kept for the record.
CREATE TABLE IF NOT EXISTS `${dataset}.ops_dead_letters` (
    id               STRING NOT NULL,
    operation        STRING NOT NULL,
    email            STRING NOT NULL,
    campaign_id      STRING,
    error_kind       STRING NOT NULL,
    http_status      INT64,
    message          STRING NOT NULL,
    payload          STRING,
    retry_count      INT64 NOT NULL,
    next_retry_at    TIMESTAMP,
    first_failure_at TIMESTAMP NOT NULL,
    last_failure_at  TIMESTAMP NOT NULL,
    permanent        BOOL NOT NULL,
    resolved_at      TIMESTAMP,
    resolution       STRING,
    PRIMARY KEY (id) NOT ENFORCED
)
CLUSTER BY email;
