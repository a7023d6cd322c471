CREATE TEMP TABLE stage_ops_ver (seq BIGINT, email VARCHAR, verification_status VARCHAR, catch_all VARCHAR,
    credits_used DECIMAL(18,4), verified_at TIMESTAMP)
