MERGE `${dataset}.ops_runs` T
USING (SELECT @run_id AS run_id, @kind AS kind, @started_at AS started_at, @finished_at AS finished_at,
              @succeeded AS succeeded, @summary AS summary_json) S
ON T.run_id = S.run_id
WHEN MATCHED THEN UPDATE SET kind = S.kind, started_at = S.started_at, finished_at = S.finished_at,
    succeeded = S.succeeded, summary_json = S.summary_json
WHEN NOT MATCHED THEN INSERT (run_id, kind, started_at, finished_at, succeeded, summary_json)
VALUES (S.run_id, S.kind, S.started_at, S.finished_at, S.succeeded, S.summary_json)
