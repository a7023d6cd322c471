SELECT COUNT(*) FROM duckdb_tables() WHERE table_name = $t AND database_name = current_database() AND schema_name = 'main'
