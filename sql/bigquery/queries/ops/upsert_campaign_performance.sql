MERGE `${dataset}.ops_campaign_performance` T
USING (SELECT * FROM UNNEST(@rows) WHERE TRUE
       QUALIFY ROW_NUMBER() OVER (PARTITION BY date, campaign_id ORDER BY captured_at DESC, seq DESC) = 1) S
ON T.date = S.date AND T.campaign_id = S.campaign_id
WHEN MATCHED THEN UPDATE SET campaign_name = S.campaign_name, leads_count = S.leads_count, contacted = S.contacted,
    emails_sent = S.emails_sent, opens = S.opens, replies = S.replies, replies_automatic = S.replies_automatic,
    clicks = S.clicks, bounced = S.bounced, unsubscribed = S.unsubscribed, completed = S.completed, captured_at = S.captured_at
WHEN NOT MATCHED THEN INSERT (date, campaign_id, campaign_name, leads_count, contacted, emails_sent, opens, replies,
    replies_automatic, clicks, bounced, unsubscribed, completed, captured_at)
VALUES (S.date, S.campaign_id, S.campaign_name, S.leads_count, S.contacted, S.emails_sent, S.opens, S.replies,
    S.replies_automatic, S.clicks, S.bounced, S.unsubscribed, S.completed, S.captured_at)
