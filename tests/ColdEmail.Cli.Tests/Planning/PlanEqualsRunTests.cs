using System.Text;
using System.Text.Json;
using ColdEmail.Instantly;
using ColdEmail.Instantly.Http;
using ColdEmail.Sandbox.Hosting;
using DuckDB.NET.Data;

namespace ColdEmail.Cli.Tests.Planning;

/// <summary>
/// `plan` is the next run, dry: the real `coldemail` verbs against a simulator standing in for the workspace (real HTTP)
/// and a temp DuckDB warehouse. What `plan` says a sync would add is exactly what the next `sync --once` adds, its drain
/// decisions are exactly the next `drain --once`'s, and `plan` itself leaves the warehouse, the journal and Instantly as they were.
/// </summary>
public sealed class PlanEqualsRunTests : IDisposable
{
    private readonly TempWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private static readonly Dictionary<string, string> CampaignNames = new(StringComparer.Ordinal) { ["SMB"] = "smb", ["Midsize"] = "midsize" };

    private sealed record PlanLine(string Email, string? Campaign, string Action, string Reason)
    {
        /// <summary>The reason code a drain records (the plan's reason starts with it).</summary>
        public string Code => Reason.Split(':')[0];
    }

    private async Task<(List<PlanLine> Sync, List<PlanLine> Drain, List<string> Failures)> PlanAsync()
    {
        var plan = await _ws.RunAsync("plan", "--json");
        Assert.True(plan.ExitCode == 0, plan.ToString());
        using var doc = JsonDocument.Parse(plan.Out);
        List<PlanLine> Lines(string phase) => doc.RootElement.GetProperty(phase).EnumerateArray().Select(e => new PlanLine(
            e.GetProperty("email").GetString()!, e.GetProperty("campaign").GetString(), e.GetProperty("action").GetString()!,
            e.GetProperty("reason").GetString()!)).ToList();
        var failures = doc.RootElement.GetProperty("failures").EnumerateArray().Select(f => f.GetString()!).ToList();
        return (Lines("sync"), Lines("drain"), failures);
    }

    private static Dictionary<string, HashSet<string>> InstantlyLeads(SandboxServer workspace) =>
        CampaignNames.ToDictionary(kv => kv.Value, kv => workspace.State.AllLeads(workspace.CampaignIds[kv.Key])
            .Select(l => l.Email!).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);

