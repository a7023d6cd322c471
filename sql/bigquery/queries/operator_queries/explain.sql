SELECT COALESCE(raw_email, '') AS raw_email, merchant_name, platform_domain, state, country_code, estimated_sales_yearly,
       employee_count, product_count, avg_price, klaviyo_installed_at, timezone, ${target},
       base_score + IF(EXTRACT(DAYOFWEEK FROM SAFE.DATETIME(@now, timezone)) BETWEEN 2 AND 6 AND EXTRACT(HOUR FROM SAFE.DATETIME(@now, timezone)) BETWEEN 9 AND 16, 10, 0) AS score, COALESCE(static_reason, CASE WHEN ${verification} THEN verification_reason END, IF(cooldown_until > @now, CONCAT('cooldown until ', FORMAT_TIMESTAMP('%F', cooldown_until)), NULL), IF(retry_until > @now, CONCAT('retry scheduled at ', FORMAT_TIMESTAMP('%F %T', retry_until), ' UTC'), NULL)) AS reason
FROM `${dataset}.v_lead_eligibility` WHERE email = @email
ORDER BY is_primary DESC LIMIT 1
