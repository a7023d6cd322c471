using ColdEmail.Warehouse.DuckDb;
using ColdEmail.Warehouse.Generation;
using ColdEmail.Warehouse.Tests.Contract;
using Microsoft.Extensions.Time.Testing;

namespace ColdEmail.Warehouse.Tests.DuckDb;

/// <summary>A real DuckDB warehouse in its own temp folder, on a fake clock, deleted afterwards.</summary>
public sealed class TempWarehouse : IWarehouseHarness
{
    // A Wednesday, 15:00 UTC: 10:00 in New York (business hours), 07:00 in Los Angeles (not yet).
    public static readonly DateTimeOffset Now = new(2026, 11, 25, 15, 0, 0, TimeSpan.Zero);

    private TempWarehouse(string dir, DuckDbLeadWarehouse warehouse, FakeTimeProvider clock)
    {
        Directory = dir;
        Warehouse = warehouse;
        Clock = clock;
    }

    public string Directory { get; }
    public DuckDbLeadWarehouse Warehouse { get; }
    ILeadWarehouse IWarehouseHarness.Warehouse => Warehouse;
    public FakeTimeProvider Clock { get; }
    public string Path => System.IO.Path.Combine(Directory, "warehouse.duckdb");

    public static async Task<TempWarehouse> CreateAsync(string? eligibleLeadsFile = null, string? dir = null, bool verificationEnabled = true)
    {
        dir ??= System.IO.Path.Combine(System.IO.Path.GetTempPath(), "coldemail-wh-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(dir);
        var clock = new FakeTimeProvider(Now);
        var wh = new DuckDbLeadWarehouse(new DuckDbWarehouseOptions(System.IO.Path.Combine(dir, "warehouse.duckdb"), eligibleLeadsFile, clock, VerificationEnabled: verificationEnabled));
        var temp = new TempWarehouse(dir, wh, clock);
        try
        {
            await wh.EnsureSchemaAsync();
            return temp;
        }
        catch
        {
            await temp.DisposeAsync(); // tests that expect a failed start must not leave files behind
            throw;
        }
    }

    public Task LoadAsync(params EligibleLeadRow[] rows) => Warehouse.LoadEligibleLeadsAsync(rows);

    public Task<long> LoadEligibleLeadsAsync(IEnumerable<EligibleLeadRow> rows) => Warehouse.LoadEligibleLeadsAsync(rows);

    public Task<IReadOnlyList<ViewIdentity>> ReadViewIdentitiesAsync() => Task.Run(() =>
    {
        // A second connection to the same file in this process shares the adapter's database instance.
        using var conn = new DuckDB.NET.Data.DuckDBConnection($"Data Source={Path}");
        conn.Open();
        using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT raw_email, email, static_reason FROM v_lead_eligibility";
        using var r = cmd.ExecuteReader();
        var list = new List<ViewIdentity>();
        while (r.Read())
            list.Add(new ViewIdentity(r.IsDBNull(0) ? null : r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2)));
        return (IReadOnlyList<ViewIdentity>)list;
    });

    public Task<IReadOnlyList<string>> ReadReadyViewAsync() => Task.Run(() =>
    {
        using var conn = new DuckDB.NET.Data.DuckDBConnection($"Data Source={Path}");
        conn.Open();
        using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT email FROM v_ready_for_instantly ORDER BY email";
        using var r = cmd.ExecuteReader();
        var list = new List<string>();
        while (r.Read()) list.Add(r.GetString(0));
        return (IReadOnlyList<string>)list;
    });

    public static EligibleLeadRow Lead(string? email, decimal? revenue = 250_000m, string? state = "OH", string? country = "US",
        string? timezone = null, string? merchant = "Shop", int? products = 10, decimal? avgPrice = 20m,
        DateTimeOffset? klaviyo = null) =>
        new(email, merchant, "shop.myshopify.com", "shop.com", state, country, revenue, 5, products, avgPrice, klaviyo, timezone);

    public async ValueTask DisposeAsync()
    {
        await Warehouse.DisposeAsync();
        try { System.IO.Directory.Delete(Directory, recursive: true); }
        catch (IOException) { /* a file still mapped by the OS; the temp folder is cleaned later */ }
    }
}
