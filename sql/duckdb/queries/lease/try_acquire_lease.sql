INSERT INTO ops_lease (name, epoch, holder_id, holder_host, holder_pid, acquired_at, renewed_at, expires_at) VALUES ($name, 0, '', '', 0, $t0, $t0, $t0) ON CONFLICT DO NOTHING
