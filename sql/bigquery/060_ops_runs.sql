-- One row per sync or drain run with its summary.
CREATE TABLE IF NOT EXISTS `${dataset}.ops_runs` (
    run_id       STRING NOT NULL,
    kind         STRING NOT NULL,
    started_at   TIMESTAMP NOT NULL,
    finished_at  TIMESTAMP NOT NULL,
    succeeded    BOOL NOT NULL,
    summary_json STRING NOT NULL,
    PRIMARY KEY (run_id) NOT ENFORCED
)
PARTITION BY DATE(started_at);
