SELECT c.table_name, t.table_type
FROM `${dataset}.INFORMATION_SCHEMA.COLUMNS` c
JOIN `${dataset}.INFORMATION_SCHEMA.TABLES` t ON t.table_name = c.table_name
WHERE c.column_name = 'email'
ORDER BY c.table_name
