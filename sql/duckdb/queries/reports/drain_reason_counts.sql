SELECT drain_reason, COUNT(*) AS drained
FROM ops_lead_history
WHERE drain_reason IS NOT NULL AND drain_timestamp >= $from AND drain_timestamp < $to
GROUP BY drain_reason
ORDER BY drain_reason
