-- Whole domains nobody at which is contacted again (e.g. a company whose person replied "stop").
-- domain is lower case without "@"; the view compares it with the part of the normalised email after "@".
CREATE TABLE IF NOT EXISTS suppression_domain (
    domain TEXT PRIMARY KEY,
    reason TEXT NOT NULL,
    since  TIMESTAMPTZ NOT NULL
);
