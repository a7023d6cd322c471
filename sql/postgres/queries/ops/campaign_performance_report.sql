SELECT * FROM (
    SELECT DISTINCT ON (campaign_id) date, campaign_id, campaign_name, contacted, emails_sent, replies, replies_automatic,
           bounced, reply_rate, bounce_rate
    FROM report_campaign_performance
    WHERE date BETWEEN @from AND @to
    ORDER BY campaign_id, date DESC
) latest
ORDER BY COALESCE(campaign_name, campaign_id) COLLATE "C", campaign_id COLLATE "C"
