, days AS (SELECT CAST(d AS TIMESTAMP) AS day FROM range(CAST($from AS TIMESTAMP), CAST($to AS TIMESTAMP), INTERVAL 1 DAY) t(d))
SELECT day,
       COUNT(leads.email) FILTER (WHERE leads.drained_at >= day AND leads.drained_at < day + INTERVAL 1 DAY) AS drained,
       COUNT(leads.email) FILTER (WHERE leads.added_at < day + INTERVAL 1 DAY AND (leads.drained_at IS NULL OR leads.drained_at >= day)) AS inventory
FROM days LEFT JOIN leads ON TRUE
GROUP BY day ORDER BY day
