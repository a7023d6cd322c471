using ColdEmail.Instantly;
using ColdEmail.Warehouse;
using Serilog;

namespace ColdEmail.Pipeline.Drain;

/// <summary>
/// Drain candidates found Instantly-first (bigquery_first_drain off): every lead listed in a configured
/// campaign that the warehouse tracks as active, whatever its last_drain_check. Leads Instantly has but
/// the warehouse does not track are left to orphan recovery.
/// </summary>
public sealed class InstantlyFirstCandidates(PipelineServices services, DrainOptions options)
{
    private readonly ILogger _log = Log.ForContext<InstantlyFirstCandidates>();

    public async Task<(IReadOnlyList<DrainCandidate> Candidates, IReadOnlyList<string> Failures)> FindAsync(DateTimeOffset now, CancellationToken ct)
    {
        // No 24 h window: a zero interval returns every active row checked up to now.
        var tracked = (await services.Warehouse.LeadsDueForDrainAsync(now, TimeSpan.Zero, int.MaxValue, ct).ConfigureAwait(false))
            .GroupBy(c => c.InstantlyLeadId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var found = new Dictionary<string, DrainCandidate>(StringComparer.Ordinal);
        var failures = new List<string>();
        var untracked = 0;
        foreach (var campaignId in options.CampaignIds.Distinct(StringComparer.Ordinal))
        {
            string? cursor = null;
            var pages = 0;
            do
            {
                if (options.MaxApiPages > 0 && pages >= options.MaxApiPages)
                {
                    _log.Warning("Drain stopped listing {Campaign} after {Pages} pages (max-api-pages)", campaignId, pages);
                    break;
                }
                var page = await services.Instantly.ListLeadsAsync(new ListLeadsRequest { CampaignId = campaignId, Limit = 100, StartingAfter = cursor }, ct)
                    .ConfigureAwait(false);
                pages++;
                if (!page.IsSuccess)
                {
                    failures.Add($"listing campaign {campaignId} failed after {pages - 1} pages: {page.Error}");
                    break;
                }
                foreach (var lead in page.Value.Items)
                {
                    if (tracked.TryGetValue(lead.Id, out var candidate)) found.TryAdd(lead.Id, candidate);
                    else untracked++;
                }
                cursor = page.Value.NextStartingAfter;
            } while (cursor is not null);
        }
        if (untracked > 0) _log.Information("Drain saw {Count} Instantly leads the warehouse does not track; orphan recovery handles them", untracked);
        var ordered = found.Values.OrderBy(c => c.Priority).ThenBy(c => c.LastDrainCheck ?? DateTimeOffset.MinValue).ThenBy(c => c.AddedAt).ToList();
        return (ordered, failures);
    }
}
