UPDATE ops_inst_state SET last_drain_check = @at, needs_drain_check = FALSE
FROM (SELECT DISTINCT email, campaign_id FROM unnest(@email::text[], @campaign::text[]) AS k(email, campaign_id)) k
WHERE ops_inst_state.email = k.email AND ops_inst_state.campaign_id = k.campaign_id
