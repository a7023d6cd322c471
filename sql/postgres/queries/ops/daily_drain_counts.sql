, days AS (
    SELECT d::date AS day, d AT TIME ZONE 'UTC' AS day_start
    FROM generate_series(@from::date::timestamp, @to::date::timestamp - INTERVAL '1 day', INTERVAL '1 day') d
)
SELECT day,
       COUNT(leads.email) FILTER (WHERE leads.drained_at >= day_start AND leads.drained_at < day_start + INTERVAL '1 day') AS drained,
       COUNT(leads.email) FILTER (WHERE leads.added_at < day_start + INTERVAL '1 day' AND (leads.drained_at IS NULL OR leads.drained_at >= day_start)) AS inventory
FROM days LEFT JOIN leads ON TRUE
GROUP BY day ORDER BY day
