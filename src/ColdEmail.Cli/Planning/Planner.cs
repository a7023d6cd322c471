using System.Globalization;
using ColdEmail.Cli.Hosting;
using ColdEmail.Instantly;
using ColdEmail.Pipeline.Campaigns;
using ColdEmail.Pipeline.Drain;
using ColdEmail.Pipeline.Ops;
using ColdEmail.Pipeline.Orphans;
using ColdEmail.Pipeline.Settings;
using ColdEmail.Pipeline.Sync;
using ColdEmail.Warehouse;

namespace ColdEmail.Cli.Planning;

/// <summary>
/// Behind `plan`: runs the pipeline's sync and drain code dry (<see cref="DryPipeline"/>) and lists its decisions, then,
/// for the eligible leads that run did not reach, why not (the warehouse view's own exclusion reason, or no campaign, or
/// that the campaign is full for this run). Writes nothing anywhere.
/// </summary>
public sealed class Planner(ColdEmailSettings settings, ILeadWarehouse warehouse, IInstantlyApi? instantly, IReadOnlyDictionary<string, string>? campaignIds, TimeProvider time)
{
    public async Task<Plan> BuildAsync(int limit, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var options = PipelineOptionsMapper.Map(settings, campaignIds);
        var names = options.Campaigns.Where(c => c.InstantlyCampaignId is not null)
            .GroupBy(c => c.InstantlyCampaignId!, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First().Name, StringComparer.OrdinalIgnoreCase);
        await using var dry = DryPipeline.Start(options, warehouse, instantly, time);

        var syncs = await dry.SyncAsync(ct).ConfigureAwait(false);
        var (drainSummary, drainPlan) = await dry.DrainAsync($"plan-{now.UtcDateTime:yyyyMMddTHHmmss}", ct).ConfigureAwait(false);

        var sync = syncs.SelectMany(s => s.Planned.Select(o => SyncEntry(s.Result, o))).ToList();
        sync.AddRange(await NotReachedAsync(syncs, sync, limit, ct).ConfigureAwait(false));
        var drain = DrainEntries(drainPlan, names, instantly is null);
        return new Plan(now, sync.Take(limit).ToList(), drain.Take(limit).ToList())
        {
            Campaigns = syncs.Select(s => Campaign(s.Result)).ToList(),
            SyncActions = Plan.Count(sync),
            DrainActions = Plan.Count(drain),
            Orphans = await OrphansAsync(dry, ct).ConfigureAwait(false),
            Failures = [.. syncs.SelectMany(s => s.Result.Failures.Select(f => $"sync {s.Result.Campaign}: {f}")), .. drainSummary.Failures.Select(f => "drain: " + f)],
        };
    }

    private static PlanCampaign Campaign(CampaignSyncResult r) => r.Plan is { } p
        ? new PlanCampaign(r.Campaign, r.CampaignId, p.Need, p.Multiplier, p.Target, p.Active, p.ToAdd, p.Reason, r.MultiplierReason)
        : new PlanCampaign(r.Campaign, r.CampaignId, 0, 0, 0, 0, 0, "not planned: " + string.Join("; ", r.Failures), r.MultiplierReason);

    private static PlanEntry SyncEntry(CampaignSyncResult run, LeadOutcome o) => o.Kind switch
    {
        OutcomeKind.Active when o.InstantlyLeadId is null =>
            new PlanEntry("sync", o.Email, run.Campaign, "add", run.Plan is { } p ? $"{o.Reason}; {p.Reason}" : o.Reason),
        OutcomeKind.Active => new PlanEntry("sync", o.Email, run.Campaign, "track", o.Reason),
        OutcomeKind.Skipped => new PlanEntry("sync", o.Email, run.Campaign, "skip", o.Reason),
        _ => new PlanEntry("sync", o.Email, run.Campaign, "quarantine", o.Reason),
    };

