-- Every eligible_leads row, normalised and scored, with the reason it is excluded (NULL = ready).
-- Reasons that depend on the clock (cooldown, dead-letter retry, business hours) are exposed as columns
-- (cooldown_until, retry_until, tz_valid) so callers can apply them at an injected "now";
-- v_ready_for_instantly applies them at CURRENT_TIMESTAMP.
-- The rule that depends on a live setting (verification) is a column too (verification_reason), applied by the
-- daemon's reads with the effective coldemail.feature-flags.email-verification-enabled, by v_ready_for_instantly with cfg's.
-- These rules mirror the domain's C# rules exactly; change both together. The email is normalised as
-- ColdEmail.Domain.Leads.EmailIdentity does it: trim Unicode white space and zero-width characters (the chr() list)
-- from both ends; an address still containing white space or a control character (the regex class), or any
-- non-ASCII character (byte length <> character length), is excluded; only ASCII addresses are lower-cased, because
-- LOWER of non-ASCII differs between engines (such addresses are excluded anyway and keep their case).
-- The email as EmailIdentity normalises it, the one spelling of that rule in this dialect (src and dup_rows use it).
-- Most addresses need no trimming; TRIM with a character set is several times slower than LOWER, so it only runs when
-- the first or last character is not printable ASCII (no trimmed character is).
CREATE OR REPLACE MACRO lead_email_trimmed(email) AS
    CASE WHEN ascii(email) BETWEEN 33 AND 126 AND ascii(email[-1:]) BETWEEN 33 AND 126 THEN email
         ELSE TRIM(email, chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || chr(32) || chr(133) || chr(160) || chr(5760) || chr(8192) || chr(8193) || chr(8194) || chr(8195) || chr(8196) || chr(8197) || chr(8198) || chr(8199) || chr(8200) || chr(8201) || chr(8202) || chr(8203) || chr(8204) || chr(8205) || chr(8232) || chr(8233) || chr(8239) || chr(8287) || chr(8288) || chr(12288) || chr(65279)) END;
CREATE OR REPLACE MACRO lead_email(email) AS
    CASE WHEN strlen(lead_email_trimmed(email)) = length(lead_email_trimmed(email)) THEN LOWER(lead_email_trimmed(email))
         ELSE lead_email_trimmed(email) END;
-- A negative revenue is unknown.
CREATE OR REPLACE MACRO lead_revenue(estimated_sales_yearly) AS
    CASE WHEN estimated_sales_yearly < 0 THEN NULL ELSE estimated_sales_yearly END;
