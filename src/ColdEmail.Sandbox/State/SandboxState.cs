using ColdEmail.Sandbox.Hosting;

namespace ColdEmail.Sandbox.State;

/// <summary>
/// One Instantly workspace in memory: campaigns, leads (by id, by email, in id order), blocklist, plan usage and
/// verification credits. One lock guards it all; every operation is short and in memory.
/// </summary>
public sealed partial class SandboxState
{
    internal readonly Lock Gate = new();
    private readonly TimeProvider _clock;
    private readonly LeadIds _ids = new();
    private readonly Dictionary<Guid, SandboxLead> _byId = [];
    private readonly Dictionary<string, List<SandboxLead>> _byEmail = new(StringComparer.Ordinal);
    private readonly OrderedLeads _workspace = new();
    private readonly Dictionary<string, SandboxCampaign> _campaigns = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<SandboxCampaign> _campaignOrder = [];

    internal SandboxState(TimeProvider clock, string organizationId, int planLeadLimit, int verificationCredits)
    {
        _clock = clock;
        OrganizationId = organizationId;
        PlanLeadLimit = planLeadLimit;
        VerificationCredits = verificationCredits;
        BlocklistId = Guid.CreateVersion7(clock.GetUtcNow()).ToString();
    }

    public string OrganizationId { get; }
    public string BlocklistId { get; }
    internal int PlanLeadLimit { get; set; }
    internal int PlanLeadsUsed { get; set; }
    internal int VerificationCredits { get; set; }
    internal DateTimeOffset Now => _clock.GetUtcNow();

    /// <summary>Where lead events that Instantly reports by webhook go (the dispatcher's queue; never blocks). Null: none.</summary>
    internal Action<Webhooks.WebhookSignal>? WebhookSink { get; set; }

    /// <summary>Raises a webhook event for a lead (under <see cref="Gate"/>: the lead's data as of now).</summary>
    internal void RaiseWebhook(string? eventType, SandboxLead lead, DateTimeOffset at)
    {
        if (eventType is null || WebhookSink is not { } sink) return;
        var campaign = lead.CampaignId is { } cid && _campaigns.TryGetValue(cid, out var c) ? c.Name : null;
        sink(new Webhooks.WebhookSignal(eventType, lead.Email, lead.CampaignId, campaign, lead.StepsSent, at));
    }

    /// <summary>Live leads in the workspace.</summary>
    public int LeadCount
    {
        get { lock (Gate) return _workspace.Count; }
    }

    /// <summary>Live leads of one campaign (0 for an unknown id).</summary>
    public int CountLeads(string campaignId)
    {
        lock (Gate) return _campaigns.TryGetValue(campaignId, out var c) ? c.Leads.Count : 0;
    }

    /// <summary>Every live lead with this email (any campaign, or none), oldest first.</summary>
    public IReadOnlyList<LeadSnapshot> FindByEmail(string email)
    {
        lock (Gate)
            return _byEmail.TryGetValue(NormaliseEmail(email), out var list)
                ? list.Where(l => !l.Deleted).Select(l => l.Snapshot()).ToList()
                : [];
    }

    public LeadSnapshot? FindById(string id)
    {
        lock (Gate)
            return Guid.TryParse(id, out var g) && _byId.TryGetValue(g, out var lead) ? lead.Snapshot() : null;
    }

    /// <summary>Every live lead, optionally of one campaign, in id order.</summary>
    public IReadOnlyList<LeadSnapshot> AllLeads(string? campaignId = null)
    {
        lock (Gate)
        {
            if (campaignId is null) return _workspace.All().Select(l => l.Snapshot()).ToList();
            return _campaigns.TryGetValue(campaignId, out var c) ? c.Leads.All().Select(l => l.Snapshot()).ToList() : [];
        }
    }

    /// <summary>Campaign ids by name.</summary>
    public IReadOnlyDictionary<string, string> CampaignIds
    {
        get { lock (Gate) return _campaignOrder.ToDictionary(c => c.Name, c => c.Id, StringComparer.OrdinalIgnoreCase); }
    }

