INSERT INTO ops_inst_state (state_key, email, campaign_id, campaign_name, instantly_lead_id, status, status_code,
    created_at, updated_at, last_drain_check, needs_drain_check, drain_check_priority,
    api_response_time_ms, retry_count, reason)
SELECT inst_state_key(email, campaign_id), email, campaign_id, campaign_name, instantly_lead_id, status, status_code, changed_at, changed_at, NULL,
       status IN ('active', 'engaged'), 100, api_response_time_ms, retry_count, reason
FROM ${source}
ON CONFLICT (state_key) DO UPDATE SET
    campaign_name = COALESCE(EXCLUDED.campaign_name, campaign_name),
    instantly_lead_id = COALESCE(EXCLUDED.instantly_lead_id, instantly_lead_id),
    status = EXCLUDED.status,
    status_code = EXCLUDED.status_code,
    updated_at = EXCLUDED.updated_at,
    needs_drain_check = EXCLUDED.needs_drain_check,
    api_response_time_ms = COALESCE(EXCLUDED.api_response_time_ms, api_response_time_ms),
    retry_count = EXCLUDED.retry_count,
    reason = EXCLUDED.reason
