SELECT email, campaign_id, instantly_lead_id, status FROM ops_inst_state
WHERE instantly_lead_id = ANY(@ids) OR email = ANY(@emails)
ORDER BY email COLLATE "C", campaign_id COLLATE "C"
