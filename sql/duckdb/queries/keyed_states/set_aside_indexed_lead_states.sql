ALTER TABLE ops_inst_state RENAME TO ${indexed}
