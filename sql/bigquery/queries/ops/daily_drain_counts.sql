, days AS (SELECT day FROM UNNEST(GENERATE_DATE_ARRAY(@from, DATE_SUB(@to, INTERVAL 1 DAY))) AS day)
SELECT day,
       COUNTIF(DATE(leads.drained_at) = day) AS drained,
       COUNTIF(DATE(leads.added_at) <= day AND (leads.drained_at IS NULL OR DATE(leads.drained_at) >= day)) AS inventory
FROM days LEFT JOIN leads ON TRUE
GROUP BY day ORDER BY day
