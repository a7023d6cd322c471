UPDATE ops_dead_letters SET resolved_at = @at, resolution = @resolution
WHERE id = ANY(@ids) AND resolved_at IS NULL
