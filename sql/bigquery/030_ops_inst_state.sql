-- Current state of each lead per campaign in Instantly; one row per (email, campaign_id).
-- Clustered by campaign and status: the view's "active" look-ups and drain selection prune blocks.
CREATE TABLE IF NOT EXISTS `${dataset}.ops_inst_state` (
    email                STRING NOT NULL,
    campaign_id          STRING NOT NULL,
    campaign_name        STRING,
    instantly_lead_id    STRING,
    status               STRING,
    status_code          INT64,
    created_at           TIMESTAMP NOT NULL,
    updated_at           TIMESTAMP NOT NULL,
    last_drain_check     TIMESTAMP,
    needs_drain_check    BOOL DEFAULT TRUE,
    drain_check_priority INT64,
    api_response_time_ms INT64,
    retry_count          INT64 DEFAULT 0,
    reason               STRING,
    PRIMARY KEY (email, campaign_id) NOT ENFORCED
)
CLUSTER BY campaign_id, status;
