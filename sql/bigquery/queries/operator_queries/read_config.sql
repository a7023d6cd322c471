SELECT key, value_json, updated_at FROM `${dataset}.config` ORDER BY key
