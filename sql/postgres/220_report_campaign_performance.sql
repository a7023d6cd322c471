-- Reply and bounce rate per campaign and day, in percent of contacted leads. Auto-replies (out of office)
-- are not replies. NULL when nobody was contacted yet.
CREATE OR REPLACE VIEW report_campaign_performance AS
SELECT date,
       campaign_id,
       campaign_name,
       leads_count,
       contacted,
       emails_sent,
       opens,
       replies,
       replies_automatic,
       clicks,
       bounced,
       unsubscribed,
       completed,
       CAST(ROUND(replies * 100.0 / NULLIF(contacted, 0), 2) AS NUMERIC(9,2)) AS reply_rate,
       CAST(ROUND(bounced * 100.0 / NULLIF(contacted, 0), 2) AS NUMERIC(9,2)) AS bounce_rate
FROM ops_campaign_performance;
