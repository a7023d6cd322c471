-- One row per sync or drain run with its summary.
CREATE TABLE IF NOT EXISTS ops_runs (
    run_id       TEXT PRIMARY KEY,
    kind         TEXT NOT NULL,
    started_at   TIMESTAMPTZ NOT NULL,
    finished_at  TIMESTAMPTZ NOT NULL,
    succeeded    BOOLEAN NOT NULL,
    summary_json TEXT NOT NULL
);
