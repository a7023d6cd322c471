DROP TABLE IF EXISTS pg_temp.ready_snapshot
