-- Latest Instantly email-verification result per email.
CREATE TABLE IF NOT EXISTS ops_email_verification (
    email               TEXT PRIMARY KEY,
    verification_status TEXT NOT NULL,
    catch_all           TEXT,
    credits_used        NUMERIC(9,4),
    verified_at         TIMESTAMPTZ NOT NULL
);
