-- What an erasure (coldemail forget) keeps: only the SHA-256 (lower-case hex) of the normalised email, so a later
-- import of the same address is excluded without the address itself being stored.
CREATE TABLE IF NOT EXISTS `${dataset}.suppression_hashed` (
    email_sha256 STRING NOT NULL,
    reason       STRING NOT NULL,
    since        TIMESTAMP NOT NULL,
    PRIMARY KEY (email_sha256) NOT ENFORCED
);
