SELECT campaign_id, COUNT(*) FROM ops_inst_state WHERE status = 'active' GROUP BY campaign_id
