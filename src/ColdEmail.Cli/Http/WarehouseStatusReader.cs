using ColdEmail.Pipeline.Observability;
using ColdEmail.Warehouse;
using Serilog;

namespace ColdEmail.Cli.Http;

/// <summary>
/// Reads the counts the gauges show (active leads and unresolved dead letters per campaign) from the warehouse into
/// <see cref="PipelineStatus"/>: at start and after each run, so a scrape or a page view never waits on the warehouse for them.
/// </summary>
public sealed class WarehouseStatusReader(ILeadWarehouse warehouse, PipelineStatus status, CampaignNames campaigns, ILogger logger)
{
    /// <summary>Enough for any real backlog; the gauge is a count, so the listing's cap only bounds this read.</summary>
    private const int DeadLetterReadLimit = 100_000;

    public async Task RefreshAsync(CancellationToken ct)
    {
        try
        {
            var active = await warehouse.CountActiveByCampaignAsync(ct);
            var byName = campaigns.Names.ToDictionary(n => n, _ => 0, StringComparer.Ordinal);
            foreach (var group in active.GroupBy(kv => campaigns.NameOf(kv.Key)))
            {
                byName[group.Key] = group.Sum(kv => kv.Value);
            }
            status.SetActive(byName);
            var letters = await warehouse.ListDeadLettersAsync(includeResolved: false, DeadLetterReadLimit, ct);
            var byCampaign = campaigns.Names.ToDictionary(n => n, _ => 0, StringComparer.Ordinal);
            foreach (var letter in letters)
            {
                var name = letter.CampaignId is null ? "none" : campaigns.NameOf(letter.CampaignId);
                byCampaign[name] = byCampaign.GetValueOrDefault(name) + 1;
            }
            status.SetDeadLetters(byCampaign);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The gauges keep their last values; readiness reports a warehouse that does not answer.
            logger.Warning("Could not read the status counts from the warehouse: {Error}", e.Message);
        }
    }
}
