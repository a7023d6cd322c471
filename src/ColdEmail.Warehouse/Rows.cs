using ColdEmail.Domain.Leads;
using ColdEmail.Domain.Routing;

namespace ColdEmail.Warehouse;

/// <summary>
/// Which ready leads a campaign wants: those <paramref name="Routing"/> sends to <paramref name="CampaignName"/>
/// (null: every ready lead, whatever its campaign). Each lead's <c>sequence_target</c> is rendered from the same routing.
/// <paramref name="VerificationEnabled"/> is the effective coldemail.feature-flags.email-verification-enabled the reader
/// runs with (the sync passes its live setting); while on, a lead whose stored verdict is invalid is not ready.
/// </summary>
public sealed record ReadyLeadQuery(
    CampaignRouting Routing,
    string? CampaignName,
    int PageSize = 1000,
    int? Limit = null,
    DateTimeOffset? Now = null,
    bool VerificationEnabled = true);

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

/// <summary>
/// A drain decision to write: history (with reason and days in campaign), state, and optional suppression.
/// <see cref="CooldownUntil"/> is when the person may be enrolled again (drained_at + cooldown-days); without it
/// the views fall back to 90 days after the drain. A suppression outlives any cooldown.
/// </summary>
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
    string? DetailsJson = null,
    DateTimeOffset? CooldownUntil = null);

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

/// <summary>Every address at <see cref="Domain"/> (lower case, no "@") is excluded, e.g. a company that replied "stop".</summary>
public sealed record DomainSuppression(string Domain, string Reason, DateTimeOffset Since);

/// <summary>What an erasure removed: rows deleted per table (null when the engine does not report it) and what it could not touch.</summary>
public sealed record ErasureReport(string EmailSha256, IReadOnlyList<ErasedTable> Tables);

/// <summary>One table an erasure touched; <see cref="Skipped"/> says why it was left alone (e.g. eligible_leads is a view over a file).</summary>
public sealed record ErasedTable(string Table, long? RowsDeleted, string? Skipped = null);

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

/// <summary>
/// What <c>coldemail explain</c> shows about one email. <see cref="Erased"/>: the address was forgotten (only its
/// hash is kept, so nothing else about it is known); <see cref="DomainSuppression"/>: its whole domain is suppressed.
/// </summary>
public sealed record LeadDossier(
    string Email,
    Prospect? Eligible,
    string? ExclusionReason,
    IReadOnlyList<LeadStateRow> States,
    IReadOnlyList<HistoryRow> History,
    IReadOnlyList<DeadLetter> DeadLetters,
    Suppression? Suppression,
    bool Erased = false,
    DomainSuppression? DomainSuppression = null);

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
