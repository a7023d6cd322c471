SELECT email, verification_status, catch_all, credits_used, verified_at
FROM ops_email_verification WHERE email = ANY(@emails)
