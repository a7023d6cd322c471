SELECT name, epoch, holder_id, holder_host, holder_pid, acquired_at, renewed_at, expires_at FROM ops_lease WHERE name = $name
