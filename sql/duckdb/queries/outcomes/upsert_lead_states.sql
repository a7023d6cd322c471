CREATE TEMP TABLE stage_state (seq BIGINT, email VARCHAR, campaign_id VARCHAR, campaign_name VARCHAR,
    instantly_lead_id VARCHAR, status VARCHAR, status_code INTEGER, changed_at TIMESTAMP, retry_count INTEGER,
    api_response_time_ms BIGINT, reason VARCHAR)
