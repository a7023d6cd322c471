-- The seed's daily performance dashboard, per day and segment (history aggregated per lead first so the
-- join does not multiply counts). Filter by date when querying.
CREATE OR REPLACE VIEW report_daily_performance AS
WITH h AS (
    SELECT email, campaign_id,
           MAX(CASE WHEN drain_reason = 'replied' THEN 1 ELSE 0 END) AS replied,
           MAX(CASE WHEN drain_reason = 'bounced_hard' THEN 1 ELSE 0 END) AS bounced
    FROM ops_lead_history
    GROUP BY email, campaign_id
),
daily AS (
    SELECT CAST(s.created_at AT TIME ZONE 'UTC' AS DATE) AS date,
           COALESCE(s.campaign_name, s.campaign_id) AS sequence_target,
           COUNT(*) AS leads_added,
           CAST(SUM(CASE WHEN s.status = 'completed' THEN 1 ELSE 0 END) AS BIGINT) AS leads_completed,
           CAST(SUM(COALESCE(h.replied, 0)) AS BIGINT) AS leads_replied,
           CAST(SUM(COALESCE(h.bounced, 0)) AS BIGINT) AS leads_bounced
    FROM ops_inst_state s
    LEFT JOIN h ON h.email = s.email AND h.campaign_id = s.campaign_id
    GROUP BY 1, 2
)
SELECT date,
       sequence_target,
       leads_added,
       leads_completed,
       leads_replied,
       CAST(ROUND(leads_replied * 100.0 / NULLIF(leads_completed, 0), 2) AS NUMERIC(9,2)) AS reply_rate,
       leads_bounced,
       CAST(ROUND(leads_bounced * 100.0 / NULLIF(leads_added, 0), 2) AS NUMERIC(9,2)) AS bounce_rate
FROM daily;
