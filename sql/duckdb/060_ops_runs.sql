-- One row per sync or drain run with its summary.
CREATE TABLE IF NOT EXISTS ops_runs (
    run_id       VARCHAR PRIMARY KEY,
    kind         VARCHAR NOT NULL,
    started_at   TIMESTAMP NOT NULL,
    finished_at  TIMESTAMP NOT NULL,
    succeeded    BOOLEAN NOT NULL,
    summary_json VARCHAR NOT NULL
);
