using System.Globalization;
using ColdEmail.Domain.Drain;
using ColdEmail.Domain.Leads;
using ColdEmail.Instantly;
using ColdEmail.Pipeline.Campaigns;
using ColdEmail.Pipeline.Drain;
using ColdEmail.Pipeline.Ops;
using ColdEmail.Pipeline.Orphans;
using ColdEmail.Pipeline.Settings;
using ColdEmail.Warehouse;

namespace ColdEmail.Cli.Planning;

/// <summary>
/// The dry run behind `plan`: reads the warehouse and (for drain decisions) looks leads up in Instantly,
/// applies the same rules a run would, and writes nothing anywhere.
/// </summary>
public sealed class Planner(ColdEmailSettings settings, ILeadWarehouse warehouse, IInstantlyApi? instantly, IReadOnlyDictionary<string, string>? campaignIds, TimeProvider time)
{
    public async Task<Plan> BuildAsync(int limit, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        return new Plan(now, await SyncAsync(limit, ct), await DrainAsync(now, limit, ct)) { Orphans = await OrphansAsync(ct) };
    }

    /// <summary>Orphan recovery's own dry run (flag orphan_recovery_enabled): lists what it would adopt, delete, release, send to review or only report.</summary>
    private async Task<IReadOnlyList<PlanEntry>> OrphansAsync(CancellationToken ct)
    {
        if (!settings.FeatureFlags.OrphanRecoveryEnabled || instantly is null || warehouse is not IOpsWarehouse ops)
        {
            return [];
        }
        var recovery = new OrphanRecovery(instantly, warehouse, ops, time, OpsSettingsMapping.From(settings).Orphans);
        var campaigns = settings.Campaigns.All.Select(c => new ConfiguredCampaign(c.Name, IdOf(c))).ToList();
        var report = await recovery.RunAsync(campaigns, dryRun: true, ct);
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

    private async Task<IReadOnlyList<PlanEntry>> SyncAsync(int limit, CancellationToken ct)
    {
        var active = await warehouse.CountActiveByCampaignAsync(ct);
        var room = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var targets = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var c in settings.Campaigns.Enabled)
        {
            var target = settings.Limits.InventoryTarget(c);
            var now = active.TryGetValue(IdOf(c), out var n) ? n : 0;
            room[c.Name] = Math.Min(Math.Max(0, target - now), settings.Limits.MaxLeadsPerRun);
            targets[c.Name] = $"{now} active of target {target}";
        }

        var entries = new List<PlanEntry>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        // The warehouse routes each row with the same rule (rendered in SQL) a sync reads by.
        await foreach (var row in warehouse.StreamEligibilityAsync(settings.Campaigns.Routing, limit, ct))
        {
            var p = row.Prospect;
            var campaign = p.SequenceTarget is { } target ? settings.Campaigns.Find(target) : null;
            if (!EmailAddress.TryParse(p.Email, out var email, out var invalid))
            {
                entries.Add(new PlanEntry("sync", p.Email ?? "", campaign?.Name, "quarantine", "invalid email: " + invalid));
                continue;
            }
            if (!seen.Add(email.Value))
            {
                entries.Add(new PlanEntry("sync", email.Value, campaign?.Name, "skip", "duplicate of an earlier row"));
                continue;
            }
            if (row.ExclusionReason is { } excluded)
            {
                var reason = row.CooldownUntil is { } until ? $"{excluded} (until {until.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)})" : excluded;
                entries.Add(new PlanEntry("sync", email.Value, campaign?.Name, "skip", reason));
                continue;
            }
            if (campaign is null)
            {
                entries.Add(new PlanEntry("sync", email.Value, null, "skip",
                    $"no enabled campaign takes revenue {p.EstimatedSalesYearly?.ToString(CultureInfo.InvariantCulture) ?? "unknown"} in {p.CountryCode ?? "no country"}/{p.State ?? "no state"}"));
                continue;
            }
            if (room[campaign.Name] > 0)
            {
                room[campaign.Name]--;
                entries.Add(new PlanEntry("sync", email.Value, campaign.Name, "add", $"score {p.Score}; {targets[campaign.Name]}"));
            }
            else
            {
                entries.Add(new PlanEntry("sync", email.Value, campaign.Name, "wait", $"campaign full for this run ({targets[campaign.Name]}, at most {settings.Limits.MaxLeadsPerRun} per run)"));
            }
        }
        return entries;
    }

    private async Task<IReadOnlyList<PlanEntry>> DrainAsync(DateTimeOffset now, int limit, CancellationToken ct)
    {
        var candidates = await warehouse.LeadsDueForDrainAsync(now, settings.Limits.DrainCheckInterval, limit, ct);
        var names = settings.Campaigns.All.ToDictionary(IdOf, c => c.Name, StringComparer.OrdinalIgnoreCase);
        var policy = DrainPolicyMapping.From(settings);
        var entries = new List<PlanEntry>();
        foreach (var c in candidates)
        {
            var campaign = names.TryGetValue(c.CampaignId, out var name) ? name : c.CampaignId;
            if (instantly is null)
            {
                entries.Add(new PlanEntry("drain", c.Email, campaign, "check", $"due for a drain check (added {c.AddedAt:yyyy-MM-dd})"));
                continue;
            }
            var result = await LookUpAsync(c.InstantlyLeadId, ct);
            if (result.IsSuccess && result.Value is { } lead)
            {
                var decision = DrainClassifier.Classify(LeadSnapshots.From(lead, c.Email), policy, now);
                entries.Add(decision is DrainDecision.Drain d
                    ? new PlanEntry("drain", c.Email, campaign, "drain", $"{d.Code}: {d.Explanation}")
                    : new PlanEntry("drain", c.Email, campaign, "keep", decision.Explanation));
            }
            else if (result.Error is { StatusCode: 404 })
            {
                entries.Add(new PlanEntry("drain", c.Email, campaign, "drain", "no longer in Instantly: recorded as already gone"));
            }
            else
            {
                entries.Add(new PlanEntry("drain", c.Email, campaign, "unknown", "Instantly lookup failed: " + result.Error));
            }
        }
        return entries;
    }

    /// <summary>
    /// One paced look-up: spaced by the workspace ceilings (the plan bypasses the actors' gateway, not the limits),
    /// and a 429 is waited out and retried a few times.
    /// </summary>
    private async Task<Instantly.InstantlyResult<InstantlyLead>> LookUpAsync(string leadId, CancellationToken ct)
    {
        var spacing = TimeSpan.FromTicks(Math.Max(
            TimeSpan.TicksPerSecond / Math.Max(1, settings.RateLimit.RequestsPerSecond),
            TimeSpan.TicksPerMinute / Math.Max(1, settings.RateLimit.RequestsPerMinute)));
        for (var attempt = 1; ; attempt++)
        {
            var wait = _nextRequest - DateTimeOffset.UtcNow;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, ct);
            }
            _nextRequest = DateTimeOffset.UtcNow + spacing;
            var result = await instantly!.GetLeadAsync(leadId, ct);
            if (result.Error is not { StatusCode: 429 } error || attempt == 4)
            {
                return result;
            }
            _nextRequest = DateTimeOffset.UtcNow + (error.RetryAfter ?? TimeSpan.FromSeconds(attempt));
        }
    }

    private DateTimeOffset _nextRequest = DateTimeOffset.MinValue;
}
