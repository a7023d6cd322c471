MERGE INTO ops_inst_state t
USING (SELECT inst_state_key(email, campaign_id) AS state_key, *
       FROM (SELECT * FROM stage_drain QUALIFY ROW_NUMBER() OVER (PARTITION BY email, campaign_id ORDER BY seq DESC) = 1)) s
ON t.state_key = s.state_key
WHEN MATCHED THEN UPDATE SET
    status = 'completed',
    instantly_lead_id = COALESCE(s.lead_id, t.instantly_lead_id),
    updated_at = s.drained_at,
    last_drain_check = s.drained_at,
    needs_drain_check = FALSE,
    reason = s.drain_reason
WHEN NOT MATCHED THEN INSERT (state_key, email, campaign_id, instantly_lead_id, status, created_at, updated_at,
    last_drain_check, needs_drain_check, retry_count, reason)
VALUES (s.state_key, s.email, s.campaign_id, s.lead_id, 'completed', s.drained_at, s.drained_at, s.drained_at, FALSE, 0, s.drain_reason)
