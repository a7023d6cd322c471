MERGE `${dataset}.ops_inst_state` T
USING (SELECT * FROM UNNEST(@rows) WHERE TRUE
       QUALIFY ROW_NUMBER() OVER (PARTITION BY email, campaign_id ORDER BY seq DESC) = 1) S
ON T.email = S.email AND T.campaign_id = S.campaign_id
WHEN MATCHED THEN UPDATE SET
    campaign_name = COALESCE(S.campaign_name, T.campaign_name),
    instantly_lead_id = COALESCE(S.instantly_lead_id, T.instantly_lead_id),
    status = S.status,
    status_code = S.status_code,
    updated_at = S.changed_at,
    needs_drain_check = S.status IN ('active', 'engaged'),
    api_response_time_ms = COALESCE(S.api_response_time_ms, T.api_response_time_ms),
    retry_count = S.retry_count,
    reason = S.reason
WHEN NOT MATCHED THEN INSERT (email, campaign_id, campaign_name, instantly_lead_id, status, status_code,
    created_at, updated_at, last_drain_check, needs_drain_check, drain_check_priority, api_response_time_ms,
    retry_count, reason)
VALUES (S.email, S.campaign_id, S.campaign_name, S.instantly_lead_id, S.status, S.status_code, S.changed_at,
    S.changed_at, NULL, S.status IN ('active', 'engaged'), 100, S.api_response_time_ms, S.retry_count, S.reason)
