SELECT COUNT(*) FROM duckdb_columns() WHERE table_name = $t AND column_name = $c AND database_name = current_database() AND schema_name = 'main'
