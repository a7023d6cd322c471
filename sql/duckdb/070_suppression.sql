-- Permanent do-not-contact list (unsubscribes, genuine replies, hard bounces).
CREATE TABLE IF NOT EXISTS suppression (
    email  VARCHAR PRIMARY KEY,
    reason VARCHAR NOT NULL,
    since  TIMESTAMP NOT NULL
);
