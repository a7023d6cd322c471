SELECT email, campaign_id, instantly_lead_id, status FROM ops_inst_state
WHERE instantly_lead_id IN (SELECT key FROM stage_track_ids) OR email IN (SELECT key FROM stage_track_emails)
ORDER BY email, campaign_id
