CREATE TEMP TABLE stage_perf (seq BIGINT, date TIMESTAMP, campaign_id VARCHAR, campaign_name VARCHAR, leads_count INTEGER,
    contacted INTEGER, emails_sent INTEGER, opens INTEGER, replies INTEGER, replies_automatic INTEGER, clicks INTEGER,
    bounced INTEGER, unsubscribed INTEGER, completed INTEGER, captured_at TIMESTAMP)
