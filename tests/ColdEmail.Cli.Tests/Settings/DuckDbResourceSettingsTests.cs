using ColdEmail.Cli.Lease;
using ColdEmail.Pipeline.Settings;

namespace ColdEmail.Cli.Tests.Settings;

public sealed class DuckDbResourceSettingsTests
{
    private static ColdEmailSettings Load(string text) =>
        SettingsLoader.Load(new SettingsSources(ConfigText: text, Environment: _ => null)).Settings;

    [Fact]
    public void Defaults_bound_memory_and_threads_and_reach_the_adapter()
    {
        var s = Load("");
        Assert.Equal(new DuckDbResourceSettings("128MB", 2, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(2)), s.DuckDbResources);
        Assert.Equal(TimeSpan.FromMinutes(2), s.Lease.Ttl);
        Assert.Equal("48MB", s.DuckDbResources.ReadingMemoryLimit);
        Assert.Equal("48MB", DuckDbResources.From(s, null).ReadingMemoryLimit);
        var options = DuckDbResources.From(Load("coldemail.warehouse.duckdb { memory-limit = 1.5gib, reading-memory-limit = 64mib, threads = 4, lock-wait = 5s, release-after = 0s }"), null);
        Assert.Equal(("1.5GiB", "64MiB", 4, TimeSpan.FromSeconds(5), TimeSpan.Zero), (options.MemoryLimit, options.ReadingMemoryLimit, options.Threads, options.EffectiveLockWait, options.EffectiveReleaseAfter));
        var lines = SettingsFlattener.Flatten(s);
        Assert.Contains(lines, l => l.Key == "coldemail.warehouse.duckdb.memory-limit" && l.Value == "128MB");
        Assert.Contains(lines, l => l.Key == "coldemail.warehouse.duckdb.reading-memory-limit" && l.Value == "48MB");
        Assert.Contains(lines, l => l.Key == "coldemail.lease.ttl" && l.Value == "2m");
    }

    [Theory]
    [InlineData("warehouse.duckdb.memory-limit", "lots")]
    [InlineData("warehouse.duckdb.memory-limit", "16MB")]
    [InlineData("warehouse.duckdb.memory-limit", "80%")]
    [InlineData("warehouse.duckdb.reading-memory-limit", "lots")]
    [InlineData("warehouse.duckdb.reading-memory-limit", "8MB")]
    [InlineData("warehouse.duckdb.reading-memory-limit", "256MB")] // above the 128MB memory-limit
    [InlineData("warehouse.duckdb.threads", "0")]
    [InlineData("warehouse.duckdb.lock-wait", "2h")]
    [InlineData("warehouse.duckdb.release-after", "soon")]
    [InlineData("lease.ttl", "1s")]
    public void A_bad_value_is_an_error_naming_the_key(string key, string value)
    {
        var e = Assert.Throws<SettingsException>(() => Load($"coldemail.{key} = \"{value}\""));
        Assert.Contains(e.Errors, error => error.Key == "coldemail." + key);
    }

    [Fact]
    public void Resource_and_lease_changes_wait_for_a_restart()
    {
        var before = Load("");
        var after = Load("coldemail.warehouse.duckdb.threads = 1\ncoldemail.lease.ttl = 5m");
        Assert.All(SettingsDiff.Between(before, after).Changes, c => Assert.True(c.RequiresRestart, c.Key));
        var live = SettingsDiff.LiveApplicable(before, after);
        Assert.Equal((2, TimeSpan.FromMinutes(2)), (live.DuckDbResources.Threads, live.Lease.Ttl));
    }
}
