INSERT INTO ops_email_verification (email, verification_status, catch_all, credits_used, verified_at)
SELECT DISTINCT ON (email) email, verification_status, catch_all, credits_used, verified_at
FROM unnest(@email::text[], @status::text[], @catch::text[], @credits::numeric[], @at::timestamptz[])
     WITH ORDINALITY AS s(email, verification_status, catch_all, credits_used, verified_at, seq)
ORDER BY email, verified_at DESC, seq DESC
ON CONFLICT (email) DO UPDATE SET verification_status = EXCLUDED.verification_status,
    catch_all = EXCLUDED.catch_all, credits_used = EXCLUDED.credits_used, verified_at = EXCLUDED.verified_at
