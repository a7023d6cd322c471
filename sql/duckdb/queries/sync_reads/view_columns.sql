 AS sequence_target
