-- Append-only lifecycle events, partitioned by event day (reports and the 90-day cooldown scan recent
-- partitions only) and clustered by email (explain, cooldown joins).
CREATE TABLE IF NOT EXISTS `${dataset}.ops_lead_history` (
    email            STRING NOT NULL,
    campaign_id      STRING,
    lead_id          STRING,
    event_type       STRING,
    event_timestamp  TIMESTAMP,
    event_details    JSON,
    outcome          STRING,
    outcome_reason   STRING,
    emails_sent      INT64,
    emails_opened    INT64,
    links_clicked    INT64,
    replies_received INT64,
    drain_reason     STRING,
    drain_timestamp  TIMESTAMP,
    days_in_campaign INT64,
    reply_sentiment  FLOAT64,
    reply_intent     STRING
    -- The seed's key (email, campaign_id, event_timestamp) is not declared: campaign_id may be NULL and
    -- BigQuery does not enforce keys anyway; the adapter's MERGE keeps drains unique.
)
PARTITION BY DATE(event_timestamp)
CLUSTER BY email, campaign_id;

-- Warehouses created before cooldown_until existed gain it here (drains without it get 90 days).
ALTER TABLE `${dataset}.ops_lead_history` ADD COLUMN IF NOT EXISTS cooldown_until TIMESTAMP;
