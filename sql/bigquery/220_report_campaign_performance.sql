-- Reply and bounce rate per campaign and day, in percent of contacted leads (auto-replies are not replies).
CREATE OR REPLACE VIEW `${dataset}.report_campaign_performance` AS
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
       ROUND(SAFE_DIVIDE(replies * 100, contacted), 2) AS reply_rate,
       ROUND(SAFE_DIVIDE(bounced * 100, contacted), 2) AS bounce_rate
FROM `${dataset}.ops_campaign_performance`;
