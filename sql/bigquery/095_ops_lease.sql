-- The sync/drain lease: at most one process syncs or drains this warehouse (see sql/README.md, "ops_lease").
-- epoch is the fencing token: it grows with every change of holder and is never reset (releasing only ends the
-- expiry). BigQuery serialises DML on one table, so a takeover is one conditional UPDATE read back afterwards.
CREATE TABLE IF NOT EXISTS `${dataset}.ops_lease` (
    name         STRING NOT NULL,
    epoch        INT64 NOT NULL,
    holder_id    STRING NOT NULL,
    holder_host  STRING NOT NULL,
    holder_pid   INT64 NOT NULL,
    acquired_at  TIMESTAMP NOT NULL,
    renewed_at   TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (name) NOT ENFORCED
);
