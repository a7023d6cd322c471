INSERT INTO suppression (email, reason, since)
SELECT email, reason, since
FROM (SELECT * FROM stage_sup QUALIFY ROW_NUMBER() OVER (PARTITION BY email ORDER BY since, seq) = 1)
ON CONFLICT (email) DO NOTHING
