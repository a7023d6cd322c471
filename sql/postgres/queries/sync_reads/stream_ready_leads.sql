DROP TABLE IF EXISTS pg_temp.ready_snapshot;
CREATE TEMP TABLE ready_snapshot AS
SELECT ROW_NUMBER() OVER (ORDER BY score DESC, email COLLATE "C") AS rn, x.*
FROM (
    SELECT ${view_columns}, base_score + CASE WHEN tz_valid THEN CASE WHEN EXTRACT(ISODOW FROM @now::timestamptz AT TIME ZONE timezone) <= 5 AND EXTRACT(HOUR FROM @now::timestamptz AT TIME ZONE timezone) BETWEEN 9 AND 16 THEN 10 ELSE 0 END ELSE 0 END AS score
    FROM v_lead_eligibility
    WHERE static_reason IS NULL
      AND (verification_reason IS NULL OR NOT ${verification})
      AND (cooldown_until IS NULL OR cooldown_until <= @now::timestamptz)
      AND (retry_until IS NULL OR retry_until <= @now::timestamptz)
      AND ${read_filter}
    ORDER BY score DESC, email COLLATE "C"
    LIMIT @limit::bigint
) x;
CREATE INDEX ON ready_snapshot (rn);
