-- Times are TIMESTAMPTZ (UTC instants); the adapter pins the session time zone to UTC.
-- Runtime overrides (feature_flags, processing_limits, campaign_config), one JSON document per key.
CREATE TABLE IF NOT EXISTS config (
    key        TEXT PRIMARY KEY,
    value_json TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
