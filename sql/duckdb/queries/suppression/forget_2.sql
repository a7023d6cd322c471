INSERT INTO suppression_hashed (email_sha256, reason, since) VALUES ($hash, 'erased', $at)
ON CONFLICT (email_sha256) DO NOTHING
