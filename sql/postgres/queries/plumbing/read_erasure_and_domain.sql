SELECT 1 FROM suppression_hashed WHERE email_sha256 = @hash
