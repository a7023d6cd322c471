-- Every eligible_leads row, normalised and scored, with the reason it is excluded (NULL = ready).
-- Reasons that depend on the clock (cooldown, dead-letter retry, business hours) are exposed as columns
-- (cooldown_until, retry_until) so the adapter can apply them at an injected @now;
-- v_ready_for_instantly applies them at CURRENT_TIMESTAMP().
-- The rule that depends on a live setting (verification) is a column too (verification_reason), applied by the
-- daemon's reads with the effective coldemail.feature-flags.email-verification-enabled, by v_ready_for_instantly with cfg's.
-- These rules mirror the domain's C# rules and sql/duckdb exactly; change all of them together.
-- The email is normalised as ColdEmail.Domain.Leads.EmailIdentity does it: TRIM Unicode white space and zero-width
-- characters from both ends; an address still containing white space or a control character (the regex class), or any
-- non-ASCII character (byte length <> character length), is excluded; only ASCII addresses are lower-cased, as in
-- every other dialect. A test compares these character sets with C#'s, character by character.
CREATE OR REPLACE VIEW `${dataset}.v_lead_eligibility` AS
WITH cfg AS (
    -- The verification flag as a person reading v_ready_for_instantly expects it: the config table's feature_flags
    -- row over the configuration file's coldemail.feature-flags.email-verification-enabled, which the adapter renders
    -- between the markers when it creates the view (as written: the shipped default, on). The daemon's reads do not
    -- use it: they apply verification_reason with the effective setting they run with, so they never depend on when
    -- or by whom the view was created.
    SELECT
        COALESCE(
            (SELECT SAFE_CAST(JSON_VALUE(value_json, '$.email_verification_enabled') AS BOOL)
               FROM `${dataset}.config` WHERE key = 'feature_flags'),
            /*verification*/TRUE/*end verification*/) AS verification_enabled
),
trimmed AS (
    SELECT l.*, TRIM(l.email, '\u0009\u000A\u000B\u000C\u000D\u0020\u0085\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u200B\u200C\u200D\u2028\u2029\u202F\u205F\u2060\u3000\uFEFF') AS trimmed_email
    FROM `${dataset}.eligible_leads` l
),
src AS (
    SELECT
        l.email                                       AS raw_email,
        IF(BYTE_LENGTH(l.trimmed_email) = CHAR_LENGTH(l.trimmed_email), LOWER(l.trimmed_email), l.trimmed_email) AS email,
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
        l.timezone,
        UPPER(TRIM(l.state, ' \t\n\v\f\r'))        AS state_code,
        UPPER(TRIM(l.country_code, ' \t\n\v\f\r')) AS country
    FROM trimmed l
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
    -- A drain records when its cooldown ends (coldemail.limits.cooldown-days); older rows get the 90-day default.
    SELECT email, MAX(COALESCE(cooldown_until, TIMESTAMP_ADD(COALESCE(drain_timestamp, event_timestamp), INTERVAL 90 DAY))) AS cooldown_until
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
    r.country AS region_country,
    r.state_code AS region_state,
    -- The campaign (coldemail.campaigns: revenue range, unknown revenue, countries, states), rendered between the
    -- markers from the configuration when the daemon creates this view (RoutingSql); as written here it routes like
    -- the default configuration (smb below 1,000,000 and unknown revenue, midsize from it).
    /*routing*/CASE WHEN (r.revenue >= 1000000) THEN 'midsize' WHEN (r.revenue < 1000000 OR r.revenue IS NULL) THEN 'smb' END/*end routing*/ AS sequence_target,
    (CASE WHEN r.revenue > 5000000 THEN 40
          WHEN r.revenue > 1000000 THEN 30
          WHEN r.revenue > 500000 THEN 20
          ELSE 10 END
     + IF(r.klaviyo_installed_at IS NOT NULL, 15, 0)
     + IF(r.product_count > 1000, 10, 0)
     + IF(r.avg_price > 100, 5, 0)
     + CASE WHEN r.state_code IN ('CA', 'NY', 'TX', 'FL') THEN 20
            WHEN r.country = 'US' THEN 10
            WHEN r.country IN ('GB', 'CA', 'AU') THEN 5
            ELSE 0 END) AS base_score,
    SAFE.DATETIME(CURRENT_TIMESTAMP(), r.timezone) IS NOT NULL AS tz_valid,
    r.dup_rank = 1 AS is_primary,
    CASE
        WHEN r.email IS NULL THEN 'email is missing'
        WHEN r.email = '' THEN 'email is empty'
        WHEN REGEXP_CONTAINS(r.email, r'[\x{0}-\x{20}\x{7F}-\x{9F}\x{A0}\x{1680}\x{2000}-\x{200D}\x{2028}\x{2029}\x{202F}\x{205F}\x{2060}\x{3000}\x{FEFF}]') THEN 'email contains white space or control characters'
        WHEN BYTE_LENGTH(r.email) <> CHAR_LENGTH(r.email) THEN 'email contains non-ASCII characters'
        WHEN LENGTH(r.email) - LENGTH(REPLACE(r.email, '@', '')) <> 1 THEN 'email does not contain exactly one @'
        WHEN r.dup_rank > 1 THEN 'duplicate of a row with higher revenue'
        WHEN sup.email IS NOT NULL THEN CONCAT('suppressed: ', sup.reason)
        WHEN era.email_sha256 IS NOT NULL THEN 'erased'
        WHEN dom.domain IS NOT NULL THEN CONCAT('suppressed domain ', dom.domain, ': ', dom.reason)
        WHEN st.email IS NOT NULL THEN
            CASE st.status
                WHEN 'quarantine' THEN CONCAT('quarantined (', st.campaign, ')')
                WHEN 'skipped' THEN CONCAT('skipped by Instantly (', st.campaign, ')')
                ELSE CONCAT('already ', st.status, ' in Instantly (', st.campaign, ')')
            END
        WHEN d.any_permanent THEN CONCAT('permanent failure: ', d.permanent_kind)
    END AS static_reason,
    c.cooldown_until,
    d.retry_until,
    -- The one rule that depends on a live setting (coldemail.feature-flags.email-verification-enabled): it excludes the
    -- row only while verification is on, after every static rule and before the clock's; readers apply it with their
    -- flag. Last, because PostgreSQL may only add columns at the end when it replaces an existing view.
    CASE WHEN v.verification_status = 'invalid' THEN 'email verification failed (invalid)' END AS verification_reason,
    cfg.verification_enabled
FROM ranked r
CROSS JOIN cfg
LEFT JOIN `${dataset}.suppression` sup ON sup.email = r.email
-- An erased address is known only by its hash (sha256 of the normalised address, lower-case hex).
LEFT JOIN `${dataset}.suppression_hashed` era ON era.email_sha256 = TO_HEX(SHA256(r.email))
LEFT JOIN `${dataset}.suppression_domain` dom ON dom.domain = SPLIT(r.email, '@')[SAFE_OFFSET(1)]
LEFT JOIN lead_state st ON st.email = r.email
LEFT JOIN cooldown c ON c.email = r.email
LEFT JOIN dead d ON d.email = r.email
LEFT JOIN `${dataset}.ops_email_verification` v ON v.email = r.email;
