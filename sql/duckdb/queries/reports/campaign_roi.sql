SELECT sequence_target, total_leads, replied_leads, avg_close_rate, expected_revenue, revenue_per_lead
FROM report_campaign_roi ORDER BY sequence_target
