-- What an erasure (coldemail forget) keeps: only the SHA-256 (lower-case hex) of the normalised email, so a later
-- import of the same address is excluded without the address itself being stored.
CREATE TABLE IF NOT EXISTS suppression_hashed (
    email_sha256 TEXT PRIMARY KEY,
    reason       TEXT NOT NULL,
    since        TIMESTAMPTZ NOT NULL
);
