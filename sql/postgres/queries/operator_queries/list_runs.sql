SELECT run_id, kind, started_at, finished_at, succeeded, summary_json FROM ops_runs ORDER BY started_at DESC, run_id COLLATE "C" LIMIT @limit
