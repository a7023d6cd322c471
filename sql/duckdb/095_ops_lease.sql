-- The sync/drain lease: at most one process syncs or drains this warehouse (see sql/README.md, "ops_lease").
-- epoch is the fencing token: it grows with every change of holder and is never reset (releasing only ends the
-- expiry), so a holder that paused past its expiry finds a newer epoch, or an expired row, and writes nothing.
CREATE TABLE IF NOT EXISTS ops_lease (
    name         VARCHAR PRIMARY KEY,
    epoch        BIGINT NOT NULL,
    holder_id    VARCHAR NOT NULL,
    holder_host  VARCHAR NOT NULL,
    holder_pid   INTEGER NOT NULL,
    acquired_at  TIMESTAMP NOT NULL,
    renewed_at   TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP NOT NULL
);
