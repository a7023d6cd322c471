-- Runtime overrides (feature_flags, processing_limits, campaign_config), one JSON document per key.
CREATE TABLE IF NOT EXISTS config (
    key        VARCHAR PRIMARY KEY,
    value_json VARCHAR NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
