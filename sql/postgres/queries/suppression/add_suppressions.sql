INSERT INTO suppression (email, reason, since)
SELECT DISTINCT ON (email) email, reason, since
FROM unnest(@email::text[], @reason::text[], @since::timestamptz[]) WITH ORDINALITY AS s(email, reason, since, seq)
ORDER BY email, since, seq
ON CONFLICT (email) DO NOTHING
