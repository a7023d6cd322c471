CREATE TEMP TABLE stage_dead (seq BIGINT, id VARCHAR, operation VARCHAR, email VARCHAR, campaign_id VARCHAR,
    error_kind VARCHAR, http_status INTEGER, message VARCHAR, payload VARCHAR, retry_count INTEGER,
    next_retry_at TIMESTAMP, first_failure_at TIMESTAMP, last_failure_at TIMESTAMP, permanent BOOLEAN,
    resolved_at TIMESTAMP, resolution VARCHAR)
