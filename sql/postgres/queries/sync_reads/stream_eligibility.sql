SELECT COALESCE(raw_email, ''), merchant_name, platform_domain, state, country_code, estimated_sales_yearly,
       employee_count, product_count, avg_price, klaviyo_installed_at, timezone,
       ${case} AS sequence_target,
       base_score + CASE WHEN tz_valid THEN CASE WHEN EXTRACT(ISODOW FROM @now::timestamptz AT TIME ZONE timezone) <= 5 AND EXTRACT(HOUR FROM @now::timestamptz AT TIME ZONE timezone) BETWEEN 9 AND 16 THEN 10 ELSE 0 END ELSE 0 END AS score,
       COALESCE(static_reason, CASE WHEN ${verification} THEN verification_reason END, CASE WHEN cooldown_until > @now::timestamptz THEN 'cooldown until ' || to_char(cooldown_until AT TIME ZONE 'UTC', 'YYYY-MM-DD') END, CASE WHEN retry_until > @now::timestamptz THEN 'retry scheduled at ' || to_char(retry_until AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') || ' UTC' END) AS reason,
       CASE WHEN cooldown_until > @now::timestamptz THEN cooldown_until END AS cooldown
FROM v_lead_eligibility
ORDER BY score DESC, email COLLATE "C" NULLS LAST, raw_email COLLATE "C" NULLS LAST
LIMIT @limit
