-- The sync/drain lease: at most one process syncs or drains this warehouse (see sql/README.md, "ops_lease").
-- epoch is the fencing token: it grows with every change of holder and is never reset (releasing only ends the
-- expiry); every write of the holder checks it under a row lock in the write's own transaction.
CREATE TABLE IF NOT EXISTS ops_lease (
    name         TEXT PRIMARY KEY,
    epoch        BIGINT NOT NULL,
    holder_id    TEXT NOT NULL,
    holder_host  TEXT NOT NULL,
    holder_pid   INTEGER NOT NULL,
    acquired_at  TIMESTAMPTZ NOT NULL,
    renewed_at   TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL
);
