using ColdEmail.Domain.Routing;
using ColdEmail.Domain.Leads;
using ColdEmail.Warehouse.Generation;
using ColdEmail.Warehouse.Tests.DuckDb;
using static ColdEmail.Warehouse.Tests.DuckDb.TempWarehouse;

namespace ColdEmail.Warehouse.Tests.Contract;

/// <summary>Concurrent use of one warehouse: the same scenarios for every engine; each engine supplies a fresh warehouse.</summary>
public abstract class ConcurrencyContract
{
    protected abstract Task<IWarehouseHarness> CreateAsync();

    [Fact]
    public async Task Concurrent_writers_and_readers_lose_nothing_and_never_conflict()
    {
        await using var t = await CreateAsync();
        await t.LoadEligibleLeadsAsync(new ProspectGenerator(3, ProspectMix.Clean).Generate(2_000));
        const int writers = 6, batches = 10, batchSize = 40;

        var writes = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var b = 0; b < batches; b++)
            {
                var rows = Enumerable.Range(0, batchSize)
                    .Select(i => new LeadStateRow($"w{w}-b{b}-{i}@x.com", $"c{w % 2}", "SMB", LeadState.Active, $"L{w}-{b}-{i}", 1, null, TempWarehouse.Now))
                    .ToList();
                await t.Warehouse.UpsertLeadStatesAsync(rows);
                await t.Warehouse.UpsertDeadLettersAsync([new DeadLetter($"d{w}-{b}", "create", $"w{w}@x.com", null, "ServerError", 503, "busy", null, b, TempWarehouse.Now, TempWarehouse.Now, TempWarehouse.Now, false)]);
                await t.Warehouse.WriteConfigAsync($"writer_{w}", $$"""{"batch":{{b}}}""", TempWarehouse.Now);
                await t.Warehouse.MarkDrainCheckedAsync([new LeadKey($"w{w}-b{b}-0@x.com", $"c{w % 2}")], TempWarehouse.Now);
            }
        }));
        var reads = Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
        {
            var seen = 0;
            for (var round = 0; round < 4; round++)
            {
                await foreach (var _ in t.Warehouse.StreamReadyLeadsAsync(new ReadyLeadQuery(CampaignRouting.Default, null, PageSize: 300, Now: TempWarehouse.Now))) seen++;
                await t.Warehouse.CountActiveByCampaignAsync();
                await t.Warehouse.LeadsDueForDrainAsync(TempWarehouse.Now, TimeSpan.FromHours(24), 100);
            }
            return seen;
        })).ToList();

        await Task.WhenAll(writes.Concat<Task>(reads));

        var active = await t.Warehouse.CountActiveByCampaignAsync();
        Assert.Equal(writers * batches * batchSize, active.Values.Sum());
        Assert.Equal(writers * batches, (await t.Warehouse.ListDeadLettersAsync(false, 1_000)).Count);
        Assert.Equal(writers, (await t.Warehouse.ReadConfigAsync()).Count);
        Assert.Equal($$"""{"batch":{{batches - 1}}}""", (await t.Warehouse.ReadConfigAsync()).First().ValueJson);
        Assert.All(reads, r => Assert.True(r.Result > 0));
        // Leads marked as checked are not due; all the others are.
        Assert.Equal(writers * batches * (batchSize - 1), (await t.Warehouse.LeadsDueForDrainAsync(TempWarehouse.Now, TimeSpan.FromHours(24), 100_000)).Count);
    }
}
