SELECT email, campaign_id, lead_id, COALESCE(event_type, ''),
       COALESCE(event_timestamp, drain_timestamp, TIMESTAMP '1970-01-01'), outcome, outcome_reason,
       drain_reason, days_in_campaign
FROM ops_lead_history WHERE email = $email ORDER BY 5, campaign_id
