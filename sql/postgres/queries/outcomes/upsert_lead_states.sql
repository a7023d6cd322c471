INSERT INTO ops_inst_state (email, campaign_id, campaign_name, instantly_lead_id, status, status_code,
    created_at, updated_at, last_drain_check, needs_drain_check, drain_check_priority,
    api_response_time_ms, retry_count, reason)
SELECT DISTINCT ON (email, campaign_id)
       email, campaign_id, campaign_name, instantly_lead_id, status, status_code, changed_at, changed_at,
       NULL::timestamptz, status IN ('active', 'engaged'), 100, api_ms, retry_count, reason
FROM unnest(@email::text[], @campaign::text[], @cname::text[], @lid::text[], @status::text[], @code::int[],
            @at::timestamptz[], @retry::int[], @ms::bigint[], @reason::text[])
     WITH ORDINALITY AS s(email, campaign_id, campaign_name, instantly_lead_id, status, status_code,
                          changed_at, retry_count, api_ms, reason, seq)
ORDER BY email, campaign_id, seq DESC
ON CONFLICT (email, campaign_id) DO UPDATE SET
    campaign_name = COALESCE(EXCLUDED.campaign_name, ops_inst_state.campaign_name),
    instantly_lead_id = COALESCE(EXCLUDED.instantly_lead_id, ops_inst_state.instantly_lead_id),
    status = EXCLUDED.status,
    status_code = EXCLUDED.status_code,
    updated_at = EXCLUDED.updated_at,
    needs_drain_check = EXCLUDED.needs_drain_check,
    api_response_time_ms = COALESCE(EXCLUDED.api_response_time_ms, ops_inst_state.api_response_time_ms),
    retry_count = EXCLUDED.retry_count,
    reason = EXCLUDED.reason
