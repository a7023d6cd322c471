using System.Reflection;
using ColdEmail.Cli.Http;
using ColdEmail.Pipeline.Settings;
using ColdEmail.Warehouse;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ColdEmail.Cli.Tests.Http;

/// <summary>
/// /readyz asks the warehouse at most once per <see cref="ReadinessProbe.WarehouseAnswerWindow"/> however often it is probed,
/// and never reports ready on an answer older than that window; the DuckDB file itself is checked on every probe.
/// </summary>
public sealed class ReadinessWarehouseAnswerTests : IDisposable
{
    private readonly TempWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public async Task Probes_share_one_warehouse_answer_per_window_and_a_warehouse_that_stopped_answering_shows_when_it_ends()
    {
        await using var duck = await _ws.OpenWarehouseAsync();
        var warehouse = CountingWarehouse.Wrap(duck);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var probe = Probe(warehouse.Port, clock);

        for (var i = 0; i < 5; i++) Assert.True((await WarehouseCheckAsync(probe)).Ready);
        Assert.Equal(1, warehouse.Queries);

        // The warehouse stops answering: within the window the shared answer stands, at its end the next probe asks again.
        warehouse.Failure = "connection refused";
        clock.Advance(ReadinessProbe.WarehouseAnswerWindow - TimeSpan.FromMilliseconds(1));
        Assert.True((await WarehouseCheckAsync(probe)).Ready);
        Assert.Equal(1, warehouse.Queries);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var down = await WarehouseCheckAsync(probe);
        Assert.False(down.Ready);
        Assert.Equal("connection refused", down.Detail);
        Assert.Equal(2, warehouse.Queries);

        // Back: reported ready again once the failed answer's window is over.
        warehouse.Failure = null;
        clock.Advance(ReadinessProbe.WarehouseAnswerWindow);
        Assert.True((await WarehouseCheckAsync(probe)).Ready);
        Assert.Equal(3, warehouse.Queries);
    }

    [Fact]
    public async Task A_replaced_duckdb_file_is_not_ready_at_the_next_probe_even_inside_the_window()
    {
        await using (var duck = await _ws.OpenWarehouseAsync())
        {
            var warehouse = CountingWarehouse.Wrap(duck);
            var probe = Probe(warehouse.Port, new FakeTimeProvider(DateTimeOffset.UtcNow));
            Assert.True((await WarehouseCheckAsync(probe)).Ready);

            var garbage = _ws.WarehousePath + ".garbage";
            await File.WriteAllTextAsync(garbage, new string('x', 4096));
            File.Move(garbage, _ws.WarehousePath, overwrite: true);

            var broken = await WarehouseCheckAsync(probe);
            Assert.False(broken.Ready);
            Assert.Contains("not a DuckDB database", broken.Detail);
            Assert.Equal(1, warehouse.Queries);
        }
    }

    private ReadinessProbe Probe(ILeadWarehouse warehouse, TimeProvider clock)
    {
        var settings = SettingsLoader.Load(new SettingsSources(_ws.ConfigFile, Environment: _ => null)).Settings;
        // No pipeline in this container: the campaigns check is not ready, which this test does not look at.
        return new ReadinessProbe(new ServiceCollection().BuildServiceProvider(), settings, warehouse, clock);
    }

    private static async Task<ReadinessCheck> WarehouseCheckAsync(ReadinessProbe probe) =>
        (await probe.CheckAsync(CancellationToken.None)).Single(c => c.Name == "warehouse");
}

/// <summary>A real warehouse whose readiness query is counted and can be made to fail.</summary>
public class CountingWarehouse : DispatchProxy
{
    private ILeadWarehouse _inner = null!;
    private int _queries;

    public int Queries => Volatile.Read(ref _queries);
    public string? Failure { get; set; }

    public static CountingWarehouse Wrap(ILeadWarehouse inner)
    {
        var proxy = Create<ILeadWarehouse, CountingWarehouse>();
        var self = (CountingWarehouse)(object)proxy;
        self._inner = inner;
        return self;
    }

    /// <summary>The proxy as the port it stands for.</summary>
    public ILeadWarehouse Port => (ILeadWarehouse)(object)this;

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (targetMethod.Name == nameof(ILeadWarehouse.CountActiveByCampaignAsync))
        {
            Interlocked.Increment(ref _queries);
            if (Failure is { } failure) return Task.FromException<IReadOnlyDictionary<string, int>>(new WarehouseException(failure));
        }
        try
        {
            return targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
    }
}
