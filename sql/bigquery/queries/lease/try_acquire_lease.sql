MERGE `${dataset}.ops_lease` T
USING (SELECT @name AS name) S
ON T.name = S.name
WHEN MATCHED AND (T.holder_id = @holder OR T.expires_at <= @now) THEN UPDATE SET
    epoch = IF(T.holder_id = @holder, T.epoch, T.epoch + 1),
    acquired_at = IF(T.holder_id = @holder, T.acquired_at, @now),
    holder_id = @holder, holder_host = @host, holder_pid = @pid, renewed_at = @now, expires_at = @expires
WHEN NOT MATCHED THEN INSERT (name, epoch, holder_id, holder_host, holder_pid, acquired_at, renewed_at, expires_at)
    VALUES (@name, 1, @holder, @host, @pid, @now, @now, @expires)
