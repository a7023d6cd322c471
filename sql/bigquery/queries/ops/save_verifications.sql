MERGE `${dataset}.ops_email_verification` T
USING (SELECT * FROM UNNEST(@rows) WHERE TRUE
       QUALIFY ROW_NUMBER() OVER (PARTITION BY email ORDER BY verified_at DESC, seq DESC) = 1) S
ON T.email = S.email
WHEN MATCHED THEN UPDATE SET verification_status = S.verification_status, catch_all = S.catch_all,
    credits_used = S.credits_used, verified_at = S.verified_at
WHEN NOT MATCHED THEN INSERT (email, verification_status, catch_all, credits_used, verified_at)
VALUES (S.email, S.verification_status, S.catch_all, S.credits_used, S.verified_at)