CREATE OR REPLACE VIEW v_lead_eligibility AS
WITH cfg AS (
    -- The verification flag as a person reading v_ready_for_instantly expects it: the config table's feature_flags
    -- row over the configuration file's coldemail.feature-flags.email-verification-enabled, which the adapter renders
    -- between the markers when it creates the view (as written: the shipped default, on). The daemon's reads do not
    -- use it: they apply verification_reason with the effective setting they run with, so they never depend on when
    -- or by whom the view was created.
    SELECT
        COALESCE(
            (SELECT TRY_CAST(json_extract_string(value_json, '$.email_verification_enabled') AS BOOLEAN)
               FROM config WHERE key = 'feature_flags'),
            /*verification*/TRUE/*end verification*/) AS verification_enabled
),
-- Every row of eligible_leads is read once (src): a CTE read more than once is materialised by DuckDB, whatever the
-- view says (the NOT MATERIALIZED hint does not survive in a stored view), and materialising every row with every
-- column spilled hundreds of megabytes to disk each time a campaign ranked its ready set at 1.44 million prospects.
src AS (
    SELECT
        l.rowid                                   AS rid,
        l.email                                   AS raw_email,
        lead_email(l.email)                       AS email,
        l.merchant_name,
        l.platform_domain,
        l.domain,
        l.state,
        l.country_code,
        lead_revenue(l.estimated_sales_yearly)    AS revenue,
        l.employee_count,
        l.product_count,
        l.avg_price,
        l.klaviyo_installed_at,
        l.timezone,
        CASE WHEN length(l.state) = 2 THEN UPPER(l.state) ELSE UPPER(TRIM(l.state, ' ' || chr(9) || chr(10) || chr(11) || chr(12) || chr(13))) END AS state_code,
        CASE WHEN length(l.country_code) = 2 THEN UPPER(l.country_code) ELSE UPPER(TRIM(l.country_code, ' ' || chr(9) || chr(10) || chr(11) || chr(12) || chr(13))) END AS country
    FROM eligible_leads l
),
-- Only the rows that share an email are ranked (a window over every row costs seconds at a million rows), found from
-- the email column alone and joined back by row id: every other row is its email's only row (dup_rank 1). The join
-- builds on the duplicates, which are few; no correlated subquery, which would buffer every row of src to join it.
dup_rows AS (
    SELECT l.rowid AS rid,
        ROW_NUMBER() OVER (
            PARTITION BY lead_email(l.email)
            ORDER BY lead_revenue(l.estimated_sales_yearly) DESC NULLS LAST, l.merchant_name ASC NULLS LAST, l.email, l.platform_domain
        ) AS dup_rank
    FROM eligible_leads l
    WHERE lead_email(l.email) IN (SELECT lead_email(email) FROM eligible_leads WHERE email IS NOT NULL GROUP BY 1 HAVING COUNT(*) > 1)
),
ranked AS (
    SELECT s.*, COALESCE(d.dup_rank, 1) AS dup_rank
    FROM src s
    LEFT JOIN dup_rows d ON d.rid = s.rid
),
lead_state AS (
    SELECT email, status, COALESCE(campaign_name, campaign_id) AS campaign
    FROM ops_inst_state
    WHERE status IN ('active', 'engaged', 'skipped', 'quarantine')
    QUALIFY ROW_NUMBER() OVER (
        PARTITION BY email
        ORDER BY CASE status WHEN 'active' THEN 1 WHEN 'engaged' THEN 2 WHEN 'quarantine' THEN 3 ELSE 4 END,
                 updated_at DESC, campaign_id
    ) = 1
),
cooldown AS (
    -- A drain records when its cooldown ends (coldemail.limits.cooldown-days); older rows get the 90-day default.
    SELECT email, MAX(COALESCE(cooldown_until, COALESCE(drain_timestamp, event_timestamp) + INTERVAL 90 DAY)) AS cooldown_until
    FROM ops_lead_history
    WHERE drain_timestamp IS NOT NULL OR event_type IN ('drained', 'completed')
    GROUP BY email
),
dead AS (
    SELECT
        email,
        BOOL_OR(permanent) AS any_permanent,
        ARG_MAX(error_kind, CASE WHEN permanent THEN 1 ELSE 0 END) AS permanent_kind,
        MAX(CASE WHEN NOT permanent THEN next_retry_at END) AS retry_until
    FROM ops_dead_letters
    WHERE resolved_at IS NULL
    GROUP BY email
),
zones AS (
    SELECT DISTINCT name FROM pg_timezone_names()
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
    z.name IS NOT NULL AS tz_valid,
    r.dup_rank = 1 AS is_primary,
    CASE
        WHEN r.email IS NULL THEN 'email is missing'
        WHEN r.email = '' THEN 'email is empty'
        WHEN regexp_matches(r.email, '[\x{0}-\x{20}\x{7F}-\x{9F}\x{A0}\x{1680}\x{2000}-\x{200D}\x{2028}\x{2029}\x{202F}\x{205F}\x{2060}\x{3000}\x{FEFF}]') THEN 'email contains white space or control characters'
        WHEN strlen(r.email) <> length(r.email) THEN 'email contains non-ASCII characters'
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
LEFT JOIN zones z ON z.name = r.timezone
LEFT JOIN suppression sup ON sup.email = r.email
-- An erased address is known only by its hash (sha256 of the normalised address, lower-case hex).
LEFT JOIN suppression_hashed era ON era.email_sha256 = sha256(r.email)
LEFT JOIN suppression_domain dom ON dom.domain = split_part(r.email, '@', 2)
LEFT JOIN lead_state st ON st.email = r.email
LEFT JOIN cooldown c ON c.email = r.email
LEFT JOIN dead d ON d.email = r.email
LEFT JOIN ops_email_verification v ON v.email = r.email;
