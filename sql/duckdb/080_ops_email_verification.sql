-- Latest Instantly email-verification result per email.
CREATE TABLE IF NOT EXISTS ops_email_verification (
    email               VARCHAR PRIMARY KEY,
    verification_status VARCHAR NOT NULL,
    catch_all           VARCHAR,
    credits_used        DECIMAL(9,4),
    verified_at         TIMESTAMP NOT NULL
);
