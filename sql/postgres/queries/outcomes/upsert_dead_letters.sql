INSERT INTO ops_dead_letters (id, operation, email, campaign_id, error_kind, http_status, message, payload, retry_count, next_retry_at, first_failure_at, last_failure_at, permanent, resolved_at, resolution)
SELECT DISTINCT ON (id) id, operation, email, campaign_id, error_kind, http_status, message, payload, retry_count, next_retry_at, first_failure_at, last_failure_at, permanent, resolved_at, resolution
FROM unnest(@id::text[], @op::text[], @email::text[], @campaign::text[], @kind::text[], @http::int[], @msg::text[],
            @payload::text[], @retry::int[], @next::timestamptz[], @first::timestamptz[], @last::timestamptz[],
            @perm::boolean[], @resolved::timestamptz[], @resolution::text[])
     WITH ORDINALITY AS s(id, operation, email, campaign_id, error_kind, http_status, message, payload, retry_count, next_retry_at, first_failure_at, last_failure_at, permanent, resolved_at, resolution, seq)
ORDER BY id, seq DESC
ON CONFLICT (id) DO UPDATE SET
    operation = EXCLUDED.operation, email = EXCLUDED.email, campaign_id = EXCLUDED.campaign_id,
    error_kind = EXCLUDED.error_kind, http_status = EXCLUDED.http_status, message = EXCLUDED.message,
    payload = EXCLUDED.payload, retry_count = EXCLUDED.retry_count, next_retry_at = EXCLUDED.next_retry_at,
    first_failure_at = LEAST(ops_dead_letters.first_failure_at, EXCLUDED.first_failure_at),
    last_failure_at = EXCLUDED.last_failure_at, permanent = EXCLUDED.permanent,
    resolved_at = EXCLUDED.resolved_at, resolution = EXCLUDED.resolution
