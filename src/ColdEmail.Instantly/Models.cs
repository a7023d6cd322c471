using System.Text.Json;
using ColdEmail.Domain.Verification;

namespace ColdEmail.Instantly;

/// <summary>A lead to create. Custom variable values are strings, numbers or booleans (never objects or null).</summary>
public sealed record NewLead(
    string Email,
    string? FirstName = null,
    string? LastName = null,
    string? CompanyName = null,
    string? Website = null,
    string? Personalization = null,
    IReadOnlyDictionary<string, object>? CustomVariables = null);

public sealed record BulkAddRequest(
    string CampaignId,
    IReadOnlyList<NewLead> Leads,
    bool SkipIfInWorkspace = true,
    bool SkipIfInCampaign = false,
    bool SkipIfInList = false,
    bool VerifyLeadsOnImport = false);

public sealed record CreatedLead(int Index, string Id, string? Email);

/// <summary>The counters of <c>POST /api/v2/leads/add</c>, exactly as the API names them.</summary>
public sealed record BulkAddResult(
    string Status,
    int TotalSent,
    int LeadsUploaded,
    int InBlocklist,
    string? BlocklistUsed,
    int DuplicatedLeads,
    int SkippedCount,
    int InvalidEmailCount,
    int IncompleteCount,
    int DuplicateEmailCount,
    int? RemainingInPlan,
    IReadOnlyList<CreatedLead> CreatedLeads);

public sealed record CreateLeadRequest(string CampaignId, NewLead Lead, bool SkipIfInWorkspace = true);

public sealed record ListLeadsRequest
{
    /// <summary>Sent as <c>campaign</c>, the real API's name (a <c>campaign_id</c> filter is silently ignored).</summary>
    public string? CampaignId { get; init; }
    public IReadOnlyList<string>? Ids { get; init; }
    /// <summary>Emails (<c>contacts</c>): how skipped leads of a bulk add are reconciled.</summary>
    public IReadOnlyList<string>? Contacts { get; init; }
    public string? Filter { get; init; }
    public int Limit { get; init; } = 100;
    public string? StartingAfter { get; init; }
}

/// <summary>One page of leads.</summary>
/// <param name="Items">The leads that could be read.</param>
/// <param name="NextStartingAfter">The cursor for the next page (a page with data may carry one even when it is the last).</param>
public sealed record LeadPage(IReadOnlyList<InstantlyLead> Items, string? NextStartingAfter)
{
    /// <summary>
    /// Ids of items the page carried but that could not be read (a field of an unexpected type, e.g. a timestamp sent as
    /// <c>""</c>). One odd lead must not hide the other 99; the caller looks each of these up alone (GET) and handles it.
    /// </summary>
    public IReadOnlyList<string> MalformedIds { get; init; } = [];
}

/// <summary>The fields of Instantly's Lead object that ColdEmail reads.</summary>
/// <param name="ListId">Instantly's <c>list_id</c>: set for a lead that sits in a lead list (then it is in no campaign).</param>
public sealed record InstantlyLead(
    string Id,
    string? Email,
    string? CampaignId,
    int Status,
    int EmailOpenCount,
    int EmailReplyCount,
    int EmailClickCount,
    int? LtInterestStatus,
    DateTimeOffset TimestampCreated,
    DateTimeOffset? TimestampUpdated,
    DateTimeOffset? TimestampLastContact,
    DateTimeOffset? TimestampLastReply,
    int? VerificationStatus,
    int? EspCode,
    IReadOnlyDictionary<string, JsonElement>? Payload,
    string? ListId = null);

/// <summary>The answer of <c>POST /api/v2/block-lists-entries/bulk-create</c>: how many values Instantly took and refused.</summary>
public sealed record BlockListBulkResult(int ValidCount, int InvalidCount);

public enum DeleteOutcome { Deleted, AlreadyGone }

public sealed record Campaign(
    string Id,
    string Name,
    int Status,
    int? DailyLimit,
    int? DailyMaxLeads,
    bool? StopOnReply,
    bool? StopOnAutoReply,
    DateTimeOffset? TimestampCreated);

public sealed record CampaignPage(IReadOnlyList<Campaign> Items, string? NextStartingAfter);

public sealed record CampaignAnalytics(
    string CampaignId,
    string? CampaignName,
    int CampaignStatus,
    int LeadsCount,
    int ContactedCount,
    int EmailsSentCount,
    int OpenCount,
    int ReplyCount,
    int ReplyCountAutomatic,
    int LinkClickCount,
    int BouncedCount,
    int UnsubscribedCount,
    int CompletedCount);

public sealed record EmailVerification(
    string Email,
    VerificationStatus VerificationStatus,
    CatchAllState CatchAll,
    decimal? Credits,
    decimal? CreditsUsed);
