using System.Globalization;
using ColdEmail.Domain.Drain;
using ColdEmail.Domain.Leads;
using ColdEmail.Instantly;
using ColdEmail.Pipeline.Drain;
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
        return new Plan(now, await SyncAsync(limit, ct), await DrainAsync(now, limit, ct));
    }

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
        await foreach (var row in warehouse.StreamEligibilityAsync(limit, ct))
        {
            var p = row.Prospect;
            var campaign = settings.Campaigns.Route(p.EstimatedSalesYearly is { } r && r >= 0 ? r : null);
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
                entries.Add(new PlanEntry("sync", email.Value, null, "skip", $"no enabled campaign takes revenue {p.EstimatedSalesYearly?.ToString(CultureInfo.InvariantCulture) ?? "unknown"}"));
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
        var policy = DrainPolicy.Default with
        {
            StaleDays = settings.Limits.StaleLeadDays,
            BounceGraceDays = settings.Limits.BounceGraceDays,
            AutoReplyDetection = settings.FeatureFlags.AutoReplyDetection,
        };
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
