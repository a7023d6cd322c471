INSERT INTO ops_campaign_performance (date, campaign_id, campaign_name, leads_count, contacted, emails_sent, opens,
    replies, replies_automatic, clicks, bounced, unsubscribed, completed, captured_at)
SELECT DISTINCT ON (date, campaign_id) date, campaign_id, campaign_name, leads_count, contacted, emails_sent, opens,
    replies, replies_automatic, clicks, bounced, unsubscribed, completed, captured_at
FROM unnest(@date::date[], @campaign::text[], @name::text[], @leads::int[], @contacted::int[], @sent::int[], @opens::int[],
            @replies::int[], @auto::int[], @clicks::int[], @bounced::int[], @unsub::int[], @completed::int[], @at::timestamptz[])
     WITH ORDINALITY AS s(date, campaign_id, campaign_name, leads_count, contacted, emails_sent, opens, replies,
                          replies_automatic, clicks, bounced, unsubscribed, completed, captured_at, seq)
ORDER BY date, campaign_id, captured_at DESC, seq DESC
ON CONFLICT (date, campaign_id) DO UPDATE SET campaign_name = EXCLUDED.campaign_name, leads_count = EXCLUDED.leads_count,
    contacted = EXCLUDED.contacted, emails_sent = EXCLUDED.emails_sent, opens = EXCLUDED.opens, replies = EXCLUDED.replies,
    replies_automatic = EXCLUDED.replies_automatic, clicks = EXCLUDED.clicks, bounced = EXCLUDED.bounced,
    unsubscribed = EXCLUDED.unsubscribed, completed = EXCLUDED.completed, captured_at = EXCLUDED.captured_at
