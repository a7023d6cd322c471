SELECT EXISTS (SELECT 1 FROM `${dataset}.suppression_hashed` WHERE email_sha256 = @hash) AS erased, d.domain, d.reason, d.since
FROM UNNEST([1]) LEFT JOIN (SELECT domain, reason, since FROM `${dataset}.suppression_domain` WHERE domain = @domain) d ON TRUE
LIMIT 1
