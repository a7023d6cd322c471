namespace ColdEmail.Sandbox.State;

public sealed partial class SandboxState
{
    /// <summary>
    /// <c>POST /api/v2/leads/list</c>: ascending id order from the cursor. A non-empty page always carries
    /// <c>next_starting_after</c>, so only an empty page ends a walk (as the real API warns).
    /// </summary>
    internal (List<SandboxLead>? Items, Refusal? Refusal) List(ListQuery q)
    {
        UInt128? after = null;
        if (q.StartingAfter is { } cursor)
        {
            if (!Guid.TryParse(cursor, out var g)) return (null, new Refusal(400, $"body/starting_after '{cursor}' is not a lead id"));
            after = LeadIds.Key(g);
        }
        var filter = LeadFilter(q.Filter);
        if (q.Filter is not null && filter is null) return (null, new Refusal(400, $"body/filter '{q.Filter}' is not a known filter"));
        lock (Gate)
        {
            SandboxCampaign? campaign = null;
            if (q.Campaign is not null && !_campaigns.TryGetValue(q.Campaign, out campaign)) return ([], null);
            IEnumerable<SandboxLead> source;
            if (q.Ids is not null || q.Contacts is not null)
            {
                var picked = new Dictionary<Guid, SandboxLead>();
                foreach (var id in q.Ids ?? [])
                    if (_byId.TryGetValue(id, out var l)) picked.TryAdd(l.Id, l);
                foreach (var email in q.Contacts ?? [])
                    if (_byEmail.TryGetValue(NormaliseEmail(email), out var ls))
                        foreach (var l in ls) picked.TryAdd(l.Id, l);
                source = picked.Values.Where(l => after is null || l.Key > after).OrderBy(l => l.Key);
            }
            else source = campaign is not null ? campaign.Leads.After(after) : _workspace.After(after);

            var excluded = q.ExcludedIds is { Count: > 0 } ex ? ex.ToHashSet() : null;
            var items = new List<SandboxLead>(Math.Min(q.Limit, 100));
            foreach (var lead in source)
            {
                if (lead.Deleted) continue;
                if (campaign is not null && !string.Equals(lead.CampaignId, campaign.Id, StringComparison.OrdinalIgnoreCase)) continue;
                if (excluded?.Contains(lead.Id) == true) continue;
                if (q.InCampaign is { } inCampaign && (lead.CampaignId is not null) != inCampaign) continue;
                if (q.ListId is { } list && !string.Equals(lead.ListId, list, StringComparison.OrdinalIgnoreCase)) continue;
                if (q.InList is { } inList && (lead.ListId is not null) != inList) continue;
                if (filter is not null && !filter(lead)) continue;
                if (q.Search is { Length: > 0 } s && !Matches(lead, s)) continue;
                items.Add(lead);
                if (items.Count == q.Limit) break;
            }
            return (items, null);
        }
    }

    private static bool Matches(SandboxLead lead, string search) =>
        (lead.Email?.Contains(search, StringComparison.OrdinalIgnoreCase) ?? false)
        || (lead.FirstName?.Contains(search, StringComparison.OrdinalIgnoreCase) ?? false)
        || (lead.LastName?.Contains(search, StringComparison.OrdinalIgnoreCase) ?? false);

    private static Func<SandboxLead, bool>? LeadFilter(string? filter) => filter switch
    {
        null => null,
        "FILTER_VAL_CONTACTED" => l => l.StepsSent > 0,
        "FILTER_VAL_NOT_CONTACTED" => l => l.StepsSent == 0,
        "FILTER_VAL_COMPLETED" => l => l.Status == 3,
        "FILTER_VAL_UNSUBSCRIBED" => l => l.Status == -2,
        "FILTER_VAL_ACTIVE" => l => l.Status == 1,
        "FILTER_VAL_BOUNCED" => l => l.Status == -1,
        "FILTER_VAL_SKIPPED" => l => l.Status == -3,
        "FILTER_VAL_REPLIED" => l => l.EmailReplyCount > 0,
        "FILTER_VAL_LINK_CLICKED" => l => l.EmailClickCount > 0,
        "FILTER_VAL_NO_OPENS" => l => l.EmailOpenCount == 0,
        "FILTER_VAL_OPENED_NO_REPLY" => l => l.EmailOpenCount > 0 && l.EmailReplyCount == 0,
        "FILTER_VAL_COMPLETED_NO_REPLY" => l => l.Status == 3 && l.EmailReplyCount == 0,
        "FILTER_LEAD_OUT_OF_OFFICE" => l => l.LtInterestStatus == 0,
        "FILTER_LEAD_INTERESTED" => l => l.LtInterestStatus == 1,
        "FILTER_LEAD_NOT_INTERESTED" => l => l.LtInterestStatus == -1,
        "FILTER_LEAD_MEETING_BOOKED" => l => l.LtInterestStatus == 2,
        "FILTER_LEAD_MEETING_COMPLETED" => l => l.LtInterestStatus == 3,
        "FILTER_LEAD_CLOSED" => l => l.LtInterestStatus == 4,
        "FILTER_LEAD_WRONG_PERSON" => l => l.LtInterestStatus == -2,
        "FILTER_LEAD_LOST" => l => l.LtInterestStatus == -3,
        "FILTER_LEAD_NO_SHOW" => l => l.LtInterestStatus == -4,
        "FILTER_VAL_VALID" => l => l.VerificationStatus == 1,
        "FILTER_VAL_INVALID" => l => l.VerificationStatus == -1,
        "FILTER_VAL_RISKY" => l => l.VerificationStatus == -2,
        "FILTER_VAL_IN_SUBSEQUENCE" or "FILTER_LEAD_CUSTOM_LABEL_POSITIVE" or "FILTER_LEAD_CUSTOM_LABEL_NEGATIVE" => _ => false,
        _ => null,
    };
}