    internal SandboxCampaign AddCampaign(CampaignSpec spec, string? id = null, DateTimeOffset? created = null)
    {
        if (spec.DailyLimit < 0 || spec.SequenceLength < 1 || spec.StepDelayDays < 0)
            throw new ArgumentException($"Campaign '{spec.Name}': daily limit must be >= 0, sequence length >= 1, step delay >= 0.");
        lock (Gate)
        {
            if (_campaignOrder.Any(c => string.Equals(c.Name, spec.Name, StringComparison.OrdinalIgnoreCase)))
                throw new ArgumentException($"A campaign named '{spec.Name}' already exists.");
            var campaign = new SandboxCampaign
            {
                Id = id ?? Guid.CreateVersion7(Now).ToString(),
                Name = spec.Name,
                DailyLimit = spec.DailyLimit,
                SequenceLength = spec.SequenceLength,
                StepDelayDays = spec.StepDelayDays,
                TimestampCreated = created ?? Now,
            };
            _campaigns.Add(campaign.Id, campaign);
            _campaignOrder.Add(campaign);
            return campaign;
        }
    }

    internal IReadOnlyList<SandboxCampaign> Campaigns
    {
        get { lock (Gate) return _campaignOrder.ToList(); }
    }

    internal SandboxCampaign? Campaign(string id)
    {
        lock (Gate) return _campaigns.GetValueOrDefault(id);
    }

    internal SandboxCampaign? SetCampaignStatus(string id, int status)
    {
        lock (Gate)
        {
            if (!_campaigns.TryGetValue(id, out var campaign)) return null;
            campaign.Status = status;
            return campaign;
        }
    }

    /// <summary>Forgets every lead and campaign (plan usage too).</summary>
    internal void Clear()
    {
        lock (Gate)
        {
            _byId.Clear();
            _byEmail.Clear();
            _workspace.Clear();
            _campaigns.Clear();
            _campaignOrder.Clear();
            PlanLeadsUsed = 0;
            _verifications.Clear();
            _wipes.Clear();
        }
    }

    internal static string NormaliseEmail(string email) => email.Trim().ToLowerInvariant();

    // Under the lock.
    private void Index(SandboxLead lead)
    {
        _byId.Add(lead.Id, lead);
        _ids.Observe(lead.Id);
        _workspace.Add(lead);
        if (lead.EmailKey is { } key)
        {
            if (!_byEmail.TryGetValue(key, out var list)) _byEmail[key] = list = new List<SandboxLead>(1);
            list.Add(lead);
        }
        if (lead.CampaignId is { } cid && _campaigns.TryGetValue(cid, out var campaign))
        {
            campaign.Leads.Add(lead);
            if (lead.Status == 1)
            {
                var due = lead.TimestampLastContact is { } last ? DayOf(last) + Math.Max(1, campaign.StepDelayDays) : DayOf(lead.TimestampCreated);
                campaign.Due.Enqueue(lead, (due, lead.Key));
            }
        }
    }

    // Under the lock.
    private void Unindex(SandboxLead lead)
    {
        lead.Deleted = true;
        _byId.Remove(lead.Id);
        _workspace.MarkDeleted();
        if (lead.EmailKey is { } key && _byEmail.TryGetValue(key, out var list))
        {
            list.Remove(lead);
            if (list.Count == 0) _byEmail.Remove(key);
        }
        if (lead.CampaignId is { } cid && _campaigns.TryGetValue(cid, out var campaign)) campaign.Leads.MarkDeleted();
    }

    internal static long DayOf(DateTimeOffset t) => t.UtcTicks / TimeSpan.TicksPerDay;
}

public sealed partial class SandboxState
{
    /// <summary>The campaigns in creation order; the caller holds <see cref="Gate"/>.</summary>
    internal List<SandboxCampaign> CampaignsUnlocked => _campaignOrder;
}

public sealed partial class SandboxState
{
    /// <summary>Every live lead in id order; the caller holds <see cref="Gate"/>.</summary>
    internal IEnumerable<SandboxLead> LiveLeadsUnlocked() => _workspace.All();

    /// <summary>Puts back a saved lead; the caller holds <see cref="Gate"/>.</summary>
    internal void Restore(SandboxLead lead) => Index(lead);
}
