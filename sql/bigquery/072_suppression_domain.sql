-- Whole domains nobody at which is contacted again (e.g. a company whose person replied "stop").
-- domain is lower case without "@"; the view compares it with the part of the normalised email after "@".
CREATE TABLE IF NOT EXISTS `${dataset}.suppression_domain` (
    domain STRING NOT NULL,
    reason STRING NOT NULL,
    since  TIMESTAMP NOT NULL,
    PRIMARY KEY (domain) NOT ENFORCED
);
