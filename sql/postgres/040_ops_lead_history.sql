-- Append-only lifecycle events; drains carry drain_reason, drain_timestamp and cooldown_until (the cooldown reads them).
CREATE TABLE IF NOT EXISTS ops_lead_history (
    email            TEXT NOT NULL,
    campaign_id      TEXT,
    lead_id          TEXT,
    event_type       TEXT,
    event_timestamp  TIMESTAMPTZ,
    event_details    TEXT,
    outcome          TEXT,
    outcome_reason   TEXT,
    emails_sent      INTEGER,
    emails_opened    INTEGER,
    links_clicked    INTEGER,
    replies_received INTEGER,
    drain_reason     TEXT,
    drain_timestamp  TIMESTAMPTZ,
    days_in_campaign INTEGER,
    reply_sentiment  DOUBLE PRECISION,
    reply_intent     TEXT
);

-- Warehouses created before cooldown_until existed gain it here (drains without it get 90 days).
ALTER TABLE ops_lead_history ADD COLUMN IF NOT EXISTS cooldown_until TIMESTAMPTZ;
