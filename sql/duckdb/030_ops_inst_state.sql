-- Current state of each lead per campaign in Instantly; one row per (email, campaign_id).
CREATE TABLE IF NOT EXISTS ops_inst_state (
    email                VARCHAR NOT NULL,
    campaign_id          VARCHAR NOT NULL,
    campaign_name        VARCHAR,
    instantly_lead_id    VARCHAR,
    status               VARCHAR,
    status_code          INTEGER,
    created_at           TIMESTAMP NOT NULL,
    updated_at           TIMESTAMP NOT NULL,
    last_drain_check     TIMESTAMP,
    needs_drain_check    BOOLEAN DEFAULT TRUE,
    drain_check_priority INTEGER,
    api_response_time_ms BIGINT,
    retry_count          INTEGER DEFAULT 0,
    reason               VARCHAR,
    PRIMARY KEY (email, campaign_id)
);
