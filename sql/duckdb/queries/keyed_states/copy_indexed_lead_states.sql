INSERT INTO ops_inst_state BY NAME SELECT * FROM ${indexed}
