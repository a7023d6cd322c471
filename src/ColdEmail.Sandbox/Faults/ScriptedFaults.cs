namespace ColdEmail.Sandbox.Faults;

/// <summary>The operations a scripted fault can be aimed at (the real API's endpoints, by a short name).</summary>
public static class SandboxOperation
{
    public const string BulkAdd = "leads.add";
    public const string CreateLead = "leads.create";
    public const string ListLeads = "leads.list";
    public const string GetLead = "leads.get";
    public const string DeleteLead = "leads.delete";
    public const string BulkDelete = "leads.bulk-delete";
    public const string GetCampaign = "campaigns.get";
    public const string BlockListBulkCreate = "block-list.bulk-create";

    public static readonly IReadOnlyList<string> All = [BulkAdd, CreateLead, ListLeads, GetLead, DeleteLead, BulkDelete, GetCampaign, BlockListBulkCreate];

    /// <summary>The operation of a request, or null for one no fault can be aimed at.</summary>
    internal static string? Of(string method, string path) => (method, path.TrimEnd('/')) switch
    {
        ("POST", "/api/v2/leads/add") => BulkAdd,
        ("POST", "/api/v2/leads") => CreateLead,
        ("POST", "/api/v2/leads/list") => ListLeads,
        ("DELETE", "/api/v2/leads") => BulkDelete,
        ("POST", "/api/v2/block-lists-entries/bulk-create") => BlockListBulkCreate,
        ("GET", var p) when p.StartsWith("/api/v2/leads/", StringComparison.Ordinal) && p.Count(c => c == '/') == 4 => GetLead,
        ("DELETE", var p) when p.StartsWith("/api/v2/leads/", StringComparison.Ordinal) && p.Count(c => c == '/') == 4 => DeleteLead,
        ("GET", var p) when p.StartsWith("/api/v2/campaigns/", StringComparison.Ordinal) && p.Count(c => c == '/') == 4
            && !p.EndsWith("/analytics", StringComparison.Ordinal) => GetCampaign,
        _ => null,
    };
}

/// <summary>A fault armed for the next <see cref="Times"/> calls of one operation (deterministic, unlike the rates of <see cref="FaultOptions"/>).</summary>
public abstract record ScriptedFault
{
    /// <summary>How many calls it hits; <see cref="int.MaxValue"/> = until cleared.</summary>
    public int Times { get; init; } = 1;
}

/// <summary>
/// The request is refused before anything is applied, with the real envelope <c>{"statusCode","error","message"}</c>.
/// Use the factories for the account-level errors a bulk add meets.
/// </summary>
public sealed record RefuseFault(int Status, string Message) : ScriptedFault
{
    public static RefuseFault Unauthorized() => new(401, "Invalid API key");
    public static RefuseFault PaymentRequired() => new(402, "Workspace does not have an active paid plan");
    public static RefuseFault UploadLimitReached() => new(403, "Lead upload limit reached: 0 uploads remain in your plan");
    public static RefuseFault MissingScope() => new(403, "API key does not have the required scope: leads:create");
    public static RefuseFault CampaignNotFound() => new(404, "Campaign not found");
    /// <summary>A 400 about the request itself (a top-level field), not about any lead.</summary>
    public static RefuseFault BadCampaignId() => new(400, "body/campaign_id must match format \"uuid\"");
    /// <summary>A 400 about one lead of the batch (0-based index).</summary>
    public static RefuseFault BadLead(int index) => new(400, $"body/leads/{index}/email must match format \"email\"");
}

/// <summary>The write is applied, then its answer is lost: a 500 (default) or a dropped connection.</summary>
public sealed record LoseAnswerFault(bool DropConnection = false) : ScriptedFault;

/// <summary>Bulk delete: only the first <see cref="Deleted"/> of the matching ids are deleted, and <c>count</c> says so.</summary>
public sealed record PartialDeleteFault(int Deleted) : ScriptedFault;

/// <summary>A successful answer also carries <c>"error": null</c> (which is not an error).</summary>
public sealed record NullErrorFault : ScriptedFault;

/// <summary>Faults armed per operation; each call takes at most one of each kind, first armed first.</summary>
internal sealed class ScriptedFaults
{
    private readonly Lock _gate = new();
    private readonly List<(string Operation, ScriptedFault Fault, int Left)> _armed = [];

    public void Arm(string operation, ScriptedFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        if (!SandboxOperation.All.Contains(operation))
            throw new ArgumentException($"Unknown operation '{operation}'; known: {string.Join(", ", SandboxOperation.All)}.", nameof(operation));
        if (fault.Times < 1) throw new ArgumentOutOfRangeException(nameof(fault), fault.Times, "Times must be at least 1.");
        if (fault is RefuseFault { Status: < 400 or > 599 } r) throw new ArgumentOutOfRangeException(nameof(fault), r.Status, "A refusal is a 4xx or 5xx.");
        if (fault is PartialDeleteFault { Deleted: < 0 } p) throw new ArgumentOutOfRangeException(nameof(fault), p.Deleted, "Deleted must be >= 0.");
        lock (_gate) _armed.Add((operation, fault, fault.Times));
    }

    public void Clear()
    {
        lock (_gate) _armed.Clear();
    }

    public IReadOnlyList<(string Operation, ScriptedFault Fault, int Left)> Armed
    {
        get { lock (_gate) return _armed.ToList(); }
    }

    /// <summary>Takes one use of the first armed fault of type <typeparamref name="T"/> for the operation.</summary>
    public T? Take<T>(string? operation) where T : ScriptedFault
    {
        if (operation is null) return null;
        lock (_gate)
        {
            for (var i = 0; i < _armed.Count; i++)
            {
                var (op, fault, left) = _armed[i];
                if (op != operation || fault is not T hit) continue;
                if (left <= 1) _armed.RemoveAt(i);
                else if (left != int.MaxValue) _armed[i] = (op, fault, left - 1);
                return hit;
            }
            return null;
        }
    }
}
