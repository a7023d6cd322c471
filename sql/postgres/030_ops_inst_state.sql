-- Current state of each lead per campaign in Instantly; one row per (email, campaign_id).
CREATE TABLE IF NOT EXISTS ops_inst_state (
    email                TEXT NOT NULL,
    campaign_id          TEXT NOT NULL,
    campaign_name        TEXT,
    instantly_lead_id    TEXT,
    status               TEXT,
    status_code          INTEGER,
    created_at           TIMESTAMPTZ NOT NULL,
    updated_at           TIMESTAMPTZ NOT NULL,
    last_drain_check     TIMESTAMPTZ,
    needs_drain_check    BOOLEAN DEFAULT TRUE,
    drain_check_priority INTEGER,
    api_response_time_ms BIGINT,
    retry_count          INTEGER DEFAULT 0,
    reason               TEXT,
    PRIMARY KEY (email, campaign_id)
);
