CREATE OR REPLACE TEMP TABLE ready_snapshot AS
SELECT ${view_columns}, base_score + COALESCE(bh.bh_bonus, 0) AS score
FROM v_lead_eligibility LEFT JOIN (SELECT name AS bh_zone, CASE WHEN ISODOW(timezone(name, CAST($now AS TIMESTAMP) AT TIME ZONE 'UTC')) <= 5 AND HOUR(timezone(name, CAST($now AS TIMESTAMP) AT TIME ZONE 'UTC')) BETWEEN 9 AND 16 THEN 10 ELSE 0 END AS bh_bonus FROM (SELECT DISTINCT name FROM pg_timezone_names())) bh ON bh.bh_zone = v_lead_eligibility.timezone
WHERE static_reason IS NULL
  AND (verification_reason IS NULL OR NOT ${verification})
  AND (cooldown_until IS NULL OR cooldown_until <= $now)
  AND (retry_until IS NULL OR retry_until <= $now)
  AND ${filter}
ORDER BY score DESC, email
${limit}
