SELECT id, operation, email, campaign_id, error_kind, http_status, message, payload, retry_count, next_retry_at, first_failure_at, last_failure_at, permanent, resolved_at, resolution FROM ops_dead_letters
WHERE resolved_at IS NULL AND NOT permanent AND (next_retry_at IS NULL OR next_retry_at <= $now)
ORDER BY next_retry_at NULLS FIRST, id LIMIT $limit
