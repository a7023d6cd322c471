UPDATE `${dataset}.ops_lease` SET ${set} WHERE name = @name AND holder_id = @holder AND epoch = @epoch
