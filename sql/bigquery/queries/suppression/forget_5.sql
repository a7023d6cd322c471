DELETE FROM ${table} WHERE email = @email;
