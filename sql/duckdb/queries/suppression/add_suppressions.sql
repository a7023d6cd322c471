CREATE TEMP TABLE stage_sup (seq BIGINT, email VARCHAR, reason VARCHAR, since TIMESTAMP)
