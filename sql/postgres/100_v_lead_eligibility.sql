-- Every eligible_leads row, normalised and scored, with the reason it is excluded (NULL = ready).
-- Reasons that depend on the clock (cooldown, dead-letter retry, business hours) are exposed as columns
-- (cooldown_until, retry_until, tz_valid) so callers can apply them at an injected "now";
-- v_ready_for_instantly applies them at CURRENT_TIMESTAMP.
-- The rule that depends on a live setting (verification) is a column too (verification_reason), applied by the
-- daemon's reads with the effective coldemail.feature-flags.email-verification-enabled, by v_ready_for_instantly with cfg's.
-- The same rules as sql/duckdb/100_v_lead_eligibility.sql and the domain's C# rules; change all together.
-- The email is normalised as ColdEmail.Domain.Leads.EmailIdentity does it: btrim Unicode white space and zero-width
-- characters from both ends; an address still containing white space or a control character (the regex class), or any
-- non-ASCII character (octet length <> character length), is excluded; only ASCII addresses are lower-cased (LOWER of
-- non-ASCII follows the database's locale, so it would differ from the other engines; such addresses keep their case).
-- PostgreSQL has no TRY_CAST: config values that do not parse fall back to the defaults instead of failing the view.
CREATE OR REPLACE VIEW v_lead_eligibility AS
WITH cfg AS (
    -- The verification flag as a person reading v_ready_for_instantly expects it: the config table's feature_flags
    -- row over the configuration file's coldemail.feature-flags.email-verification-enabled, which the adapter renders
    -- between the markers when it creates the view (as written: the shipped default, on). The daemon's reads do not
    -- use it: they apply verification_reason with the effective setting they run with, so they never depend on when
    -- or by whom the view was created.
    SELECT
        COALESCE(
            (SELECT CASE lower(btrim(value_json::jsonb ->> 'email_verification_enabled'))
                         WHEN 'true' THEN TRUE WHEN 'false' THEN FALSE END
               FROM config WHERE key = 'feature_flags'),
            /*verification*/TRUE/*end verification*/) AS verification_enabled
),
trimmed AS (
    SELECT l.*, btrim(l.email, E'\u0009\u000A\u000B\u000C\u000D\u0020\u0085\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u200B\u200C\u200D\u2028\u2029\u202F\u205F\u2060\u3000\uFEFF') AS trimmed_email
    FROM eligible_leads l
),
src AS (
    SELECT
        l.email                                                      AS raw_email,
        CASE WHEN octet_length(l.trimmed_email) = char_length(l.trimmed_email) THEN LOWER(l.trimmed_email COLLATE "C")
             ELSE l.trimmed_email END                                AS email,
        l.merchant_name,
        l.platform_domain,
        l.domain,
        l.state,
        l.country_code,
        CASE WHEN l.estimated_sales_yearly < 0 THEN NULL ELSE l.estimated_sales_yearly END AS revenue,
        l.employee_count,
        l.product_count,
        l.avg_price,
        l.klaviyo_installed_at,
        l.timezone,
        UPPER(btrim(l.state, E' \t\n\x0B\f\r'))                      AS state_code,
        UPPER(btrim(l.country_code, E' \t\n\x0B\f\r'))               AS country
    FROM trimmed l
),
ranked AS (
    SELECT s.*,
        ROW_NUMBER() OVER (
            PARTITION BY s.email
            ORDER BY s.revenue DESC NULLS LAST, s.merchant_name COLLATE "C" ASC NULLS LAST, s.raw_email COLLATE "C", s.platform_domain COLLATE "C"
        ) AS dup_rank
    FROM src s
),
lead_state AS (
    SELECT email, status, campaign
    FROM (
        SELECT email, status, COALESCE(campaign_name, campaign_id) AS campaign,
               ROW_NUMBER() OVER (
                   PARTITION BY email
                   ORDER BY CASE status WHEN 'active' THEN 1 WHEN 'engaged' THEN 2 WHEN 'quarantine' THEN 3 ELSE 4 END,
                            updated_at DESC, campaign_id COLLATE "C"
               ) AS rn
        FROM ops_inst_state
        WHERE status IN ('active', 'engaged', 'skipped', 'quarantine')
    ) s
    WHERE rn = 1
),
cooldown AS (
    -- A drain records when its cooldown ends (coldemail.limits.cooldown-days); older rows get the 90-day default.
    SELECT email, MAX(COALESCE(cooldown_until, COALESCE(drain_timestamp, event_timestamp) + INTERVAL '90 days')) AS cooldown_until
    FROM ops_lead_history
    WHERE drain_timestamp IS NOT NULL OR event_type IN ('drained', 'completed')
    GROUP BY email
),
dead AS (
    SELECT
        email,
        BOOL_OR(permanent) AS any_permanent,
        MIN(error_kind) FILTER (WHERE permanent) AS permanent_kind,
        MAX(CASE WHEN NOT permanent THEN next_retry_at END) AS retry_until
    FROM ops_dead_letters
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
     + CASE WHEN r.klaviyo_installed_at IS NOT NULL THEN 15 ELSE 0 END
     + CASE WHEN r.product_count > 1000 THEN 10 ELSE 0 END
     + CASE WHEN r.avg_price > 100 THEN 5 ELSE 0 END
     + CASE WHEN r.state_code IN ('CA', 'NY', 'TX', 'FL') THEN 20
            WHEN r.country = 'US' THEN 10
            WHEN r.country IN ('GB', 'CA', 'AU') THEN 5
            ELSE 0 END) AS base_score,
    -- A hashed IN (pg_timezone_names is read once per query); a join here made the planner pick a nested loop.
    COALESCE(r.timezone IN (SELECT name FROM pg_timezone_names), FALSE) AS tz_valid,
    r.dup_rank = 1 AS is_primary,
    CASE
        WHEN r.email IS NULL THEN 'email is missing'
        WHEN r.email = '' THEN 'email is empty'
        WHEN r.email ~ '[\u0001-\u0020\u007F-\u009F\u00A0\u1680\u2000-\u200D\u2028\u2029\u202F\u205F\u2060\u3000\uFEFF]' THEN 'email contains white space or control characters'
        WHEN octet_length(r.email) <> char_length(r.email) THEN 'email contains non-ASCII characters'
        WHEN LENGTH(r.email) - LENGTH(REPLACE(r.email, '@', '')) <> 1 THEN 'email does not contain exactly one @'
        WHEN r.dup_rank > 1 THEN 'duplicate of a row with higher revenue'
        WHEN sup.email IS NOT NULL THEN 'suppressed: ' || sup.reason
        WHEN era.email_sha256 IS NOT NULL THEN 'erased'
        WHEN dom.domain IS NOT NULL THEN 'suppressed domain ' || dom.domain || ': ' || dom.reason
        WHEN st.email IS NOT NULL THEN
            CASE st.status
                WHEN 'quarantine' THEN 'quarantined (' || st.campaign || ')'
                WHEN 'skipped' THEN 'skipped by Instantly (' || st.campaign || ')'
                ELSE 'already ' || st.status || ' in Instantly (' || st.campaign || ')'
            END
        WHEN d.any_permanent THEN 'permanent failure: ' || d.permanent_kind
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
LEFT JOIN suppression sup ON sup.email = r.email
-- An erased address is known only by its hash (sha256 of the normalised address, lower-case hex).
LEFT JOIN suppression_hashed era ON era.email_sha256 = encode(sha256(convert_to(r.email, 'UTF8')), 'hex')
LEFT JOIN suppression_domain dom ON dom.domain = split_part(r.email, '@', 2)
LEFT JOIN lead_state st ON st.email = r.email
LEFT JOIN cooldown c ON c.email = r.email
LEFT JOIN dead d ON d.email = r.email
LEFT JOIN ops_email_verification v ON v.email = r.email;
