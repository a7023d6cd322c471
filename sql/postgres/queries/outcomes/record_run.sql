INSERT INTO ops_runs (run_id, kind, started_at, finished_at, succeeded, summary_json)
VALUES (@id, @kind, @started, @finished, @ok, @summary)
ON CONFLICT (run_id) DO UPDATE SET kind = EXCLUDED.kind, started_at = EXCLUDED.started_at,
    finished_at = EXCLUDED.finished_at, succeeded = EXCLUDED.succeeded, summary_json = EXCLUDED.summary_json
