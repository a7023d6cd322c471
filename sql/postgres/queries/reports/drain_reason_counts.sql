SELECT drain_reason, COUNT(*) AS drained
FROM ops_lead_history
WHERE drain_reason IS NOT NULL AND drain_timestamp >= @from::timestamptz AND drain_timestamp < @to::timestamptz
GROUP BY drain_reason
ORDER BY drain_reason COLLATE "C"
