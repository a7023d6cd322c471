DELETE FROM "${replace}" WHERE email = @email
