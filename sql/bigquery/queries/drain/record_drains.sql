BEGIN TRANSACTION;
MERGE `${dataset}.ops_lead_history` T
USING (SELECT * FROM UNNEST(@rows) WHERE TRUE
       QUALIFY ROW_NUMBER() OVER (PARTITION BY email, campaign_id, drained_at ORDER BY seq DESC) = 1) S
ON T.email = S.email AND T.campaign_id = S.campaign_id AND T.event_type = 'drained'
   AND T.event_timestamp = S.drained_at AND T.drain_timestamp = S.drained_at
WHEN NOT MATCHED THEN INSERT (email, campaign_id, lead_id, event_type, event_timestamp, event_details, outcome,
    outcome_reason, emails_sent, emails_opened, links_clicked, replies_received, drain_reason, drain_timestamp,
    days_in_campaign, cooldown_until)
VALUES (S.email, S.campaign_id, S.lead_id, 'drained', S.drained_at, SAFE.PARSE_JSON(S.details), S.outcome,
    S.drain_reason, S.emails_sent, S.emails_opened, S.links_clicked, S.replies_received, S.drain_reason,
    S.drained_at, S.days_in_campaign, S.cooldown_until);
MERGE `${dataset}.ops_inst_state` T
USING (SELECT * FROM UNNEST(@rows) WHERE TRUE
       QUALIFY ROW_NUMBER() OVER (PARTITION BY email, campaign_id ORDER BY seq DESC) = 1) S
ON T.email = S.email AND T.campaign_id = S.campaign_id
WHEN MATCHED THEN UPDATE SET
    status = 'completed',
    instantly_lead_id = COALESCE(S.lead_id, T.instantly_lead_id),
    updated_at = S.drained_at,
    last_drain_check = S.drained_at,
    needs_drain_check = FALSE,
    reason = S.drain_reason
WHEN NOT MATCHED THEN INSERT (email, campaign_id, instantly_lead_id, status, created_at, updated_at,
    last_drain_check, needs_drain_check, retry_count, reason)
VALUES (S.email, S.campaign_id, S.lead_id, 'completed', S.drained_at, S.drained_at, S.drained_at, FALSE, 0, S.drain_reason);
MERGE `${dataset}.suppression` T
USING (SELECT email, suppression_reason, drained_at FROM UNNEST(@rows) WHERE suppression_reason IS NOT NULL
       QUALIFY ROW_NUMBER() OVER (PARTITION BY email ORDER BY drained_at, seq) = 1) S
ON T.email = S.email
WHEN NOT MATCHED THEN INSERT (email, reason, since) VALUES (S.email, S.suppression_reason, S.drained_at);
COMMIT TRANSACTION;
