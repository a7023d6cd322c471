using ColdEmail.Warehouse.Generation;
using Microsoft.Extensions.Time.Testing;

namespace ColdEmail.Warehouse.Tests.Contract;

/// <summary>
/// A real, empty warehouse of one engine on a fake clock, cleaned up when disposed: what the shared contract
/// scenarios need, so each scenario runs unchanged against every engine.
/// </summary>
public interface IWarehouseHarness : IAsyncDisposable
{
    ILeadWarehouse Warehouse { get; }
    FakeTimeProvider Clock { get; }
    Task LoadAsync(params EligibleLeadRow[] rows);

    // Bulk loading is a plumbing entry point of each adapter, not part of the ILeadWarehouse port.
    Task<long> LoadEligibleLeadsAsync(IEnumerable<EligibleLeadRow> rows);

    /// <summary>Every row of v_lead_eligibility as the engine normalised it: raw email, normalised email, static reason.</summary>
    Task<IReadOnlyList<ViewIdentity>> ReadViewIdentitiesAsync();

    /// <summary>The emails of v_ready_for_instantly, the view people query by hand (at the engine's own clock).</summary>
    Task<IReadOnlyList<string>> ReadReadyViewAsync();
}

public sealed record ViewIdentity(string? RawEmail, string? Email, string? StaticReason);
