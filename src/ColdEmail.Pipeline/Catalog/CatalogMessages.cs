using ColdEmail.Pipeline.Schedule;
using ColdEmail.Pipeline.Sync;

namespace ColdEmail.Pipeline.Catalog;

/// <summary>
/// Live settings for the catalog: the configured campaigns (started, re-tuned, or retired when gone), their sync settings and the
/// schedule. Answered with <see cref="CatalogApplied"/>.
/// </summary>
public sealed record ApplyCatalog(IReadOnlyList<CampaignOptions> Campaigns, SyncOptions Sync, ScheduleOptions Schedule);

/// <summary>What an <see cref="ApplyCatalog"/> changed: campaigns started and campaigns retired (names).</summary>
public sealed record CatalogApplied(IReadOnlyList<string> Started, IReadOnlyList<string> Retired);

/// <summary>On one node, the catalog asks the supervisor to run a campaign (idempotent: a running one is left as it is).</summary>
public sealed record StartCampaign(CampaignOptions Campaign, SyncOptions Sync);

/// <summary>On one node, the catalog asks the supervisor to stop a campaign that is no longer configured (its ledger stays).</summary>
public sealed record RetireCampaign(string Campaign);

/// <summary>
/// The cluster singleton's termination message: stop the schedule (runs get <see cref="Settle"/>), then stop, so the hand-over
/// to the next oldest node starts a fresh schedule there only after this one has settled.
/// </summary>
public sealed record HandOverCatalog(TimeSpan Settle);

public sealed record GetCatalogStatus
{
    public static readonly GetCatalogStatus Instance = new();
}

/// <summary>Where the catalog runs (node address, or "local"), the campaigns it keeps and whether it runs the schedule.</summary>
public sealed record CatalogStatus(string Node, IReadOnlyList<string> Campaigns, bool RunsSchedule);
