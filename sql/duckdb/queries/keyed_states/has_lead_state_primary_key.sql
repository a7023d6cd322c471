SELECT COUNT(*) FROM duckdb_constraints()
WHERE table_name = 'ops_inst_state' AND constraint_type = 'PRIMARY KEY'
  AND database_name = current_database() AND schema_name = 'main'
