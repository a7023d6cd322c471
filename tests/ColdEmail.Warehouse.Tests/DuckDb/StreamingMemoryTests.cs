using ColdEmail.Domain.Routing;
using ColdEmail.Warehouse.Generation;
using static ColdEmail.Warehouse.Tests.DuckDb.TempWarehouse;

namespace ColdEmail.Warehouse.Tests.DuckDb;

public sealed class StreamingMemoryTests
{
    [Fact]
    public async Task A_million_ready_leads_stream_with_flat_managed_memory()
    {
        const int n = 1_000_000;
        await using var t = await CreateAsync();
        await t.Warehouse.LoadEligibleLeadsAsync(new ProspectGenerator(42, ProspectMix.Clean).Generate(n));

        var samples = new List<long>();
        var count = 0;
        var previous = (Score: int.MaxValue, Email: "");
        var ordered = true;
        await foreach (var p in t.Warehouse.StreamReadyLeadsAsync(new ReadyLeadQuery(CampaignRouting.Default, null, PageSize: 5_000, Now: TempWarehouse.Now)))
        {
            ordered &= p.Score < previous.Score || (p.Score == previous.Score && string.CompareOrdinal(p.Email, previous.Email) > 0);
            previous = (p.Score, p.Email);
            if (++count % 100_000 == 0) samples.Add(GC.GetTotalMemory(forceFullCollection: true));
        }

        Assert.True(count > 900_000, $"only {count} of {n} generated leads were ready");
        Assert.True(ordered, "leads were not in (score DESC, email) order");
        // Holding a million prospects would take hundreds of MB; a page-at-a-time reader stays within a few MB.
        var growth = samples.Max() - samples[0];
        Assert.True(growth < 16 * 1024 * 1024, $"managed heap grew by {growth / 1024 / 1024} MB while streaming: {string.Join(", ", samples)}");
    }
}