    /// <summary>
    /// The verbs run as real processes on the wall clock, and whether a lead is inside its business hours changes on the hour
    /// (v_ready_for_instantly), or on the half hour in zones such as Asia/Kolkata that the generator uses. A plan made at
    /// 07:59:58 and a sync at 08:00:03 rightly differ (CI once failed so); each stretch that compares them starts where the
    /// next such boundary is further away than the stretch takes.
    /// </summary>
    private static async Task AwayFromABusinessHourBoundaryAsync(TimeSpan margin)
    {
        var halfHour = TimeSpan.FromMinutes(30).Ticks;
        var toNext = TimeSpan.FromTicks(halfHour - DateTimeOffset.UtcNow.UtcTicks % halfHour);
        if (toNext < margin) await Task.Delay(toNext + TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task The_leads_plan_would_add_are_exactly_the_leads_the_next_sync_adds()
    {
        await using var workspace = await _ws.StartWorkspaceAsync();
        await _ws.SeedProspectsAsync(400);
        // What a rep did by hand in Instantly: 30 leads of their own into SMB (Instantly counts them active, the warehouse
        // does not know them: a run plans with the larger count, so the plan must too), and six of the leads the plan would
        // add first: three already in SMB (a run tracks them, adds nothing), three in Midsize (Instantly skips them and the
        // run reads further).
        // The first plan picks the leads a rep adds by hand, which round 1 then checks: one stretch of the clock.
        await AwayFromABusinessHourBoundaryAsync(TimeSpan.FromMinutes(5));
        var (first, _, _) = await PlanAsync();
        var top = first.Where(l => l is { Action: "add", Campaign: "smb" }).Select(l => l.Email).Take(6).ToList();
        Assert.Equal(6, top.Count);
        using (var client = Client(workspace))
        {
            var byHand = Enumerable.Range(0, 30).Select(i => (Campaign: "SMB", Email: $"by-hand-{i}@rep-added.com"))
                .Concat(top.Take(3).Select(e => (Campaign: "SMB", Email: e)))
                .Concat(top.Skip(3).Select(e => (Campaign: "Midsize", Email: e)));
            foreach (var (campaign, email) in byHand)
            {
                var added = await client.CreateLeadAsync(new CreateLeadRequest(workspace.CampaignIds[campaign], new NewLead(email)));
                Assert.True(added.IsSuccess, added.Error?.ToString());
            }
        }

        // Twice: a fresh warehouse, then one where the first run's leads are active (and max-leads-per-run left a deficit).
        for (var round = 1; round <= 2; round++)
        {
            if (round == 2) await AwayFromABusinessHourBoundaryAsync(TimeSpan.FromMinutes(3));
            var before = InstantlyLeads(workspace);
            var (sync, _, failures) = await PlanAsync();
            Assert.Empty(failures);
            var planned = sync.Where(l => l.Action == "add").GroupBy(l => l.Campaign!)
                .ToDictionary(g => g.Key, g => g.Select(l => l.Email).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
            Assert.True(planned.Values.Sum(s => s.Count) > 0, $"round {round}: the plan adds nobody; the test proves nothing");
            if (round == 2) Assert.Contains(sync, l => l.Action == "skip" && l.Reason.Contains("active", StringComparison.OrdinalIgnoreCase));

            var run = await _ws.RunAsync("sync", "--once", "--json");
            Assert.True(run.ExitCode == 0, run.ToString());
            var after = InstantlyLeads(workspace);
            foreach (var campaign in CampaignNames.Values)
            {
                var added = after[campaign].Except(before[campaign]).ToHashSet(StringComparer.Ordinal);
                var expected = planned.GetValueOrDefault(campaign) ?? [];
                Assert.True(added.SetEquals(expected),
                    $"round {round}, {campaign}: plan {expected.Count}, sync {added.Count}; only planned: {string.Join(", ", expected.Except(added).Take(5))}; " +
                    $"only synced: {string.Join(", ", added.Except(expected).Take(5))}");
            }
            if (round == 1)
            {
                // The hand-added leads count: the run planned SMB with Instantly's 33 active leads, and so did the plan; the
                // leads already in Instantly were foreseen as the run settled them.
                using var summary = JsonDocument.Parse(run.Out);
                var smb = summary.RootElement.GetProperty("campaigns").EnumerateArray().Single(c => c.GetProperty("campaign").GetString() == "smb");
                Assert.Equal(33, smb.GetProperty("plan").GetProperty("active").GetInt32());
                Assert.All(sync.Where(l => l is { Action: "add", Campaign: "smb" }), l => Assert.Contains("active 33,", l.Reason, StringComparison.Ordinal));
                Assert.All(top.Take(3), e => Assert.Equal("track", sync.Single(l => l.Email == e).Action));
                Assert.All(top.Skip(3), e => Assert.Equal("skip", sync.Single(l => l.Email == e).Action));
            }
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("coldemail.feature-flags.bigquery-first-drain = off")] // candidates listed from Instantly, not the warehouse
    public async Task The_drain_decisions_of_plan_are_exactly_those_of_the_next_drain_and_plan_writes_nothing(string hocon)
    {
        await using var workspace = await _ws.StartWorkspaceAsync(hocon);
        await _ws.SeedProspectsAsync(300);
        var sync = await _ws.RunAsync("sync", "--once");
        Assert.True(sync.ExitCode == 0, sync.ToString());

        // Every kind of decision: sequence over, unsubscribed, bounced, left for another campaign, gone from Instantly,
        // an interested reply (kept, suppressed at first sight), and untouched leads (kept).
        var smb = workspace.State.AllLeads(workspace.CampaignIds["SMB"]).OrderBy(l => l.Email, StringComparer.Ordinal).ToList();
        Assert.True(smb.Count >= 8, $"only {smb.Count} SMB leads enrolled");
        var now = DateTimeOffset.UtcNow;
        workspace.State.SetStatus(smb[0].Id, 3);
        workspace.State.SetStatus(smb[1].Id, 3);
        workspace.State.SetStatus(smb[2].Id, -2);
        workspace.State.SetStatus(smb[3].Id, -1, lastContact: now.AddDays(-20));
        workspace.State.MoveLead(smb[4].Id, workspace.CampaignIds["Midsize"]);
        workspace.State.AddReply(smb[5].Id, at: now.AddDays(-10));
        workspace.State.SetInterest(smb[5].Id, 1);
        using (var client = Client(workspace))
        {
            var deleted = await client.DeleteLeadAsync(smb[6].Id);
            Assert.True(deleted.IsSuccess, deleted.Error?.ToString());
        }

        var warehouseBefore = await WarehouseContentAsync();
        var instantlyBefore = InstantlyContent(workspace);
        var journalExisted = File.Exists(_ws.JournalPath);
        var journalBefore = journalExisted ? await File.ReadAllBytesAsync(_ws.JournalPath) : null;

        var (_, drainPlan, failures) = await PlanAsync();
        Assert.Empty(failures);

        // plan wrote nothing: every warehouse table, the journal and the workspace are as they were.
        Assert.Equal(warehouseBefore, await WarehouseContentAsync());
        Assert.Equal(instantlyBefore, InstantlyContent(workspace));
        Assert.Equal(journalExisted, File.Exists(_ws.JournalPath));
        if (journalBefore is not null) Assert.Equal(journalBefore, await File.ReadAllBytesAsync(_ws.JournalPath));

        var drained = drainPlan.Where(l => l.Action is "drain" or "release").ToDictionary(l => l.Email, l => l.Code, StringComparer.Ordinal);
        var kept = drainPlan.Where(l => l.Action == "keep").Select(l => l.Email).ToHashSet(StringComparer.Ordinal);
        Assert.DoesNotContain(drainPlan, l => l.Action == "check");

        var run = await _ws.RunAsync("drain", "--once", "--json");
        Assert.True(run.ExitCode == 0, run.ToString());

        var recorded = await QueryAsync("SELECT email, drain_reason FROM ops_lead_history WHERE drain_reason IS NOT NULL",
            r => (Email: r.GetString(0), Reason: r.GetString(1)));
        Assert.Equal(drained.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (kv.Key, kv.Value)),
            recorded.OrderBy(r => r.Email, StringComparer.Ordinal).Select(r => (r.Email, r.Reason)));
        var stamped = (await QueryAsync("SELECT email FROM ops_inst_state WHERE last_drain_check IS NOT NULL", r => r.GetString(0)))
            .Where(e => !drained.ContainsKey(e)).ToHashSet(StringComparer.Ordinal);
        Assert.True(kept.SetEquals(stamped), $"plan kept {kept.Count}, drain stamped {stamped.Count}");
        // The decisions were not trivial: some drained for several reasons, the interested replier kept but suppressed.
        Assert.Contains("completed", drained.Values);
        Assert.Contains("unsubscribed", drained.Values);
        Assert.Contains(smb[4].Email!, drained.Keys);
        // The lead gone from Instantly: warehouse-first checks it (and records it gone); Instantly-first never lists it.
        if (hocon.Length == 0) Assert.Contains(smb[6].Email!, drained.Keys);
        else Assert.DoesNotContain(smb[6].Email!, drained.Keys);
        var suppressedNow = await QueryAsync("SELECT email FROM suppression", r => r.GetString(0));
        foreach (var line in drainPlan.Where(l => l.Reason.Contains("suppressed", StringComparison.Ordinal)))
            Assert.Contains(line.Email, suppressedNow);
    }

    private InstantlyHttpClient Client(SandboxServer workspace) =>
        new(new InstantlyClientOptions { BaseAddress = workspace.BaseAddress, ApiKey = workspace.ApiKey, Timeout = TimeSpan.FromSeconds(20) });

    private static string InstantlyContent(SandboxServer workspace) =>
        JsonSerializer.Serialize(workspace.State.AllLeads().OrderBy(l => l.Id, StringComparer.Ordinal)) +
        JsonSerializer.Serialize(workspace.State.BlockList);

    /// <summary>Every row of every table, in a stable order.</summary>
    private async Task<string> WarehouseContentAsync()
    {
        var tables = await QueryAsync("SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' ORDER BY table_name", r => r.GetString(0));
        var all = new StringBuilder();
        foreach (var table in tables)
        {
            all.Append("== ").AppendLine(table);
            foreach (var row in await QueryAsync($"SELECT * FROM \"{table}\" ORDER BY ALL", r =>
                string.Join("|", Enumerable.Range(0, r.FieldCount).Select(i => r.IsDBNull(i) ? "∅" : Convert.ToString(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)))))
                all.AppendLine(row);
        }
        return all.ToString();
    }

    private async Task<List<T>> QueryAsync<T>(string sql, Func<System.Data.Common.DbDataReader, T> read)
    {
        await using var connection = new DuckDBConnection($"Data Source={_ws.WarehousePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync()) rows.Add(read(reader));
        return rows;
    }
}
