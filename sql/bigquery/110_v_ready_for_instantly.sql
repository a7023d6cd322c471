-- Leads ready to be added to Instantly now, one row per normalised email, with segment and score.
-- The adapter applies the same predicates to v_lead_eligibility at an injected @now.
-- An unknown timezone makes SAFE.DATETIME return NULL: no business-hours bonus, never an error.
CREATE OR REPLACE VIEW `${dataset}.v_ready_for_instantly` AS
WITH n AS (SELECT CURRENT_TIMESTAMP() AS ts)
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
      + IF(EXTRACT(DAYOFWEEK FROM SAFE.DATETIME(n.ts, e.timezone)) BETWEEN 2 AND 6
           AND EXTRACT(HOUR FROM SAFE.DATETIME(n.ts, e.timezone)) BETWEEN 9 AND 16, 10, 0) AS lead_score
FROM `${dataset}.v_lead_eligibility` e
CROSS JOIN n
WHERE e.static_reason IS NULL
  AND (e.verification_reason IS NULL OR NOT e.verification_enabled)
  AND (e.cooldown_until IS NULL OR e.cooldown_until <= n.ts)
  AND (e.retry_until IS NULL OR e.retry_until <= n.ts);
