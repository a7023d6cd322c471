-- Leads ready to be added to Instantly now, one row per normalised email, with segment and score.
-- The adapters apply the same predicates to v_lead_eligibility at an injected clock.
CREATE OR REPLACE VIEW v_ready_for_instantly AS
WITH now_utc AS (SELECT CAST(CURRENT_TIMESTAMP AT TIME ZONE 'UTC' AS TIMESTAMP) AS ts)
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
    e.base_score
      + CASE WHEN e.tz_valid
              AND ISODOW(timezone(CASE WHEN e.tz_valid THEN e.timezone ELSE 'UTC' END, n.ts AT TIME ZONE 'UTC')) <= 5
              AND HOUR(timezone(CASE WHEN e.tz_valid THEN e.timezone ELSE 'UTC' END, n.ts AT TIME ZONE 'UTC')) BETWEEN 9 AND 16
             THEN 10 ELSE 0 END AS lead_score
FROM v_lead_eligibility e
CROSS JOIN now_utc n
WHERE e.static_reason IS NULL
  AND (e.cooldown_until IS NULL OR e.cooldown_until <= n.ts)
  AND (e.retry_until IS NULL OR e.retry_until <= n.ts);
