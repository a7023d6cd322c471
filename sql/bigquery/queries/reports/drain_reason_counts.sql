SELECT drain_reason, COUNT(*) AS drained
FROM `${dataset}.ops_lead_history`
WHERE drain_reason IS NOT NULL AND drain_timestamp >= @from AND drain_timestamp < @to
  -- A drain's event is stamped with its drain time: this bounds the scan to the window's partitions.
  AND event_timestamp >= @from AND event_timestamp < @to
GROUP BY drain_reason
ORDER BY drain_reason
