MERGE `${dataset}.suppression` T
USING (SELECT * FROM UNNEST(@rows) WHERE TRUE QUALIFY ROW_NUMBER() OVER (PARTITION BY email ORDER BY since, seq) = 1) S
ON T.email = S.email
WHEN NOT MATCHED THEN INSERT (email, reason, since) VALUES (S.email, S.reason, S.since)
