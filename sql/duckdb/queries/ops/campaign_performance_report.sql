SELECT CAST(date AS TIMESTAMP), campaign_id, campaign_name, contacted, emails_sent, replies, replies_automatic, bounced,
       reply_rate, bounce_rate
FROM report_campaign_performance
WHERE date BETWEEN CAST($from AS DATE) AND CAST($to AS DATE)
QUALIFY ROW_NUMBER() OVER (PARTITION BY campaign_id ORDER BY date DESC) = 1
ORDER BY COALESCE(campaign_name, campaign_id), campaign_id
