DELETE FROM eligible_leads WHERE email IN (SELECT raw_email FROM v_lead_eligibility WHERE email = $email)
