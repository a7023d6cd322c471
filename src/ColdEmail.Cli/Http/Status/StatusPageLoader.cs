using ColdEmail.Cli.Reports;
using ColdEmail.Pipeline;
using ColdEmail.Pipeline.Gateway;
using ColdEmail.Pipeline.Observability;
using ColdEmail.Pipeline.Settings;
using ColdEmail.Warehouse;
using Microsoft.Extensions.DependencyInjection;

namespace ColdEmail.Cli.Http.Status;

/// <summary>
/// Gathers the status page's data: inventory and dead letters from <see cref="PipelineStatus"/>, the 30-day chart, the
/// drain reasons over the same days and the last runs from the warehouse (the window follows the data, like `report`, so
/// the demo's simulated month shows; the reasons come from the history, not this process's counters, so a restart does
/// not empty them), and the breaker's and limiter's state asked from the gateway (a page view, not a hot path).
/// </summary>
public sealed class StatusPageLoader(IServiceProvider services, ColdEmailSettings settings, ILeadWarehouse warehouse,
    PipelineStatus status, IWebhookHealth webhooks, TimeProvider time)
{
    public const int ChartDays = 30;
    private const int RunsShown = 12;
    private static readonly TimeSpan AskBound = TimeSpan.FromSeconds(2);

    public async Task<StatusPageModel> LoadAsync(CancellationToken ct)
    {
        var problems = new List<string>();
        var now = time.GetUtcNow();
        var snapshot = status.Current;

        var window = await Try(() => ReportWindow.ResolveAsync(warehouse, now, ChartDays, until: null, ct), "daily activity", problems);
        var reasons = window.Window is { } w
            ? await Try(() => warehouse.DrainReasonCountsAsync(w.Since, w.Until.AddDays(1), ct), "drain reasons", problems)
            : null;
        var runs = await Try(() => warehouse.ListRunsAsync(RunsShown, ct), "last runs", problems) ?? [];
        var circuit = await Ask(p => p.GetCircuitStatusAsync(ct), "circuit breaker", problems);
        var limiter = await Ask(p => p.GetRateLimiterStatusAsync(ct), "rate limiter", problems);

        var names = settings.Campaigns.All.Select(c => c.Name)
            .Concat(snapshot.Inventory.Keys).Concat(snapshot.DeadLetters.Keys)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var campaigns = names.Select(n => new CampaignLine(n,
            snapshot.Inventory.GetValueOrDefault(n)?.Active,
            snapshot.Inventory.GetValueOrDefault(n)?.Target,
            snapshot.DeadLetters.GetValueOrDefault(n))).ToList();

        return new StatusPageModel(now, campaigns, window.Window, window.Rows ?? [], reasons ?? new Dictionary<string, long>(), runs,
            circuit, limiter, snapshot, webhooks.Current(), problems);
    }

    private async Task<T?> Ask<T>(Func<ColdEmailPipeline, Task<T>> ask, string what, List<string> problems) where T : class
    {
        using var bound = new CancellationTokenSource(AskBound);
        return await Try(() => ask(services.GetRequiredService<ColdEmailPipeline>()).WaitAsync(bound.Token), what, problems);
    }

    private static async Task<T?> Try<T>(Func<Task<T>> read, string what, List<string> problems)
    {
        try
        {
            return await read();
        }
        catch (Exception e)
        {
            problems.Add($"{what}: could not be read ({e.Message})");
            return default;
        }
    }
}
