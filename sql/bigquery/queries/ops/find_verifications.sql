SELECT email, verification_status, catch_all, CAST(credits_used AS NUMERIC) AS credits_used, verified_at
FROM `${dataset}.ops_email_verification` WHERE email IN UNNEST(@emails)
