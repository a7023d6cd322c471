SELECT email, campaign_id, instantly_lead_id, created_at, last_drain_check, COALESCE(drain_check_priority, 100) AS priority
FROM ops_inst_state
WHERE status IN ('active', 'engaged')
  AND instantly_lead_id IS NOT NULL
  AND (last_drain_check IS NULL OR last_drain_check <= @due)
ORDER BY priority, last_drain_check NULLS FIRST, created_at, email COLLATE "C", campaign_id COLLATE "C"
LIMIT @limit
