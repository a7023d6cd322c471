using ColdEmail.Domain.Routing;
using static ColdEmail.Warehouse.Tests.DuckDb.TempWarehouse;

namespace ColdEmail.Warehouse.Tests.DuckDb;

public sealed class EligibleLeadsFileTests
{
    private const string Header =
        "email,merchant_name,platform_domain,domain,state,country_code,estimated_sales_yearly,employee_count,product_count,avg_price,klaviyo_installed_at,timezone";

    [Fact]
    public async Task Eligible_leads_can_be_a_csv_file_with_bad_values_read_as_unknown()
    {
        var dir = Path.Combine(Path.GetTempPath(), "coldemail-csv-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var csv = Path.Combine(dir, "lead's.csv");
        await File.WriteAllLinesAsync(csv,
        [
            Header,
            "Anna@Shop.com,Anna's Shop,anna.myshopify.com,shop.com,CA,US,6000000,10,2000,150,2024-01-01 00:00:00,America/New_York",
            "ben@shop.com,\"Ben, \"\"The\"\" Shop\",ben.myshopify.com,ben.com,OH,US,not-a-number,x,,,,",
            ",No Email,,,,,,,,,,",
        ]);

        await using var t = await CreateAsync(eligibleLeadsFile: csv, dir: dir);
        var ready = await t.Warehouse.StreamReadyLeadsAsync(new ReadyLeadQuery(CampaignRouting.Default, null)).ToListAsync();
        var plan = await t.Warehouse.StreamEligibilityAsync(CampaignRouting.Default, 10, verificationEnabled: true).ToListAsync();

        Assert.Equal(["anna@shop.com", "ben@shop.com"], ready.Select(p => p.Email));
        Assert.Equal(100, ready[0].Score);
        Assert.Equal("Ben, \"The\" Shop", ready[1].MerchantName);
        Assert.Null(ready[1].EstimatedSalesYearly);
        Assert.Equal("email is missing", Assert.Single(plan, r => r.ExclusionReason is not null).ExclusionReason);

        await t.Warehouse.EnsureSchemaAsync(); // the view over the file is recreated, not duplicated
    }

    [Fact]
    public async Task Eligible_leads_can_be_a_parquet_file()
    {
        var dir = Path.Combine(Path.GetTempPath(), "coldemail-pq-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var parquet = Path.Combine(dir, "leads.parquet");
        await using (var source = await CreateAsync(dir: Path.Combine(dir, "source")))
        {
            await source.LoadAsync(Lead("p1@x.com", revenue: 2_000_000m), Lead("p2@x.com", revenue: null));
            using var conn = new DuckDB.NET.Data.DuckDBConnection($"Data Source={source.Path}");
            conn.Open();
            using var cmd = conn.CreateCommand();
            cmd.CommandText = $"COPY eligible_leads TO '{parquet}' (FORMAT parquet)";
            cmd.ExecuteNonQuery();
        }

        await using var t = await CreateAsync(eligibleLeadsFile: parquet, dir: dir);
        var ready = await t.Warehouse.StreamReadyLeadsAsync(new ReadyLeadQuery(CampaignRouting.Default, "midsize")).ToListAsync();

        Assert.Equal("p1@x.com", Assert.Single(ready).Email);
        Assert.Equal("midsize", ready[0].SequenceTarget);
    }

    [Fact]
    public async Task A_missing_file_or_an_existing_table_is_a_clear_error()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-" + Guid.NewGuid().ToString("N") + ".csv");
        var ex = await Assert.ThrowsAsync<FileNotFoundException>(() => CreateAsync(eligibleLeadsFile: missing));
        Assert.Contains(missing, ex.Message, StringComparison.Ordinal);

        await using var t = await CreateAsync();
        var csv = Path.Combine(t.Directory, "leads.csv");
        await File.WriteAllLinesAsync(csv, [Header]);
        await using var withFile = new ColdEmail.Warehouse.DuckDb.DuckDbLeadWarehouse(new(t.Path, csv, t.Clock));
        var conflict = await Assert.ThrowsAsync<WarehouseException>(() => withFile.EnsureSchemaAsync());
        Assert.Contains("eligible_leads is already a table", conflict.Message, StringComparison.Ordinal);
    }
}
