using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using ColdEmail.Warehouse.DuckDb;

namespace ColdEmail.Cli.Tests.Verbs;

/// <summary>
/// `--sandbox` is a rehearsal: it never writes the configured warehouse or journal. With DuckDB it runs on a
/// temporary copy and says where; with a remote warehouse it is refused (exit 2) and points to `plan`.
/// </summary>
public sealed partial class RehearsalTests : IDisposable
{
    private readonly TempWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    /// <summary>Every file of the configured warehouse and journal (with their sidecars) and a hash of its bytes.</summary>
    private Dictionary<string, string> Fingerprint() =>
        Directory.GetFiles(_ws.Dir)
            .Where(f => Path.GetFileName(f).StartsWith("warehouse.duckdb", StringComparison.Ordinal) || Path.GetFileName(f).StartsWith("journal.db", StringComparison.Ordinal))
            .ToDictionary(f => Path.GetFileName(f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

    [GeneratedRegex(@"temporary copy of the warehouse and journal in (?<dir>\S+)\. ")]
    private static partial Regex CopyFolder();

    [Fact]
    public async Task Sync_and_drain_with_sandbox_leave_the_configured_warehouse_and_journal_byte_for_byte_unchanged()
    {
        // A live setup: a real sync against the workspace has written the warehouse and the journal.
        // Under the in-process simulator's real 100/s limit: the drain rehearsal re-confirms every lead it cannot find.
        await using (await _ws.StartWorkspaceAsync("coldemail.rate-limit.requests-per-second = 80"))
        {
            await _ws.SeedProspectsAsync(300);
            var live = await _ws.RunAsync("sync", "--once", "--json");
            Assert.True(live.ExitCode == 0, live.ToString());
        }
        int active;
        await using (var warehouse = await _ws.OpenWarehouseAsync())
        {
            active = (await warehouse.CountActiveByCampaignAsync()).Values.Sum();
        }
        Assert.True(active > 0);
        var before = Fingerprint();
        Assert.Contains("warehouse.duckdb", before.Keys);
        Assert.Contains("journal.db", before.Keys);

        var sync = await _ws.RunAsync("sync", "--once", "--sandbox", "--json");
        Assert.True(sync.ExitCode == 0, sync.ToString());
        var drain = await _ws.RunAsync("drain", "--once", "--sandbox", "--json");
        Assert.True(drain.ExitCode == 0, drain.ToString());

        Assert.Equal(before, Fingerprint());
        Assert.False(File.Exists(_ws.SandboxStatePath));

        // The rehearsal did its work, on a copy it names: the sync enrolled leads in the copy.
        Assert.Contains("not written", sync.Err);
        var copy = CopyFolder().Match(sync.Err).Groups["dir"].Value;
        Assert.True(Directory.Exists(copy), sync.Err);
        Assert.StartsWith(Path.GetFullPath(Path.GetTempPath()), Path.GetFullPath(copy));
        using (var doc = JsonDocument.Parse(sync.Out))
        {
            Assert.True(doc.RootElement.GetProperty("totalLeadsCreated").GetInt32() > 0, sync.Out);
        }
        await using (var rehearsed = new DuckDbLeadWarehouse(new DuckDbWarehouseOptions(Path.Combine(copy, "warehouse.duckdb"))))
        {
            Assert.True((await rehearsed.CountActiveByCampaignAsync()).Values.Sum() > active);
            Assert.Equal(2, (await rehearsed.ListRunsAsync(10)).Count);
        }
        // The drain's copy started from the configured warehouse again, not from the sync rehearsal's copy.
        using (var doc = JsonDocument.Parse(drain.Out))
        {
            Assert.Equal(active, doc.RootElement.GetProperty("checked").GetInt32());
        }
        Assert.NotEqual(copy, CopyFolder().Match(drain.Err).Groups["dir"].Value);
        Directory.Delete(copy, recursive: true);
        Directory.Delete(CopyFolder().Match(drain.Err).Groups["dir"].Value, recursive: true);
    }

    [Theory]
    [InlineData("postgres", "coldemail.warehouse { kind = postgres, postgres.connection-string = \"Host=127.0.0.1;Port=1;Username=x;Password=y;Database=z;Timeout=1\" }")]
    [InlineData("bigquery", "coldemail.warehouse { kind = bigquery, bigquery { project = \"my-project\", dataset = \"coldemail\", location = \"US\" } }")]
    public async Task Sandbox_with_a_remote_warehouse_is_refused_with_exit_2_pointing_to_plan(string kind, string hocon)
    {
        _ws.WriteConfig(hocon);
        foreach (var verb in new[] { new[] { "sync", "--once", "--sandbox" }, ["drain", "--once", "--sandbox"], ["run", "--sandbox"] })
        {
            var r = await _ws.RunAsync(verb);
            Assert.True(r.ExitCode == 2, string.Join(' ', verb) + "\n" + r);
            Assert.Contains("coldemail plan", r.Err);
            Assert.Contains($"coldemail.warehouse.kind = {kind}", r.Err);
        }
    }
}
