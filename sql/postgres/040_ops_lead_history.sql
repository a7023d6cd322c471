-- Append-only lifecycle events; drains carry drain_reason and drain_timestamp (the cooldown reads them).
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
