UPDATE ops_dead_letters SET resolved_at = $at, resolution = $resolution
WHERE id IN (SELECT id FROM stage_ids) AND resolved_at IS NULL
