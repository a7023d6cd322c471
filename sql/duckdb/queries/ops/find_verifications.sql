SELECT v.email, v.verification_status, v.catch_all, v.credits_used, v.verified_at
FROM ops_email_verification v JOIN stage_ver_keys k ON k.key = v.email
