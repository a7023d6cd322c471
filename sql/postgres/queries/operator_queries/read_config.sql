SELECT key, value_json, updated_at FROM config ORDER BY key COLLATE "C"
