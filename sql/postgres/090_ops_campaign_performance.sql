-- One row per campaign and day: Instantly's campaign analytics as last captured that day (a later capture
-- the same day replaces the earlier one). Counters are cumulative over the campaign's life, as Instantly gives them.
CREATE TABLE IF NOT EXISTS ops_campaign_performance (
    date              DATE NOT NULL,
    campaign_id       TEXT NOT NULL,
    campaign_name     TEXT,
    leads_count       INTEGER NOT NULL,
    contacted         INTEGER NOT NULL,
    emails_sent       INTEGER NOT NULL,
    opens             INTEGER NOT NULL,
    replies           INTEGER NOT NULL,
    replies_automatic INTEGER NOT NULL,
    clicks            INTEGER NOT NULL,
    bounced           INTEGER NOT NULL,
    unsubscribed      INTEGER NOT NULL,
    completed         INTEGER NOT NULL,
    captured_at       TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (date, campaign_id)
);
