SELECT email, campaign_id, instantly_lead_id, status FROM `${dataset}.ops_inst_state`
WHERE instantly_lead_id IN UNNEST(@ids) OR email IN UNNEST(@emails)
ORDER BY email, campaign_id
