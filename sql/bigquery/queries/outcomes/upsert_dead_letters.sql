MERGE `${dataset}.ops_dead_letters` T
USING (SELECT * FROM UNNEST(@rows) WHERE TRUE QUALIFY ROW_NUMBER() OVER (PARTITION BY id ORDER BY seq DESC) = 1) S
ON T.id = S.id
WHEN MATCHED THEN UPDATE SET
    operation = S.operation, email = S.email, campaign_id = S.campaign_id, error_kind = S.error_kind,
    http_status = S.http_status, message = S.message, payload = S.payload, retry_count = S.retry_count,
    next_retry_at = S.next_retry_at, first_failure_at = LEAST(T.first_failure_at, S.first_failure_at),
    last_failure_at = S.last_failure_at, permanent = S.permanent, resolved_at = S.resolved_at, resolution = S.resolution
WHEN NOT MATCHED THEN INSERT (id, operation, email, campaign_id, error_kind, http_status, message, payload, retry_count, next_retry_at, first_failure_at, last_failure_at, permanent, resolved_at, resolution)
VALUES (S.id, S.operation, S.email, S.campaign_id, S.error_kind, S.http_status, S.message, S.payload, S.retry_count,
    S.next_retry_at, S.first_failure_at, S.last_failure_at, S.permanent, S.resolved_at, S.resolution)
