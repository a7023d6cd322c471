DROP TABLE ${indexed}
