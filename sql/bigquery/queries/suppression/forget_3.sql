MERGE `${dataset}.suppression_hashed` T
USING (SELECT @hash AS email_sha256, 'erased' AS reason, @at AS since) S
ON T.email_sha256 = S.email_sha256
WHEN NOT MATCHED THEN INSERT (email_sha256, reason, since) VALUES (S.email_sha256, S.reason, S.since);
