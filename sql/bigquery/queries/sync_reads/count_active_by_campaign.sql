SELECT campaign_id, COUNT(*) AS n FROM `${dataset}.ops_inst_state` WHERE status = 'active' GROUP BY campaign_id
