SELECT COUNT(*) AS in_campaign,
       COUNT(*) FILTER (WHERE drain_reason = 'replied' AND drained_at >= $from AND drained_at < $to) AS replied
FROM leads
WHERE added_at < $to AND (drained_at IS NULL OR drained_at >= $from)
