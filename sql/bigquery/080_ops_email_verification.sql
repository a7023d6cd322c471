-- Latest Instantly email-verification result per email.
CREATE TABLE IF NOT EXISTS `${dataset}.ops_email_verification` (
    email               STRING NOT NULL,
    verification_status STRING NOT NULL,
    catch_all           STRING,
    credits_used        NUMERIC,
    verified_at         TIMESTAMP NOT NULL,
    PRIMARY KEY (email) NOT ENFORCED
)
CLUSTER BY email;
