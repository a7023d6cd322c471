SELECT t.table_name, t.table_type FROM information_schema.tables t
JOIN information_schema.columns c
  ON c.table_schema = t.table_schema AND c.table_name = t.table_name
WHERE t.table_schema = current_schema() AND c.column_name = 'email'
ORDER BY t.table_name COLLATE "C"
