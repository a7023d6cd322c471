CREATE TEMP TABLE stage_dom (seq BIGINT, domain VARCHAR, reason VARCHAR, since TIMESTAMP)
