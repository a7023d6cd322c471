INSERT INTO ops_inst_state (state_key, email, campaign_id, instantly_lead_id, status, created_at, updated_at,
    last_drain_check, needs_drain_check, retry_count, reason)
SELECT inst_state_key(email, campaign_id), email, campaign_id, lead_id, 'completed', drained_at, drained_at, drained_at, FALSE, 0, drain_reason
FROM (SELECT * FROM stage_drain QUALIFY ROW_NUMBER() OVER (PARTITION BY email, campaign_id ORDER BY seq DESC) = 1)
ON CONFLICT (state_key) DO UPDATE SET
    status = 'completed',
    instantly_lead_id = COALESCE(EXCLUDED.instantly_lead_id, instantly_lead_id),
    updated_at = EXCLUDED.updated_at,
    last_drain_check = EXCLUDED.last_drain_check,
    needs_drain_check = FALSE,
    reason = EXCLUDED.reason
