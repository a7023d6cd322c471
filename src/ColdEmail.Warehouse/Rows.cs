using ColdEmail.Domain.Leads;

namespace ColdEmail.Warehouse;

/// <summary>Which ready leads a campaign wants: revenue in [MinRevenue, MaxRevenue), plus unknown revenue if it is the default home.</summary>
public sealed record ReadyLeadQuery(
    string CampaignName,
    decimal? MinRevenue,
    decimal? MaxRevenue,
    bool IncludeUnknownRevenue,
    int PageSize = 1000,
    int? Limit = null,
    DateTimeOffset? Now = null);

/// <summary>An <c>eligible_leads</c> row and, when the view excludes it, why (e.g. "already active", "cooldown until 2026-12-01").</summary>
public sealed record EligibilityRow(Prospect Prospect, string? ExclusionReason, DateTimeOffset? CooldownUntil);

public sealed record LeadKey(string Email, string CampaignId);

/// <summary>A row of <c>ops_inst_state</c>.</summary>
public sealed record LeadStateRow(
    string Email,
    string CampaignId,
    string? CampaignName,
    LeadState State,
    string? InstantlyLeadId,
    int? StatusCode,
    string? Reason,
    DateTimeOffset At,
    int RetryCount = 0,
    long? ApiResponseTimeMs = null);

public sealed record DrainCandidate(
    string Email,
    string CampaignId,
    string InstantlyLeadId,
    DateTimeOffset AddedAt,
    DateTimeOffset? LastDrainCheck,
    int Priority);

/// <summary>A drain decision to write: history (with reason and days in campaign), state, and optional suppression.</summary>
public sealed record DrainRecord(
    string Email,
    string CampaignId,
    string InstantlyLeadId,
    string DrainReason,
    string Outcome,
    DateTimeOffset DrainedAt,
    int DaysInCampaign,
    int EmailsSent,
    int EmailsOpened,
    int LinksClicked,
    int RepliesReceived,
    string? SuppressionReason,
    string? DetailsJson = null);

/// <summary>A row of <c>ops_dead_letters</c>.</summary>
public sealed record DeadLetter(
    string Id,
    string Operation,
    string Email,
    string? CampaignId,
    string ErrorKind,
    int? HttpStatus,
    string Message,
    string? PayloadJson,
    int RetryCount,
    DateTimeOffset? NextRetryAt,
    DateTimeOffset FirstFailureAt,
    DateTimeOffset LastFailureAt,
    bool Permanent,
    DateTimeOffset? ResolvedAt = null,
    string? Resolution = null);

public sealed record ConfigEntry(string Key, string ValueJson, DateTimeOffset UpdatedAt);

/// <summary>A row of <c>ops_runs</c>: one per sync or drain run.</summary>
public sealed record RunRecord(
    string RunId,
    string Kind,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    bool Succeeded,
    string SummaryJson);

public sealed record Suppression(string Email, string Reason, DateTimeOffset Since);

public sealed record HistoryRow(
    string Email,
    string? CampaignId,
    string? LeadId,
    string EventType,
    DateTimeOffset EventTimestamp,
    string? Outcome,
    string? OutcomeReason,
    string? DrainReason,
    int? DaysInCampaign);

/// <summary>What <c>coldemail explain</c> shows about one email.</summary>
public sealed record LeadDossier(
    string Email,
    Prospect? Eligible,
    string? ExclusionReason,
    IReadOnlyList<LeadStateRow> States,
    IReadOnlyList<HistoryRow> History,
    IReadOnlyList<DeadLetter> DeadLetters,
    Suppression? Suppression);

public sealed record DailyPerformanceRow(
    DateOnly Date,
    string SequenceTarget,
    int LeadsAdded,
    int LeadsCompleted,
    int LeadsReplied,
    decimal? ReplyRate,
    int LeadsBounced,
    decimal? BounceRate);

public sealed record CampaignRoiRow(
    string SequenceTarget,
    int TotalLeads,
    int RepliedLeads,
    decimal AvgCloseRate,
    decimal ExpectedRevenue,
    decimal RevenuePerLead);
