UPDATE ops_inst_state SET last_drain_check = $at, needs_drain_check = FALSE
FROM (SELECT DISTINCT email, campaign_id FROM stage_keys) k
WHERE ops_inst_state.email = k.email AND ops_inst_state.campaign_id = k.campaign_id
