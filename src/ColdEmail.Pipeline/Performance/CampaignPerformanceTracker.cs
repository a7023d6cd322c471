using ColdEmail.Instantly;
using ColdEmail.Pipeline.Campaigns;
using ColdEmail.Warehouse;
using Serilog;

namespace ColdEmail.Pipeline.Performance;

/// <summary>
/// Pulls <c>GET /api/v2/campaigns/analytics</c> for the configured campaigns (one request for all of
/// them, through the gateway) and stores one row per campaign for today's UTC date. A campaign missing
/// from the answer or a failed request is reported and written nowhere: a snapshot of zeros would read
/// as a real collapse in the report.
/// </summary>
public sealed class CampaignPerformanceTracker(IInstantlyApi instantly, IOpsWarehouse warehouse, TimeProvider time)
{
    private readonly ILogger _log = Log.ForContext<CampaignPerformanceTracker>();

    public async Task<PerformanceSnapshot> CaptureAsync(IReadOnlyList<ConfiguredCampaign> campaigns, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(campaigns);
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var failures = new List<string>();
        if (campaigns.Count == 0) return new PerformanceSnapshot(today, 0, failures);

        var resolution = await CampaignDirectory.ResolveAsync(instantly, campaigns, ct).ConfigureAwait(false);
        failures.AddRange(resolution.Unknown.Select(n => $"campaign {n}: not found in Instantly by name"));
        if (resolution.Resolved.Count == 0) return new PerformanceSnapshot(today, 0, failures);

        var ids = resolution.Resolved.Select(c => c.Id).ToList();
        var answer = await instantly.GetCampaignAnalyticsAsync(ids, ct: ct).ConfigureAwait(false);
        if (!answer.IsSuccess)
        {
            failures.Add($"campaign analytics for {ids.Count} campaigns failed: {answer.Error}");
            _log.Warning("Campaign analytics failed: {Error}", answer.Error.ToString());
            return new PerformanceSnapshot(today, 0, failures);
        }

        var byId = answer.Value.GroupBy(a => a.CampaignId).ToDictionary(g => g.Key, g => g.First());
        var rows = new List<CampaignPerformanceRow>();
        foreach (var campaign in resolution.Resolved)
        {
            if (!byId.TryGetValue(campaign.Id, out var a))
            {
                failures.Add($"campaign {campaign.Name} ({campaign.Id}): absent from Instantly's analytics answer");
                continue;
            }
            rows.Add(new CampaignPerformanceRow(today, campaign.Id, a.CampaignName ?? campaign.Name, a.LeadsCount, a.ContactedCount,
                a.EmailsSentCount, a.OpenCount, a.ReplyCount, a.ReplyCountAutomatic, a.LinkClickCount, a.BouncedCount,
                a.UnsubscribedCount, a.CompletedCount, now));
        }
        if (rows.Count > 0) await warehouse.UpsertCampaignPerformanceAsync(rows, ct).ConfigureAwait(false);
        _log.Information("Captured performance of {Count} campaigns for {Date}", rows.Count, today);
        return new PerformanceSnapshot(today, rows.Count, failures);
    }
}
