namespace ColdEmail.Sandbox.State;

/// <summary>A lead's fields as a request gave them (only the schema's known fields; unknown ones never get here).</summary>
internal sealed record LeadInput(
    string? Email,
    string? FirstName = null,
    string? LastName = null,
    string? CompanyName = null,
    string? JobTitle = null,
    string? Phone = null,
    string? Website = null,
    string? Personalization = null,
    int? LtInterestStatus = null,
    string? PlValueLead = null,
    string? AssignedTo = null,
    List<KeyValuePair<string, string>>? CustomVariables = null);

internal sealed record BulkAddCommand(
    string CampaignId,
    IReadOnlyList<LeadInput> Leads,
    bool SkipIfInWorkspace,
    bool SkipIfInCampaign,
    bool SkipIfInList);

internal sealed record CreatedLeadInfo(int Index, SandboxLead Lead);

internal sealed record BulkAddSummary(
    int TotalSent,
    int LeadsUploaded,
    int InBlocklist,
    string BlocklistUsed,
    int DuplicatedLeads,
    int SkippedCount,
    int InvalidEmailCount,
    int IncompleteCount,
    int DuplicateEmailCount,
    int RemainingInPlan,
    IReadOnlyList<CreatedLeadInfo> CreatedLeads);

internal sealed record ListQuery(
    string? Campaign,
    IReadOnlyList<Guid>? Ids,
    IReadOnlyList<Guid>? ExcludedIds,
    IReadOnlyList<string>? Contacts,
    string? Search,
    string? Filter,
    bool? InCampaign,
    int Limit,
    string? StartingAfter,
    string? ListId = null,
    bool? InList = null);

/// <summary>An API refusal: status and the envelope's message.</summary>
internal sealed record Refusal(int Status, string Message);
