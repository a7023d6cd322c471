INSERT INTO suppression (email, reason, since)
SELECT DISTINCT ON (email) email, suppression_reason, drained_at
FROM stage_drain WHERE suppression_reason IS NOT NULL
ORDER BY email, drained_at, seq
ON CONFLICT (email) DO NOTHING
