-- The seed's campaign ROI model: 2 % close rate for replied successes, 0.5 % for other successes,
-- deal size 10 % of yearly revenue.
CREATE OR REPLACE VIEW report_campaign_roi AS
WITH lead_outcomes AS (
    SELECT l.email,
           l.sequence_target,
           h.outcome,
           h.replies_received,
           CASE WHEN h.outcome = 'success' AND h.replies_received > 0 THEN 0.02
                WHEN h.outcome = 'success' THEN 0.005
                ELSE 0 END AS close_probability,
           COALESCE(l.estimated_sales_yearly, 0) * 0.1 AS potential_deal_size
    FROM v_lead_eligibility l
    JOIN ops_lead_history h ON h.email = l.email
    WHERE l.is_primary AND l.email IS NOT NULL
)
SELECT sequence_target,
       COUNT(*) AS total_leads,
       CAST(SUM(CASE WHEN replies_received > 0 THEN 1 ELSE 0 END) AS BIGINT) AS replied_leads,
       CAST(ROUND(AVG(close_probability) * 100, 2) AS NUMERIC(18,2)) AS avg_close_rate,
       CAST(ROUND(SUM(potential_deal_size * close_probability), 0) AS NUMERIC(18,2)) AS expected_revenue,
       CAST(ROUND(SUM(potential_deal_size * close_probability) / COUNT(*), 0) AS NUMERIC(18,2)) AS revenue_per_lead
FROM lead_outcomes
GROUP BY sequence_target;
