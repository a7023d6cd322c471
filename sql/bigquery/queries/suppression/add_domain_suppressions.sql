MERGE `${dataset}.suppression_domain` T
USING (SELECT * FROM UNNEST(@rows) WHERE TRUE QUALIFY ROW_NUMBER() OVER (PARTITION BY domain ORDER BY since, seq) = 1) S
ON T.domain = S.domain
WHEN NOT MATCHED THEN INSERT (domain, reason, since) VALUES (S.domain, S.reason, S.since)
