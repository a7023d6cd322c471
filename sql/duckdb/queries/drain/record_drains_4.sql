INSERT INTO suppression (email, reason, since)
SELECT email, suppression_reason, drained_at
FROM (SELECT * FROM stage_drain WHERE suppression_reason IS NOT NULL
      QUALIFY ROW_NUMBER() OVER (PARTITION BY email ORDER BY drained_at, seq) = 1)
ON CONFLICT (email) DO NOTHING
