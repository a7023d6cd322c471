-- Leads ready to be added to Instantly now, one row per normalised email, with segment and score.
-- The adapter applies the same predicates to v_lead_eligibility at an injected clock.
-- Business hours: AT TIME ZONE only ever sees a zone v_lead_eligibility found in pg_timezone_names (an unknown
-- zone would raise an error); CASE, unlike AND, guarantees the guard is evaluated first. Zone look-ups are cached
-- by the server, so converting per lead is cheap.
CREATE OR REPLACE VIEW v_ready_for_instantly AS
WITH now_utc AS (SELECT CURRENT_TIMESTAMP AS ts)
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
      + CASE WHEN e.tz_valid THEN
            CASE WHEN EXTRACT(ISODOW FROM n.ts AT TIME ZONE e.timezone) <= 5
                  AND EXTRACT(HOUR FROM n.ts AT TIME ZONE e.timezone) BETWEEN 9 AND 16
                 THEN 10 ELSE 0 END
        ELSE 0 END AS lead_score
FROM v_lead_eligibility e
CROSS JOIN now_utc n
WHERE e.static_reason IS NULL
  AND (e.verification_reason IS NULL OR NOT e.verification_enabled)
  AND (e.cooldown_until IS NULL OR e.cooldown_until <= n.ts)
  AND (e.retry_until IS NULL OR e.retry_until <= n.ts);
