DROP TABLE ${unkeyed}
