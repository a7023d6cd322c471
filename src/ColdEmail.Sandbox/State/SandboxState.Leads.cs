namespace ColdEmail.Sandbox.State;

public sealed partial class SandboxState
{
    /// <summary>local@domain.tld: one '@', no whitespace, a dot in the domain and a top-level part of two or more characters.</summary>
    internal static bool IsValidEmail(string? email)
    {
        if (email is null) return false;
        var e = email.AsSpan().Trim();
        if (e.Length is < 6 or > 320) return false;
        var at = e.IndexOf('@');
        if (at <= 0 || e[(at + 1)..].Contains('@')) return false;
        foreach (var c in e) if (char.IsWhiteSpace(c)) return false;
        var domain = e[(at + 1)..];
        var dot = domain.LastIndexOf('.');
        return dot > 0 && domain.Length - dot - 1 >= 2 && !domain.StartsWith('.') && !domain.Contains("..", StringComparison.Ordinal);
    }

    /// <summary>
    /// <c>POST /api/v2/leads/add</c> with a campaign: per lead, in this order — invalid or missing email, a repeat
    /// within the payload, the blocklist, the skip flags (<c>skip_if_in_workspace</c> overrides the others), already in
    /// this campaign; the rest are created. A batch larger than the plan's remaining allowance is refused whole.
    /// </summary>
    internal (BulkAddSummary? Summary, Refusal? Refusal) BulkAdd(BulkAddCommand command)
    {
        lock (Gate)
        {
            if (!_campaigns.TryGetValue(command.CampaignId, out var campaign))
                return (null, new Refusal(404, "Campaign not found"));
            var remaining = PlanLeadLimit - PlanLeadsUsed;
            if (command.Leads.Count > remaining)
                return (null, new Refusal(403, $"Lead upload limit reached: {remaining} uploads remain in your plan, the request has {command.Leads.Count} leads"));

            var now = Now;
            int blocked = 0, duplicated = 0, skipped = 0, invalid = 0, repeated = 0;
            var created = new List<CreatedLeadInfo>(command.Leads.Count);
            var seen = new HashSet<string>(command.Leads.Count, StringComparer.Ordinal);
            for (var i = 0; i < command.Leads.Count; i++)
            {
                var input = command.Leads[i];
                if (!IsValidEmail(input.Email)) { invalid++; continue; }
                var key = NormaliseEmail(input.Email!);
                if (!seen.Add(key)) { repeated++; continue; }
                if (IsBlocked(key)) { blocked++; continue; }
                _byEmail.TryGetValue(key, out var existing);
                if (existing is { Count: > 0 })
                {
                    if (command.SkipIfInWorkspace) { skipped++; continue; }
                    if (command.SkipIfInCampaign && existing.Any(l => l.CampaignId is not null)) { skipped++; continue; }
                    if (command.SkipIfInList && existing.Any(l => l.ListId is not null)) { skipped++; continue; }
                    if (existing.Any(l => string.Equals(l.CampaignId, campaign.Id, StringComparison.OrdinalIgnoreCase))) { duplicated++; continue; }
                }
                var lead = NewLead(input, key, campaign.Id, now);
                Index(lead);
                created.Add(new CreatedLeadInfo(i, lead));
            }
            PlanLeadsUsed += created.Count;
            return (new BulkAddSummary(command.Leads.Count, created.Count, blocked, BlocklistId, duplicated, skipped, invalid,
                0, repeated, PlanLeadLimit - PlanLeadsUsed, created), null);
        }
    }

