MERGE `${dataset}.config` T
USING (SELECT @key AS key, @value AS value_json, @at AS updated_at) S
ON T.key = S.key
WHEN MATCHED THEN UPDATE SET value_json = S.value_json, updated_at = S.updated_at
WHEN NOT MATCHED THEN INSERT (key, value_json, updated_at) VALUES (S.key, S.value_json, S.updated_at)
