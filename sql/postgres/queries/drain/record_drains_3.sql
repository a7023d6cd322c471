INSERT INTO ops_inst_state (email, campaign_id, instantly_lead_id, status, created_at, updated_at,
    last_drain_check, needs_drain_check, retry_count, reason)
SELECT DISTINCT ON (email, campaign_id)
       email, campaign_id, lead_id, 'completed', drained_at, drained_at, drained_at, FALSE, 0, drain_reason
FROM stage_drain
ORDER BY email, campaign_id, seq DESC
ON CONFLICT (email, campaign_id) DO UPDATE SET
    status = 'completed',
    instantly_lead_id = COALESCE(EXCLUDED.instantly_lead_id, ops_inst_state.instantly_lead_id),
    updated_at = EXCLUDED.updated_at,
    last_drain_check = EXCLUDED.last_drain_check,
    needs_drain_check = FALSE,
    reason = EXCLUDED.reason
