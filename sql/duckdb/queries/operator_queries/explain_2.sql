SELECT email, campaign_id, campaign_name, status, instantly_lead_id, status_code, reason, updated_at,
       retry_count, api_response_time_ms
FROM ops_inst_state WHERE email = $email ORDER BY updated_at, campaign_id
