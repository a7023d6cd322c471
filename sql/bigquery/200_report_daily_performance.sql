-- The seed's daily performance dashboard, per day and segment (history aggregated per lead first so the
-- join does not multiply counts). Filter by date when querying.
CREATE OR REPLACE VIEW `${dataset}.report_daily_performance` AS
WITH h AS (
    SELECT email, campaign_id,
           MAX(IF(drain_reason = 'replied', 1, 0)) AS replied,
           MAX(IF(drain_reason = 'bounced_hard', 1, 0)) AS bounced
    FROM `${dataset}.ops_lead_history`
    GROUP BY email, campaign_id
),
daily AS (
    SELECT DATE(s.created_at) AS date,
           COALESCE(s.campaign_name, s.campaign_id) AS sequence_target,
           COUNT(*) AS leads_added,
           COUNTIF(s.status = 'completed') AS leads_completed,
           SUM(COALESCE(h.replied, 0)) AS leads_replied,
           SUM(COALESCE(h.bounced, 0)) AS leads_bounced
    FROM `${dataset}.ops_inst_state` s
    LEFT JOIN h ON h.email = s.email AND h.campaign_id = s.campaign_id
    GROUP BY 1, 2
)
SELECT date,
       sequence_target,
       leads_added,
       leads_completed,
       leads_replied,
       ROUND(SAFE_DIVIDE(leads_replied, leads_completed) * 100, 2) AS reply_rate,
       leads_bounced,
       ROUND(SAFE_DIVIDE(leads_bounced, leads_added) * 100, 2) AS bounce_rate
FROM daily;
