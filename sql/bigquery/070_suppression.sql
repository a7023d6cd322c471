-- Permanent do-not-contact list (unsubscribes, genuine replies, hard bounces).
CREATE TABLE IF NOT EXISTS `${dataset}.suppression` (
    email  STRING NOT NULL,
    reason STRING NOT NULL,
    since  TIMESTAMP NOT NULL,
    PRIMARY KEY (email) NOT ENFORCED
)
CLUSTER BY email;
