namespace ColdEmail.Sandbox.State;

/// <summary>A lead as the sandbox stores it (mutable; guarded by the state's lock).</summary>
internal sealed class SandboxLead
{
    public required Guid Id { get; init; }
    public required UInt128 Key { get; init; }
    public required string IdText { get; init; }
    public string? Email { get; init; }
    /// <summary>Trimmed, lower-case: what duplicate checks compare.</summary>
    public string? EmailKey { get; init; }
    public string? CampaignId { get; set; }
    public string? ListId { get; set; }
    public string? FirstName { get; set; }
    public string? LastName { get; set; }
    public string? CompanyName { get; set; }
    public string? JobTitle { get; set; }
    public string? Phone { get; set; }
    public string? Website { get; set; }
    public string? Personalization { get; set; }
    public string? PlValueLead { get; set; }
    public string? AssignedTo { get; set; }
    /// <summary>Custom variables as (name, raw JSON value), in the order given.</summary>
    public List<KeyValuePair<string, string>>? CustomVariables { get; set; }
    public string UploadMethod { get; init; } = "api";

    public int Status { get; set; } = 1;
    public int? LtInterestStatus { get; set; }
    public int EmailOpenCount { get; set; }
    public int EmailReplyCount { get; set; }
    public int EmailClickCount { get; set; }
    /// <summary>Out-of-office auto-replies among <see cref="EmailReplyCount"/>.</summary>
    public int AutoReplyCount { get; set; }
    /// <summary>Sequence steps sent so far.</summary>
    public int StepsSent { get; set; }
    public int? VerificationStatus { get; set; }
    public int EspCode { get; set; }

    public DateTimeOffset TimestampCreated { get; init; }
    public DateTimeOffset TimestampUpdated { get; set; }
    public DateTimeOffset? TimestampLastContact { get; set; }
    public DateTimeOffset? TimestampLastOpen { get; set; }
    public DateTimeOffset? TimestampLastClick { get; set; }
    public DateTimeOffset? TimestampLastReply { get; set; }
    public DateTimeOffset? TimestampLastInterestChange { get; set; }

    public bool Deleted { get; set; }
    /// <summary>A field the API sends with a wrong type ("") for this lead (a fault mode; see README.md).</summary>
    public string? MalformedField { get; set; }
    /// <summary>Whether <see cref="MalformedField"/> also spoils GET /leads/{id}, not only list pages.</summary>
    public bool MalformedOnGet { get; set; }

    public string? CompanyDomain => EmailKey is { } e && e.IndexOf('@') is var at and > 0 ? e[(at + 1)..] : null;

    public LeadSnapshot Snapshot() => new(
        IdText, Email, CampaignId, ListId, Status, LtInterestStatus, EmailOpenCount, EmailReplyCount, EmailClickCount, StepsSent,
        FirstName, LastName, CompanyName, Website, Personalization,
        CustomVariables?.ToDictionary(kv => kv.Key, kv => kv.Value) ?? new Dictionary<string, string>(),
        TimestampCreated, TimestampUpdated, TimestampLastContact, TimestampLastReply);
}

/// <summary>A read-only copy of a sandbox lead, for tests and the admin endpoints.</summary>
/// <param name="CustomVariables">Each value as raw JSON (<c>"Acme"</c>, <c>42</c>, <c>true</c>).</param>
public sealed record LeadSnapshot(
    string Id,
    string? Email,
    string? CampaignId,
    string? ListId,
    int Status,
    int? LtInterestStatus,
    int EmailOpenCount,
    int EmailReplyCount,
    int EmailClickCount,
    int StepsSent,
    string? FirstName,
    string? LastName,
    string? CompanyName,
    string? Website,
    string? Personalization,
    IReadOnlyDictionary<string, string> CustomVariables,
    DateTimeOffset TimestampCreated,
    DateTimeOffset TimestampUpdated,
    DateTimeOffset? TimestampLastContact,
    DateTimeOffset? TimestampLastReply);
