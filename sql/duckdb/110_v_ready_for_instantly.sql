-- Leads ready to be added to Instantly now, one row per normalised email, with segment and score.
-- The adapters apply the same predicates to v_lead_eligibility at an injected clock.
CREATE OR REPLACE VIEW v_ready_for_instantly AS
WITH now_utc AS (SELECT CAST(CURRENT_TIMESTAMP AT TIME ZONE 'UTC' AS TIMESTAMP) AS ts),
-- Business hours are computed once per zone, not once per lead: a few hundred ICU conversions instead of millions.
business_hours AS (
    SELECT z.name AS tz_name,
           CASE WHEN ISODOW(timezone(z.name, n.ts AT TIME ZONE 'UTC')) <= 5
                 AND HOUR(timezone(z.name, n.ts AT TIME ZONE 'UTC')) BETWEEN 9 AND 16
                THEN 10 ELSE 0 END AS bonus
    FROM (SELECT DISTINCT name FROM pg_timezone_names()) z CROSS JOIN now_utc n
)
SELECT
    e.email,
    e.merchant_name,
    e.platform_domain,
    e.domain,
    e.state,
    e.country_code,
    e.estimated_sales_yearly,
    e.employee_count,
    e.product_count,
    e.avg_price,
    e.klaviyo_installed_at,
    e.timezone,
    e.sequence_target,
    e.base_score + COALESCE(b.bonus, 0) AS lead_score
FROM v_lead_eligibility e
CROSS JOIN now_utc n
LEFT JOIN business_hours b ON b.tz_name = e.timezone
WHERE e.static_reason IS NULL
  AND (e.verification_reason IS NULL OR NOT e.verification_enabled)
  AND (e.cooldown_until IS NULL OR e.cooldown_until <= n.ts)
  AND (e.retry_until IS NULL OR e.retry_until <= n.ts);
