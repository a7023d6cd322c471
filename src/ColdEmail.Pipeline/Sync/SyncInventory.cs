using ColdEmail.Domain.Inventory;
using ColdEmail.Instantly;
using ColdEmail.Pipeline.Inventory;
using ColdEmail.Warehouse;
using Serilog;

namespace ColdEmail.Pipeline.Sync;

/// <summary>
/// The reads a sync run starts with: which Instantly campaign it fills, whether that campaign still exists, and how
/// many leads it needs (<see cref="InventoryPlanner"/> with the effective multiplier and the larger of the warehouse's
/// and Instantly's active count). Reads only: a dry run (`plan`) asks exactly what a real run asks.
/// </summary>
internal sealed class SyncInventory(CampaignOptions campaign, SyncOptions options, PipelineServices services, ILogger log)
{
    private readonly IInstantlyApi _instantly = services.Instantly;
    private readonly ILeadWarehouse _warehouse = services.Warehouse;

    public async Task<string> ResolveCampaignIdAsync(CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(campaign.InstantlyCampaignId)) return campaign.InstantlyCampaignId;
        string? cursor = null;
        do
        {
            var page = await _instantly.ListCampaignsAsync(100, cursor, ct).ConfigureAwait(false);
            if (!page.IsSuccess)
                throw new InvalidOperationException($"campaign {campaign.Name}: could not list Instantly campaigns to find its id: {page.Error}");
            var match = page.Value.Items.FirstOrDefault(c => string.Equals(c.Name, campaign.Name, StringComparison.OrdinalIgnoreCase));
            if (match is not null) return match.Id;
            cursor = page.Value.Items.Count == 0 ? null : page.Value.NextStartingAfter;
        } while (cursor is not null);
        throw new InvalidOperationException($"campaign {campaign.Name}: no Instantly campaign has this name and no id is configured");
    }

    /// <summary>
    /// One GET of the campaign before anything is enrolled: a deleted campaign (404), a revoked key or an unpaid plan
    /// fails the run here, before a single lead is read. Other failures (a 5xx, an open breaker) do not prove the
    /// campaign is gone; the run goes on and the bulk add judges.
    /// </summary>
    public async Task<(Campaign? Campaign, string? Missing)> CheckCampaignAsync(string campaignId, CancellationToken ct)
    {
        var info = await _instantly.GetCampaignAsync(campaignId, ct).ConfigureAwait(false);
        if (info.IsSuccess) return (info.Value, null);
        if (BatchEnroller.Classify(info.Error) == Domain.Retry.BulkAddFault.Account)
            return (null, info.Error.StatusCode == 404
                ? $"campaign {campaign.Name} ({campaignId}) does not exist in Instantly or was deleted ({info.Error}); nothing enrolled, its leads stay ready"
                : $"Instantly refused to show campaign {campaign.Name} ({info.Error}); nothing enrolled, its leads stay ready");
        log.Warning("Could not read campaign {Campaign} from Instantly ({Error}); going on", campaign.Name, info.Error);
        return (null, null);
    }

    public async Task<(InventoryPlan Plan, string MultiplierReason)> PlanAsync(string campaignId, Campaign? info, CancellationToken ct)
    {
        var need = campaign.DailyCapacity;
        if (campaign.UseInstantlyDailyLimit)
        {
            if (info is not null && (info.DailyMaxLeads ?? info.DailyLimit) is { } fromInstantly and > 0) need = fromInstantly;
            else if (info is null) log.Warning("Campaign {Campaign} unread; using the configured daily capacity {Need}", campaign.Name, need);
        }
        var counts = await _warehouse.CountActiveByCampaignAsync(ct).ConfigureAwait(false);
        var active = counts.GetValueOrDefault(campaignId);
        if (campaign.ReconcileActiveWithInstantly)
        {
            // The warehouse may lag Instantly (a lead added by hand, a write that failed): trust the
            // larger count, so the campaign is never overfilled.
            var analytics = await _instantly.GetCampaignAnalyticsAsync([campaignId], ct: ct).ConfigureAwait(false);
            if (analytics.IsSuccess && analytics.Value.FirstOrDefault(a => a.CampaignId == campaignId) is { } a)
            {
                var inInstantly = Math.Max(0, a.LeadsCount - a.CompletedCount - a.BouncedCount - a.UnsubscribedCount);
                // Fewer in Instantly is the drain's lag (leads that finished there since its last check), every run of a
                // busy campaign; more in Instantly is what an operator should look at: leads the warehouse does not know.
                if (inInstantly > active)
                    log.Warning("Campaign {Campaign}: Instantly counts {Instantly} active leads, the warehouse only {Warehouse} (added by hand, or a state write that failed?); planning with {Used}",
                        campaign.Name, inInstantly, active, inInstantly);
                else if (inInstantly < active)
                    log.Debug("Campaign {Campaign}: the warehouse counts {Warehouse} active leads, Instantly {Instantly} (finished there, not yet drained); planning with {Used}",
                        campaign.Name, active, inInstantly, active);
                active = Math.Max(active, inInstantly);
            }
            else if (!analytics.IsSuccess)
                log.Warning("Could not read analytics of {Campaign} ({Error}); planning with the warehouse count {Active}", campaign.Name, analytics.Error, active);
        }
        var (multiplier, why) = await MultiplierAsync(ct).ConfigureAwait(false);
        return (InventoryPlanner.Plan(need, multiplier, active, options.MaxLeadsPerRun, null), why);
    }

    /// <summary>The auto-scaled multiplier when the ops service computed one, else the campaign's own (as <see cref="MultiplierResolution"/> decides).</summary>
    private async Task<(double Value, string Reason)> MultiplierAsync(CancellationToken ct)
    {
        var configured = campaign.InventoryMultiplier;
        if (services.Multiplier is not { } source) return (configured, $"campaign's configured multiplier {configured:0.###}");
        var answer = await source.CurrentAsync(ct).ConfigureAwait(false);
        return answer.AutoScaled
            ? (answer.Value, $"auto-scaled: {answer.Reason}")
            : (configured, $"campaign's configured multiplier {configured:0.###} ({answer.Reason})");
    }

    /// <summary>Dead letters of this campaign due for another attempt, by email (their retry count and first failure carry over).</summary>
    public async Task<Dictionary<string, DeadLetter>> DueLettersAsync(CancellationToken ct)
    {
        var due = await _warehouse.DeadLettersDueAsync(services.Time.GetUtcNow(), 100_000, ct).ConfigureAwait(false);
        var prefix = OutcomeWriter.Operation + ":" + campaign.Name + ":";
        return due.Where(d => d.Id.StartsWith(prefix, StringComparison.Ordinal))
            .GroupBy(d => d.Email, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
    }
}
