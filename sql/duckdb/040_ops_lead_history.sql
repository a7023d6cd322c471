-- Append-only lifecycle events; drains carry drain_reason, drain_timestamp and cooldown_until (the cooldown reads them).
CREATE TABLE IF NOT EXISTS ops_lead_history (
    email            VARCHAR NOT NULL,
    campaign_id      VARCHAR,
    lead_id          VARCHAR,
    event_type       VARCHAR,
    event_timestamp  TIMESTAMP,
    event_details    VARCHAR,
    outcome          VARCHAR,
    outcome_reason   VARCHAR,
    emails_sent      INTEGER,
    emails_opened    INTEGER,
    links_clicked    INTEGER,
    replies_received INTEGER,
    drain_reason     VARCHAR,
    drain_timestamp  TIMESTAMP,
    days_in_campaign INTEGER,
    reply_sentiment  DOUBLE,
    reply_intent     VARCHAR
);

-- Warehouses created before cooldown_until existed gain it here (drains without it get 90 days).
ALTER TABLE ops_lead_history ADD COLUMN IF NOT EXISTS cooldown_until TIMESTAMP;
