INSERT INTO ops_inst_state BY NAME
SELECT inst_state_key(email, campaign_id) AS state_key, *
FROM ${unkeyed}
ON CONFLICT (state_key) DO NOTHING
