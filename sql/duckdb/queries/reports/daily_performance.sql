SELECT date, sequence_target, leads_added, leads_completed, leads_replied, reply_rate, leads_bounced, bounce_rate
FROM report_daily_performance
WHERE date >= CAST($since AS DATE)
ORDER BY date DESC, sequence_target
