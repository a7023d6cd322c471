CREATE TEMP TABLE stage_drain ON COMMIT DROP AS
SELECT * FROM unnest(@email::text[], @campaign::text[], @lid::text[], @reason::text[], @outcome::text[],
                     @at::timestamptz[], @days::int[], @sent::int[], @opened::int[], @clicked::int[],
                     @replies::int[], @sup::text[], @details::text[], @cooldown::timestamptz[])
    WITH ORDINALITY AS s(email, campaign_id, lead_id, drain_reason, outcome, drained_at, days_in_campaign,
                         emails_sent, emails_opened, links_clicked, replies_received, suppression_reason, details,
                         cooldown_until, seq)
