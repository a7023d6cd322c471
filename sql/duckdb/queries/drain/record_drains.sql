CREATE TEMP TABLE stage_drain (seq BIGINT, email VARCHAR, campaign_id VARCHAR, lead_id VARCHAR,
    drain_reason VARCHAR, outcome VARCHAR, drained_at TIMESTAMP, days_in_campaign INTEGER,
    emails_sent INTEGER, emails_opened INTEGER, links_clicked INTEGER, replies_received INTEGER,
    suppression_reason VARCHAR, details VARCHAR, cooldown_until TIMESTAMP)
