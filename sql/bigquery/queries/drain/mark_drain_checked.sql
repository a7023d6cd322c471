MERGE `${dataset}.ops_inst_state` T
USING (SELECT DISTINCT email, campaign_id FROM UNNEST(@rows)) S
ON T.email = S.email AND T.campaign_id = S.campaign_id
WHEN MATCHED THEN UPDATE SET last_drain_check = @at, needs_drain_check = FALSE
