INSERT INTO ops_email_verification (email, verification_status, catch_all, credits_used, verified_at)
SELECT email, verification_status, catch_all, credits_used, verified_at
FROM (SELECT * FROM stage_ops_ver QUALIFY ROW_NUMBER() OVER (PARTITION BY email ORDER BY verified_at DESC, seq DESC) = 1)
ON CONFLICT (email) DO UPDATE SET verification_status = EXCLUDED.verification_status,
    catch_all = EXCLUDED.catch_all, credits_used = EXCLUDED.credits_used, verified_at = EXCLUDED.verified_at
