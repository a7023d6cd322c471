INSERT INTO ops_campaign_performance (date, campaign_id, campaign_name, leads_count, contacted, emails_sent, opens,
    replies, replies_automatic, clicks, bounced, unsubscribed, completed, captured_at)
SELECT CAST(date AS DATE), campaign_id, campaign_name, leads_count, contacted, emails_sent, opens,
    replies, replies_automatic, clicks, bounced, unsubscribed, completed, captured_at
FROM (SELECT * FROM stage_perf QUALIFY ROW_NUMBER() OVER (PARTITION BY date, campaign_id ORDER BY captured_at DESC, seq DESC) = 1)
ON CONFLICT (date, campaign_id) DO UPDATE SET campaign_name = EXCLUDED.campaign_name, leads_count = EXCLUDED.leads_count,
    contacted = EXCLUDED.contacted, emails_sent = EXCLUDED.emails_sent, opens = EXCLUDED.opens, replies = EXCLUDED.replies,
    replies_automatic = EXCLUDED.replies_automatic, clicks = EXCLUDED.clicks, bounced = EXCLUDED.bounced,
    unsubscribed = EXCLUDED.unsubscribed, completed = EXCLUDED.completed, captured_at = EXCLUDED.captured_at
