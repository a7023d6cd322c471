SELECT COALESCE(raw_email, ''), merchant_name, platform_domain, state, country_code, estimated_sales_yearly,
       employee_count, product_count, avg_price, klaviyo_installed_at, timezone,
       ${case} AS sequence_target,
       base_score + COALESCE(bh.bh_bonus, 0) AS score,
       COALESCE(static_reason, CASE WHEN ${verification} THEN verification_reason END, CASE WHEN cooldown_until > $now THEN 'cooldown until ' || strftime(cooldown_until, '%Y-%m-%d') END, CASE WHEN retry_until > $now THEN 'retry scheduled at ' || strftime(retry_until, '%Y-%m-%d %H:%M:%S') || ' UTC' END) AS reason,
       CASE WHEN cooldown_until > $now THEN cooldown_until END AS cooldown
FROM v_lead_eligibility LEFT JOIN (SELECT name AS bh_zone, CASE WHEN ISODOW(timezone(name, CAST($now AS TIMESTAMP) AT TIME ZONE 'UTC')) <= 5 AND HOUR(timezone(name, CAST($now AS TIMESTAMP) AT TIME ZONE 'UTC')) BETWEEN 9 AND 16 THEN 10 ELSE 0 END AS bh_bonus FROM (SELECT DISTINCT name FROM pg_timezone_names())) bh ON bh.bh_zone = v_lead_eligibility.timezone
ORDER BY score DESC, email NULLS LAST, raw_email NULLS LAST
LIMIT $limit
