CREATE TEMP TABLE stage_keys (email VARCHAR, campaign_id VARCHAR)
