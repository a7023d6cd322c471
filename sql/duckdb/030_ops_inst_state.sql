-- Current state of each lead per campaign in Instantly; one row per (email, campaign_id).
-- The row is keyed by a 128-bit hash of (email, campaign_id), not by the two strings: DuckDB keeps a primary key's
-- ART index in its memory budget, and an index over ~60-byte string keys took ~200 bytes a lead, so 1.2 million
-- enrolled leads filled a 256 MB budget and the sync's state writes failed to commit. A 16-byte key costs a
-- fraction of that. inst_state_key is the one definition of the key; every writer goes through it.
CREATE OR REPLACE MACRO inst_state_key(email, campaign_id) AS md5_number(email || chr(10) || campaign_id);

CREATE TABLE IF NOT EXISTS ops_inst_state (
    state_key            UHUGEINT NOT NULL PRIMARY KEY,
    email                VARCHAR NOT NULL,
    campaign_id          VARCHAR NOT NULL,
    campaign_name        VARCHAR,
    instantly_lead_id    VARCHAR,
    status               VARCHAR,
    status_code          INTEGER,
    created_at           TIMESTAMP NOT NULL,
    updated_at           TIMESTAMP NOT NULL,
    last_drain_check     TIMESTAMP,
    needs_drain_check    BOOLEAN DEFAULT TRUE,
    drain_check_priority INTEGER,
    api_response_time_ms BIGINT,
    retry_count          INTEGER DEFAULT 0,
    reason               VARCHAR
);
