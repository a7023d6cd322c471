MERGE INTO ops_inst_state t
USING (SELECT inst_state_key(email, campaign_id) AS state_key, * FROM ${source}) s
ON t.state_key = s.state_key
WHEN MATCHED THEN UPDATE SET
    campaign_name = COALESCE(s.campaign_name, t.campaign_name),
    instantly_lead_id = COALESCE(s.instantly_lead_id, t.instantly_lead_id),
    status = s.status,
    status_code = s.status_code,
    updated_at = s.changed_at,
    needs_drain_check = s.status IN ('active', 'engaged'),
    api_response_time_ms = COALESCE(s.api_response_time_ms, t.api_response_time_ms),
    retry_count = s.retry_count,
    reason = s.reason
WHEN NOT MATCHED THEN INSERT (state_key, email, campaign_id, campaign_name, instantly_lead_id, status, status_code,
    created_at, updated_at, last_drain_check, needs_drain_check, drain_check_priority,
    api_response_time_ms, retry_count, reason)
VALUES (s.state_key, s.email, s.campaign_id, s.campaign_name, s.instantly_lead_id, s.status, s.status_code, s.changed_at, s.changed_at, NULL,
    s.status IN ('active', 'engaged'), 100, s.api_response_time_ms, s.retry_count, s.reason)
