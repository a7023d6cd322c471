-- One row per campaign and day: Instantly's campaign analytics as last captured that day. Written with
-- MERGE on (date, campaign_id), never with streaming inserts, so a later capture the same day can replace it.
CREATE TABLE IF NOT EXISTS `${dataset}.ops_campaign_performance` (
    date              DATE NOT NULL,
    campaign_id       STRING NOT NULL,
    campaign_name     STRING,
    leads_count       INT64 NOT NULL,
    contacted         INT64 NOT NULL,
    emails_sent       INT64 NOT NULL,
    opens             INT64 NOT NULL,
    replies           INT64 NOT NULL,
    replies_automatic INT64 NOT NULL,
    clicks            INT64 NOT NULL,
    bounced           INT64 NOT NULL,
    unsubscribed      INT64 NOT NULL,
    completed         INT64 NOT NULL,
    captured_at       TIMESTAMP NOT NULL,
    PRIMARY KEY (date, campaign_id) NOT ENFORCED
)
PARTITION BY date
CLUSTER BY campaign_id;
