SELECT ${view_columns}, base_score + IF(EXTRACT(DAYOFWEEK FROM SAFE.DATETIME(@now, timezone)) BETWEEN 2 AND 6 AND EXTRACT(HOUR FROM SAFE.DATETIME(@now, timezone)) BETWEEN 9 AND 16, 10, 0) AS score
FROM `${dataset}.v_lead_eligibility`
WHERE static_reason IS NULL
  AND (verification_reason IS NULL OR NOT ${verification})
  AND (cooldown_until IS NULL OR cooldown_until <= @now)
  AND (retry_until IS NULL OR retry_until <= @now)
  AND ${filter}
ORDER BY score DESC, email
${limit}
