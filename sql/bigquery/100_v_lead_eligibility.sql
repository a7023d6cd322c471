-- Every eligible_leads row, normalised and scored, with the reason it is excluded (NULL = ready).
-- Reasons that depend on the clock (cooldown, dead-letter retry, business hours) are exposed as columns
-- (cooldown_until, retry_until) so the adapter can apply them at an injected @now;
-- v_ready_for_instantly applies them at CURRENT_TIMESTAMP().
-- These rules mirror the domain's C# rules and sql/duckdb exactly; change all of them together.
-- TRIM strips ASCII whitespace (space, tab, LF, VT, FF, CR) as C#'s Trim() does for these addresses.
CREATE OR REPLACE VIEW `${dataset}.v_lead_eligibility` AS
WITH cfg AS (
    SELECT
        COALESCE(
            (SELECT SAFE_CAST(JSON_VALUE(value_json, '$.smb_revenue_threshold') AS NUMERIC)
               FROM `${dataset}.config` WHERE key = 'campaign_config'),
            1000000) AS smb_threshold,
        COALESCE(
            (SELECT SAFE_CAST(JSON_VALUE(value_json, '$.email_verification_enabled') AS BOOL)
               FROM `${dataset}.config` WHERE key = 'feature_flags'),
            FALSE) AS verification_enabled
),
src AS (
    SELECT
        l.email                                       AS raw_email,
        LOWER(TRIM(l.email, ' \t\n\v\f\r'))           AS email,
        l.merchant_name,
        l.platform_domain,
        l.domain,
        l.state,
        l.country_code,
        IF(l.estimated_sales_yearly < 0, NULL, l.estimated_sales_yearly) AS revenue,
        l.employee_count,
        l.product_count,
        l.avg_price,
        l.klaviyo_installed_at,
        l.timezone
    FROM `${dataset}.eligible_leads` l
),
ranked AS (
    SELECT
        s.*,
        ROW_NUMBER() OVER (
            PARTITION BY s.email
            ORDER BY s.revenue DESC NULLS LAST, s.merchant_name ASC NULLS LAST, s.raw_email, s.platform_domain
        ) AS dup_rank
    FROM src s
),
lead_state AS (
    SELECT email, status, COALESCE(campaign_name, campaign_id) AS campaign
    FROM `${dataset}.ops_inst_state`
    WHERE status IN ('active', 'engaged', 'skipped', 'quarantine')
    QUALIFY ROW_NUMBER() OVER (
        PARTITION BY email
        ORDER BY CASE status WHEN 'active' THEN 1 WHEN 'engaged' THEN 2 WHEN 'quarantine' THEN 3 ELSE 4 END,
                 updated_at DESC, campaign_id
    ) = 1
),
cooldown AS (
    SELECT email, TIMESTAMP_ADD(MAX(COALESCE(drain_timestamp, event_timestamp)), INTERVAL 90 DAY) AS cooldown_until
    FROM `${dataset}.ops_lead_history`
    WHERE drain_timestamp IS NOT NULL OR event_type IN ('drained', 'completed')
    GROUP BY email
),
dead AS (
    SELECT
        email,
        LOGICAL_OR(permanent) AS any_permanent,
        ARRAY_AGG(error_kind ORDER BY IF(permanent, 1, 0) DESC LIMIT 1)[OFFSET(0)] AS permanent_kind,
        MAX(IF(NOT permanent, next_retry_at, NULL)) AS retry_until
    FROM `${dataset}.ops_dead_letters`
    WHERE resolved_at IS NULL
    GROUP BY email
)
SELECT
    r.raw_email,
    r.email,
    r.merchant_name,
    r.platform_domain,
    r.domain,
    r.state,
    r.country_code,
    r.revenue AS estimated_sales_yearly,
    r.employee_count,
    r.product_count,
    r.avg_price,
    r.klaviyo_installed_at,
    r.timezone,
    IF(r.revenue IS NULL OR r.revenue < cfg.smb_threshold, 'SMB', 'Midsize') AS sequence_target,
    (CASE WHEN r.revenue > 5000000 THEN 40
          WHEN r.revenue > 1000000 THEN 30
          WHEN r.revenue > 500000 THEN 20
          ELSE 10 END
     + IF(r.klaviyo_installed_at IS NOT NULL, 15, 0)
     + IF(r.product_count > 1000, 10, 0)
     + IF(r.avg_price > 100, 5, 0)
     + CASE WHEN UPPER(TRIM(r.state, ' \t\n\v\f\r')) IN ('CA', 'NY', 'TX', 'FL') THEN 20
            WHEN UPPER(TRIM(r.country_code, ' \t\n\v\f\r')) = 'US' THEN 10
            WHEN UPPER(TRIM(r.country_code, ' \t\n\v\f\r')) IN ('GB', 'CA', 'AU') THEN 5
            ELSE 0 END) AS base_score,
    SAFE.DATETIME(CURRENT_TIMESTAMP(), r.timezone) IS NOT NULL AS tz_valid,
    r.dup_rank = 1 AS is_primary,
    CASE
        WHEN r.email IS NULL THEN 'email is missing'
        WHEN r.email = '' THEN 'email is empty'
        WHEN LENGTH(r.email) - LENGTH(REPLACE(r.email, '@', '')) <> 1 THEN 'email does not contain exactly one @'
        WHEN r.dup_rank > 1 THEN 'duplicate of a row with higher revenue'
        WHEN sup.email IS NOT NULL THEN CONCAT('suppressed: ', sup.reason)
        WHEN st.email IS NOT NULL THEN
            CASE st.status
                WHEN 'quarantine' THEN CONCAT('quarantined (', st.campaign, ')')
                WHEN 'skipped' THEN CONCAT('skipped by Instantly (', st.campaign, ')')
                ELSE CONCAT('already ', st.status, ' in Instantly (', st.campaign, ')')
            END
        WHEN d.any_permanent THEN CONCAT('permanent failure: ', d.permanent_kind)
        WHEN cfg.verification_enabled AND v.verification_status = 'invalid' THEN 'email verification failed (invalid)'
    END AS static_reason,
    c.cooldown_until,
    d.retry_until
FROM ranked r
CROSS JOIN cfg
LEFT JOIN `${dataset}.suppression` sup ON sup.email = r.email
LEFT JOIN lead_state st ON st.email = r.email
LEFT JOIN cooldown c ON c.email = r.email
LEFT JOIN dead d ON d.email = r.email
LEFT JOIN `${dataset}.ops_email_verification` v ON v.email = r.email;
