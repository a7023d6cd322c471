INSERT INTO ops_lead_history (email, campaign_id, lead_id, event_type, event_timestamp, event_details,
    outcome, outcome_reason, emails_sent, emails_opened, links_clicked, replies_received,
    drain_reason, drain_timestamp, days_in_campaign, cooldown_until)
SELECT s.email, s.campaign_id, s.lead_id, 'drained', s.drained_at, s.details, s.outcome, s.drain_reason,
       s.emails_sent, s.emails_opened, s.links_clicked, s.replies_received, s.drain_reason, s.drained_at,
       s.days_in_campaign, s.cooldown_until
FROM stage_drain s
WHERE NOT EXISTS (
    SELECT 1 FROM ops_lead_history h
    WHERE h.email = s.email AND h.campaign_id = s.campaign_id
      AND h.event_type = 'drained' AND h.drain_timestamp = s.drained_at)
QUALIFY ROW_NUMBER() OVER (PARTITION BY s.email, s.campaign_id, s.drained_at ORDER BY s.seq DESC) = 1
