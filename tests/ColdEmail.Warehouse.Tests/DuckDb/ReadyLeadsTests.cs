using ColdEmail.Warehouse.Tests.Contract;

namespace ColdEmail.Warehouse.Tests.DuckDb;

public sealed class ReadyLeadsTests : ReadyLeadsContract
{
    protected override async Task<IWarehouseHarness> CreateAsync() => await TempWarehouse.CreateAsync();

    protected override async Task<IWarehouseHarness> CreateAsync(bool fileVerificationFlag) => await TempWarehouse.CreateAsync(verificationEnabled: fileVerificationFlag);

    [Fact]
    public async Task The_view_itself_agrees_with_the_adapter_at_the_same_clock()
    {
        await using var t = await TempWarehouse.CreateAsync();
        var rows = new ColdEmail.Warehouse.Generation.ProspectGenerator(7).Generate(3_000).ToArray();
        await t.Warehouse.LoadEligibleLeadsAsync(rows);
        await t.Warehouse.AddSuppressionsAsync([new Suppression(rows.First(r => r.Email?.Contains('@') == true).Email!.Trim().ToLowerInvariant(), "bounced", TempWarehouse.Now)]);

        using var conn = new DuckDB.NET.Data.DuckDBConnection($"Data Source={t.Path}");
        conn.Open();
        using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT email FROM v_ready_for_instantly";
        var fromView = new List<string>();
        var viewNow = DateTimeOffset.UtcNow;
        using (var r = cmd.ExecuteReader()) while (r.Read()) fromView.Add(r.GetString(0));

        var fromAdapter = await t.Warehouse.StreamReadyLeadsAsync(All(now: viewNow)).ToListAsync();

        Assert.True(fromView.Count > 2_000, $"only {fromView.Count} ready rows");
        Assert.Equal(fromAdapter.Select(p => p.Email).Order(StringComparer.Ordinal), fromView.Order(StringComparer.Ordinal));
    }
}
