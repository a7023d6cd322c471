WITH drained AS (
    SELECT email, campaign_id, MIN(drain_timestamp) AS drained_at,
           ARRAY_AGG(drain_reason ORDER BY drain_timestamp LIMIT 1)[SAFE_OFFSET(0)] AS drain_reason
    FROM `${dataset}.ops_lead_history` WHERE drain_timestamp IS NOT NULL
    GROUP BY email, campaign_id
),
leads AS (
    SELECT s.email, s.campaign_id, s.created_at AS added_at, d.drained_at, d.drain_reason
    FROM `${dataset}.ops_inst_state` s
    LEFT JOIN drained d ON d.email = s.email AND d.campaign_id = s.campaign_id
    WHERE s.status IN ('active', 'engaged', 'completed') OR d.drained_at IS NOT NULL
)
