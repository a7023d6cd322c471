-- Current state of each lead per campaign in Instantly; one row per (email, campaign_id).
-- The row is keyed by a 128-bit hash of (email, campaign_id); inst_state_key is the one definition of the key and
-- every writer goes through it. The key is NOT declared as a primary key: DuckDB keeps a primary key's ART index in
-- its memory budget and cannot evict it (about 55 bytes a lead, 80 MB at 1.44 million), which kept the sync's
-- memory-limit at 256MB. One row per key rests, as in BigQuery (no primary keys), on the writers: every write is a
-- MERGE on state_key from a source with one row per key, and writes are serial (one writing process holds the file
-- and the warehouse lease; inside it the adapter's write lock). A file whose table still has the primary key is
-- rebuilt without it when it is opened (DuckDbLeadWarehouse.UnindexedStates).
CREATE OR REPLACE MACRO inst_state_key(email, campaign_id) AS md5_number(email || chr(10) || campaign_id);

CREATE TABLE IF NOT EXISTS ops_inst_state (
    state_key            UHUGEINT NOT NULL,
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
