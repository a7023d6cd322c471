DELETE FROM `${dataset}.eligible_leads` WHERE email IN (SELECT raw_email FROM `${dataset}.v_lead_eligibility` WHERE email = @email);
