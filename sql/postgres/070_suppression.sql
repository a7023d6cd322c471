-- Permanent do-not-contact list (unsubscribes, genuine replies, hard bounces).
CREATE TABLE IF NOT EXISTS suppression (
    email  TEXT PRIMARY KEY,
    reason TEXT NOT NULL,
    since  TIMESTAMPTZ NOT NULL
);
