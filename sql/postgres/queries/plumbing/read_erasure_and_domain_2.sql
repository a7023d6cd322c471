SELECT domain, reason, since FROM suppression_domain WHERE domain = @domain