    /// <summary>The eligible leads the dry sync did not read, and why: excluded by the view, routed nowhere, or beyond this run's target.</summary>
    private async Task<List<PlanEntry>> NotReachedAsync(IReadOnlyList<DrySync> syncs, List<PlanEntry> planned, int limit, CancellationToken ct)
    {
        var campaigns = syncs.ToDictionary(s => s.Result.Campaign, s => s.Result, StringComparer.OrdinalIgnoreCase);
        var seen = planned.Select(e => e.Email).ToHashSet(StringComparer.Ordinal);
        var entries = new List<PlanEntry>();
        await foreach (var row in warehouse.StreamEligibilityAsync(settings.Campaigns.Routing, limit, settings.FeatureFlags.EmailVerificationEnabled, ct).ConfigureAwait(false))
        {
            var p = row.Prospect;
            // The identity a run would read the row by (normalised, or the refused raw value).
            var email = Candidate.From(p, null).Email;
            if (!seen.Add(email)) continue;
            var campaign = p.SequenceTarget is { } target ? settings.Campaigns.Find(target) : null;
            if (row.ExclusionReason is { } excluded)
            {
                var reason = row.CooldownUntil is { } until ? $"{excluded} (until {until.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)})" : excluded;
                entries.Add(new PlanEntry("sync", email, campaign?.Name, "skip", reason));
            }
            else if (campaign is null || !campaigns.TryGetValue(campaign.Name, out var run))
            {
                entries.Add(new PlanEntry("sync", email, null, "skip",
                    $"no enabled campaign takes revenue {p.EstimatedSalesYearly?.ToString(CultureInfo.InvariantCulture) ?? "unknown"} in {p.CountryCode ?? "no country"}/{p.State ?? "no state"}"));
            }
            else
            {
                entries.Add(new PlanEntry("sync", email, campaign.Name, "wait", run.Plan is { } plan
                    ? $"ready, not reached by this run ({plan.Reason})"
                    : "ready; the campaign's run would not enrol now: " + string.Join("; ", run.Failures)));
            }
        }
        return entries;
    }

    private static List<PlanEntry> DrainEntries(DrainPlan plan, IReadOnlyDictionary<string, string> names, bool offline)
    {
        string Name(string id) => names.GetValueOrDefault(id, id);
        var entries = new List<PlanEntry>();
        entries.AddRange(plan.Decided.Select(e => new PlanEntry("drain", e.Email, Name(e.CampaignId), e.Delete ? "drain" : "release",
            e.SuppressionReason is { } s ? $"{e.Reason}: {e.Explanation} (suppressed: {s})" : $"{e.Reason}: {e.Explanation}")));
        entries.AddRange(plan.Kept.Select(k => new PlanEntry("drain", k.Email, Name(k.CampaignId), "keep",
            k.SuppressionReason is { } s ? $"{k.Explanation} (suppressed at first sight: {s})" : k.Explanation)));
        entries.AddRange(plan.Unchecked.Select(c => new PlanEntry("drain", c.Email, Name(c.CampaignId), "check", offline
            ? $"due for a drain check (added {c.AddedAt:yyyy-MM-dd}); Instantly not asked"
            : "due for a drain check; Instantly could not be asked, so it stays due")));
        return entries;
    }

    /// <summary>Orphan recovery's own dry run (flag orphan_recovery_enabled): lists what it would adopt, delete, release, send to review or only report.</summary>
    private async Task<IReadOnlyList<PlanEntry>> OrphansAsync(DryPipeline dry, CancellationToken ct)
    {
        if (!settings.FeatureFlags.OrphanRecoveryEnabled || instantly is null || warehouse is not IOpsWarehouse ops)
        {
            return [];
        }
        var recovery = new OrphanRecovery(dry.Instantly, dry.Warehouse, ops, time, OpsSettingsMapping.From(settings).Orphans);
        var campaigns = settings.Campaigns.All.Select(c => new ConfiguredCampaign(c.Name, IdOf(c))).ToList();
        var report = await recovery.RunAsync(campaigns, dryRun: true, ct).ConfigureAwait(false);
        var names = campaigns.Where(c => c.InstantlyCampaignId is not null)
            .GroupBy(c => c.InstantlyCampaignId!, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First().Name, StringComparer.OrdinalIgnoreCase);
        var entries = report.Findings.Select(f => new PlanEntry("orphans", f.Email ?? f.LeadId,
            f.CampaignId is { } id ? names.GetValueOrDefault(id, id) : null, Action(f.Action), $"{f.Kind}: {f.Reason}")).ToList();
        entries.AddRange(report.Failures.Select(f => new PlanEntry("orphans", "", null, "unknown", f)));
        return entries;
    }

    private static string Action(OrphanAction action) => action switch
    {
        OrphanAction.Adopt => "adopt",
        OrphanAction.Delete => "delete",
        OrphanAction.Release => "release",
        OrphanAction.Report => "report",
        _ => "review",
    };

    private string IdOf(CampaignSettings c) => campaignIds is not null && campaignIds.TryGetValue(c.Name, out var id) ? id : c.Id;
}
