INSERT INTO config (key, value_json, updated_at) VALUES ($key, $value, $at)
ON CONFLICT (key) DO UPDATE SET value_json = EXCLUDED.value_json, updated_at = EXCLUDED.updated_at
