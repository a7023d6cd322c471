SELECT email, campaign_id, lead_id, COALESCE(event_type, '') AS event_type,
       COALESCE(event_timestamp, drain_timestamp, TIMESTAMP '1970-01-01') AS event_timestamp,
       outcome, outcome_reason, drain_reason, days_in_campaign
FROM `${dataset}.ops_lead_history` WHERE email = @email ORDER BY event_timestamp, campaign_id