    /// <summary>
    /// <c>POST /api/v2/leads</c>. Without a (known) <c>campaign</c> the lead lands in no campaign — which is what
    /// happens to a misnamed <c>campaign_id</c>. A lead already in the same campaign is answered with the existing
    /// lead unchanged (the soft dedupe observed on the real API); a skip flag that matches does the same.
    /// </summary>
    internal (SandboxLead? Lead, Refusal? Refusal) CreateLead(LeadInput input, string? campaignId, bool skipIfInWorkspace, bool skipIfInCampaign)
    {
        lock (Gate)
        {
            SandboxCampaign? campaign = null;
            if (campaignId is not null && !_campaigns.TryGetValue(campaignId, out campaign))
                return (null, new Refusal(404, "Campaign not found"));
            if (campaign is not null && string.IsNullOrWhiteSpace(input.Email))
                return (null, new Refusal(400, "body must have required property 'email' when 'campaign' is set"));
            if (input.Email is not null && !IsValidEmail(input.Email))
                return (null, new Refusal(400, $"body/email '{input.Email}' is not a valid email address"));
            if (input.Email is null && input.FirstName is null && input.LastName is null)
                return (null, new Refusal(400, "body must have at least one of 'email', 'first_name', 'last_name'"));
            if (PlanLeadsUsed >= PlanLeadLimit)
                return (null, new Refusal(403, "Lead upload limit reached: 0 uploads remain in your plan"));
            var key = input.Email is null ? null : NormaliseEmail(input.Email);
            if (key is not null && IsBlocked(key))
                return (null, new Refusal(400, $"Lead '{input.Email}' is in the blocklist"));
            if (key is not null && _byEmail.TryGetValue(key, out var existing) && existing.Count > 0)
            {
                var match = skipIfInWorkspace ? existing[0]
                    : skipIfInCampaign ? existing.FirstOrDefault(l => l.CampaignId is not null)
                    : existing.FirstOrDefault(l => string.Equals(l.CampaignId, campaign?.Id, StringComparison.OrdinalIgnoreCase));
                if (match is not null) return (match, null);
            }
            var lead = NewLead(input, key, campaign?.Id, Now);
            Index(lead);
            PlanLeadsUsed++;
            return (lead, null);
        }
    }

    internal SandboxLead? GetLead(Guid id)
    {
        lock (Gate) return _byId.GetValueOrDefault(id);
    }

    internal SandboxLead? DeleteLead(Guid id)
    {
        lock (Gate)
        {
            if (!_byId.TryGetValue(id, out var lead)) return null;
            Unindex(lead);
            return lead;
        }
    }

    /// <summary>
    /// <c>DELETE /api/v2/leads</c>: without <paramref name="ids"/> every lead of the campaign matching the status
    /// filter goes (up to <paramref name="limit"/>) — as dangerous as the real API.
    /// </summary>
    internal (int Count, Refusal? Refusal) BulkDelete(string campaignId, IReadOnlyList<Guid>? ids, int? status, int? limit)
    {
        lock (Gate)
        {
            if (!_campaigns.TryGetValue(campaignId, out var campaign)) return (0, new Refusal(404, "Campaign not found"));
            IEnumerable<SandboxLead> candidates = ids is null
                ? campaign.Leads.All()
                : ids.Select(id => _byId.GetValueOrDefault(id)).OfType<SandboxLead>()
                    .Where(l => string.Equals(l.CampaignId, campaign.Id, StringComparison.OrdinalIgnoreCase));
            var doomed = candidates.Where(l => status is null || l.Status == status).Take(limit ?? int.MaxValue).ToList();
            foreach (var lead in doomed) Unindex(lead);
            return (doomed.Count, null);
        }
    }

    private SandboxLead NewLead(LeadInput input, string? emailKey, string? campaignId, DateTimeOffset now)
    {
        var id = _ids.Next(now);
        return new SandboxLead
        {
            Id = id,
            Key = LeadIds.Key(id),
            IdText = id.ToString(),
            Email = input.Email?.Trim(),
            EmailKey = emailKey,
            CampaignId = campaignId,
            FirstName = input.FirstName,
            LastName = input.LastName,
            CompanyName = input.CompanyName,
            JobTitle = input.JobTitle,
            Phone = input.Phone,
            Website = input.Website,
            Personalization = input.Personalization,
            LtInterestStatus = input.LtInterestStatus,
            PlValueLead = input.PlValueLead,
            AssignedTo = input.AssignedTo,
            CustomVariables = input.CustomVariables,
            TimestampCreated = now,
            TimestampUpdated = now,
            EspCode = EspFor(emailKey),
        };
    }

    private static int EspFor(string? emailKey)
    {
        if (emailKey is null) return 0;
        if (emailKey.EndsWith("@gmail.com", StringComparison.Ordinal)) return 1;
        if (emailKey.EndsWith("@outlook.com", StringComparison.Ordinal) || emailKey.EndsWith("@hotmail.com", StringComparison.Ordinal)) return 2;
        return 999;
    }
}
