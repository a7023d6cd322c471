UPDATE ops_lease SET epoch = $epoch, holder_id = $id, holder_host = $host, holder_pid = $pid, acquired_at = $acquired, renewed_at = $renewed, expires_at = $expires WHERE name = $name
