INSERT INTO ops_inst_state BY NAME
SELECT inst_state_key(email, campaign_id) AS state_key, *
FROM ${unkeyed} u
WHERE NOT EXISTS (SELECT 1 FROM ops_inst_state s WHERE s.state_key = inst_state_key(u.email, u.campaign_id))
