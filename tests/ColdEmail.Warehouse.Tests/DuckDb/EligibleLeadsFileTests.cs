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

    /// <summary>
    /// The view finds the rows that share an email and joins their ranks back by row id; a file has no row id of its
    /// own, so the view over it numbers the rows. Each duplicate must be ranked against its own rows, in both formats,
    /// with more rows than one read of the file holds.
    /// </summary>
    [Theory]
    [InlineData("csv")]
    [InlineData("parquet")]
    public async Task Duplicates_in_a_file_keep_only_the_row_with_the_highest_revenue(string format)
    {
        var dir = Path.Combine(Path.GetTempPath(), "coldemail-dup-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var csv = Path.Combine(dir, "leads.csv");
        var lines = new List<string> { Header };
        for (var i = 0; i < 30_000; i++) lines.Add($"lead{i}@shop{i % 97}.com,Shop {i},s{i}.myshopify.com,shop.com,OH,US,{100_000 + i},5,10,20,,America/New_York");
        // Each pair: the same person twice (case and white space differ), the richer row last in the file.
        for (var i = 0; i < 50; i++)
        {
            lines.Insert(1 + i * 400, $" Dup{i}@Twice.com ,Poor {i},p{i}.myshopify.com,twice.com,OH,US,{200_000 + i},5,10,20,,America/New_York");
            lines.Add($"dup{i}@twice.com,Rich {i},r{i}.myshopify.com,twice.com,OH,US,{900_000 + i},5,10,20,,America/New_York");
        }
        await File.WriteAllLinesAsync(csv, lines);
        var file = csv;
        if (format == "parquet")
        {
            file = Path.Combine(dir, "leads.parquet");
            using var conn = new DuckDB.NET.Data.DuckDBConnection("Data Source=:memory:");
            conn.Open();
            using var cmd = conn.CreateCommand();
            cmd.CommandText = $"COPY (SELECT * FROM read_csv('{csv}', header = true, all_varchar = true)) TO '{file}' (FORMAT parquet, ROW_GROUP_SIZE 4096)";
            cmd.ExecuteNonQuery();
        }

        await using var t = await CreateAsync(eligibleLeadsFile: file, dir: dir);
        var ready = await t.Warehouse.StreamReadyLeadsAsync(new ReadyLeadQuery(CampaignRouting.Default, null)).ToListAsync();
        var plan = await t.Warehouse.StreamEligibilityAsync(CampaignRouting.Default, 100_000, verificationEnabled: true).ToListAsync();

        Assert.Equal(30_050, ready.Count);
        var dups = ready.Where(p => p.Email.EndsWith("@twice.com", StringComparison.Ordinal)).ToList();
        Assert.Equal(50, dups.Count);
        Assert.All(dups, p => Assert.StartsWith("Rich ", p.MerchantName, StringComparison.Ordinal));
        Assert.Equal(50, plan.Count(r => r.ExclusionReason == "duplicate of a row with higher revenue"));
        Assert.All(plan.Where(r => r.ExclusionReason is not null), r => Assert.StartsWith("Poor ", r.Prospect.MerchantName, StringComparison.Ordinal));
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
