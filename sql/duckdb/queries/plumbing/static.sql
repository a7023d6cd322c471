SELECT COUNT(*) FROM suppression_hashed WHERE email_sha256 = $hash
