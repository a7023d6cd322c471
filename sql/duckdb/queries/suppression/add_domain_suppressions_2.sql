INSERT INTO suppression_domain (domain, reason, since)
SELECT domain, reason, since
FROM (SELECT * FROM stage_dom QUALIFY ROW_NUMBER() OVER (PARTITION BY domain ORDER BY since, seq) = 1)
ON CONFLICT (domain) DO NOTHING
