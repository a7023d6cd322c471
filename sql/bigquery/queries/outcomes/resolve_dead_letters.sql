UPDATE `${dataset}.ops_dead_letters` SET resolved_at = @at, resolution = @resolution WHERE id IN UNNEST(@ids) AND resolved_at IS NULL
