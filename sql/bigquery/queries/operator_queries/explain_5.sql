SELECT email, reason, since FROM `${dataset}.suppression` WHERE email = @email
