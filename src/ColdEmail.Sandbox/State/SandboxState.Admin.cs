namespace ColdEmail.Sandbox.State;

/// <summary>
/// What happens in a real workspace outside the API a daemon uses — a rep moves a lead, another team imports a lead list,
/// Instantly labels a reply, a send bounces — so tests can stage it. Each returns the lead as it is now, or null for an
/// unknown id. Documented in README.md ("Scenario operations").
/// </summary>
public sealed partial class SandboxState
{
    /// <summary>Moves a lead to another campaign (what a rep does in the UI). Its history is kept; its next step follows the new campaign.</summary>
    public LeadSnapshot? MoveLead(string leadId, string toCampaignId)
    {
        lock (Gate)
        {
            if (Live(leadId) is not { } lead) return null;
            if (!_campaigns.TryGetValue(toCampaignId, out var to)) throw new ArgumentException($"Unknown campaign '{toCampaignId}'.", nameof(toCampaignId));
            if (lead.CampaignId is { } from && _campaigns.TryGetValue(from, out var old)) old.Leads.Remove(lead);
            lead.CampaignId = to.Id;
            lead.ListId = null;
            lead.TimestampUpdated = Now;
            to.Leads.Add(lead);
            if (lead.Status == 1) to.Due.Enqueue(lead, (DayOf(Now), lead.Key));
            return lead.Snapshot();
        }
    }

    /// <summary>Creates leads in a lead list (<c>list_id</c> set, no campaign): another team's import. Plan usage counts them.</summary>
    public IReadOnlyList<LeadSnapshot> AddListLeads(string listId, IEnumerable<string> emails)
    {
        if (!Guid.TryParse(listId, out _)) throw new ArgumentException($"A list id is a uuid, not '{listId}'.", nameof(listId));
        lock (Gate)
        {
            var created = new List<LeadSnapshot>();
            foreach (var email in emails)
            {
                var lead = NewLead(new LeadInput(email), NormaliseEmail(email), null, Now);
                lead.ListId = listId;
                Index(lead);
                PlanLeadsUsed++;
                created.Add(lead.Snapshot());
            }
            return created;
        }
    }

    /// <summary>Sets Instantly's interest label (<c>lt_interest_status</c>: 0 out of office, 1 interested, 2 meeting booked,
    /// 3 meeting completed, 4 won, -1 not interested, -2 wrong person, -3 lost, -4 no show; null clears it).</summary>
    public LeadSnapshot? SetInterest(string leadId, int? interest)
    {
        if (interest is { } i && i is < -4 or > 4) throw new ArgumentOutOfRangeException(nameof(interest), interest, "lt_interest_status is -4..4.");
        lock (Gate)
        {
            if (Live(leadId) is not { } lead) return null;
            lead.LtInterestStatus = interest;
            lead.TimestampLastInterestChange = lead.TimestampUpdated = Now;
            RaiseWebhook(Webhooks.WebhookSignal.LabelEvent(interest), lead, Now);
            return lead.Snapshot();
        }
    }

    /// <summary>
    /// A reply arrives: <c>email_reply_count</c> + 1, <c>timestamp_last_reply</c> = <paramref name="at"/> (default now). An
    /// out-of-office reply also sets <c>lt_interest_status</c> 0. <paramref name="status"/> optionally sets the lead's status
    /// too (3 = the sequence stopped on reply); by default the status is left as it is.
    /// </summary>
    public LeadSnapshot? AddReply(string leadId, bool outOfOffice = false, DateTimeOffset? at = null, int? status = null)
    {
        lock (Gate)
        {
            if (Live(leadId) is not { } lead) return null;
            var when = at ?? Now;
            lead.EmailReplyCount++;
            lead.TimestampLastReply = when;
            lead.TimestampUpdated = Max(lead.TimestampUpdated, when);
            if (outOfOffice)
            {
                lead.AutoReplyCount++;
                lead.LtInterestStatus = 0;
                lead.TimestampLastInterestChange = when;
            }
            if (status is { } s) lead.Status = s;
            RaiseWebhook(outOfOffice ? "auto_reply_received" : "reply_received", lead, when);
            if (outOfOffice) RaiseWebhook("lead_out_of_office", lead, when);
            return lead.Snapshot();
        }
    }

    /// <summary>Sets a lead's status (1 active, 2 paused, 3 completed, -1 bounced, -2 unsubscribed, -3 skipped) and, when given,
    /// <c>timestamp_last_contact</c> (for a bounce: the send that bounced).</summary>
    public LeadSnapshot? SetStatus(string leadId, int status, DateTimeOffset? lastContact = null)
    {
        if (status is not (1 or 2 or 3 or -1 or -2 or -3)) throw new ArgumentOutOfRangeException(nameof(status), status, "Lead status is 1, 2, 3, -1, -2 or -3.");
        lock (Gate)
        {
            if (Live(leadId) is not { } lead) return null;
            var was = lead.Status;
            lead.Status = status;
            if (lastContact is { } t) lead.TimestampLastContact = t;
            if (was != status) RaiseWebhook(status switch { -1 => "email_bounced", -2 => "lead_unsubscribed", _ => null }, lead, lastContact ?? Now);
            lead.TimestampUpdated = Max(lead.TimestampUpdated, Now);
            if (status == 1 && lead.CampaignId is { } cid && _campaigns.TryGetValue(cid, out var campaign))
                campaign.Due.Enqueue(lead, (DayOf(Now), lead.Key));
            return lead.Snapshot();
        }
    }

    /// <summary>
    /// Makes the API send one field of this lead with a wrong type (<c>""</c>) in list pages (and in GET when
    /// <paramref name="alsoOnGet"/>); null <paramref name="field"/> heals it. Fields: the timestamps, <c>status</c>, the counts,
    /// <c>lt_interest_status</c>.
    /// </summary>
    public LeadSnapshot? SetMalformed(string leadId, string? field = "timestamp_last_contact", bool alsoOnGet = false)
    {
        lock (Gate)
        {
            if (Live(leadId) is not { } lead) return null;
            lead.MalformedField = field;
            lead.MalformedOnGet = field is not null && alsoOnGet;
            return lead.Snapshot();
        }
    }

    /// <summary>Deletes a campaign (GET answers 404, adds to it are refused with 404); its leads stay in the workspace with its id.</summary>
    public bool DeleteCampaign(string campaignId)
    {
        lock (Gate)
        {
            if (!_campaigns.Remove(campaignId, out var campaign)) return false;
            _campaignOrder.Remove(campaign);
            return true;
        }
    }

    private SandboxLead? Live(string leadId) =>
        Guid.TryParse(leadId, out var g) && _byId.TryGetValue(g, out var lead) && !lead.Deleted ? lead : null;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
