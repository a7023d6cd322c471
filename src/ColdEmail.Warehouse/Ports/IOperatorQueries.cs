using ColdEmail.Domain.Routing;

namespace ColdEmail.Warehouse.Ports;

/// <summary>What operators and the settings loader ask: the config table, runs, dead letters, one lead's dossier.</summary>
public interface IOperatorQueries
{
    Task<IReadOnlyList<ConfigEntry>> ReadConfigAsync(CancellationToken ct = default);
    Task WriteConfigAsync(string key, string valueJson, DateTimeOffset at, CancellationToken ct = default);
    Task<IReadOnlyList<RunRecord>> ListRunsAsync(int limit, CancellationToken ct = default);
    Task<IReadOnlyList<DeadLetter>> ListDeadLettersAsync(bool includeResolved, int limit, CancellationToken ct = default);

    /// <summary>
    /// Everything known about one address; its <c>sequence_target</c> is the campaign <paramref name="routing"/> gives it, and an
    /// invalid verdict is its exclusion reason only when <paramref name="verificationEnabled"/> (the effective flag).
    /// </summary>
    Task<LeadDossier> ExplainAsync(string email, CampaignRouting routing, bool verificationEnabled, CancellationToken ct = default);

    /// <summary>As above, routed and verified as the adapter's views are (the routing and flag of the file it was created with).</summary>
    Task<LeadDossier> ExplainAsync(string email, CancellationToken ct = default);
}
