SELECT email, reason, since FROM suppression WHERE email = @email
