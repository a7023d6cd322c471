-- Runtime overrides (feature_flags, processing_limits, campaign_config), one JSON document per key.
CREATE TABLE IF NOT EXISTS `${dataset}.config` (
    key        STRING NOT NULL,
    value_json STRING NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (key) NOT ENFORCED
);
