INSERT INTO suppression_domain (domain, reason, since)
SELECT DISTINCT ON (domain) domain, reason, since
FROM unnest(@domain::text[], @reason::text[], @since::timestamptz[]) WITH ORDINALITY AS s(domain, reason, since, seq)
ORDER BY domain, since, seq
ON CONFLICT (domain) DO NOTHING
