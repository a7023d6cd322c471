using ColdEmail.Cli.Tests.Shutdown;
using DuckDB.NET.Data;

namespace ColdEmail.Cli.Tests.Lease;

/// <summary>
/// Issue 12, "Operator verbs while the daemon runs": a real `coldemail run` process on a DuckDB warehouse, and beside it
/// a second daemon (refused, exit 2, naming the holder), the operator verbs (they succeed: the daemon releases the file
/// between its runs), and the verbs that would sync, drain or write the journal (refused like the second daemon).
/// The waits are bounds on a process reaching a state, not timing assertions.
/// </summary>
public sealed class DaemonNeighbourTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(120);

    // The daemon syncs, drains and scans once at start, then idles for an hour; the table poll never fires. It lets
    // the file go 200 ms after its last use; a verb that meets the file held waits up to 60 s (a bound, not a wait).
    private const string DaemonHocon = """
        coldemail.schedules { sync-interval = 1h, drain-interval = 1h, run-on-start = on }
        coldemail.live-tuning { watch-file = off, config-table-poll-interval = 1h }
        coldemail.warehouse.duckdb { release-after = 200ms, lock-wait = 60s }
        """;

    [Fact]
    public async Task A_second_daemon_is_refused_naming_the_holder_and_operator_verbs_work_beside_the_first()
    {
        using var ws = new TempWorkspace(DaemonHocon);
        await using var workspace = await ws.StartWorkspaceAsync(DaemonHocon);
        await ws.SeedProspectsAsync(300);
        using var first = ChildProcess.StartDll("coldemail.dll", ws.Environment, "--config", ws.ConfigFile, "run");
        Assert.True(await first.WaitForOutputAsync("Synced ", Bound), first.Output);
        Assert.True(await first.WaitForOutputAsync("Drain run ", Bound), first.Output);

        using (var second = ChildProcess.StartDll("coldemail.dll", ws.Environment, "--config", ws.ConfigFile, "run"))
        {
            var exit = await second.WaitForExitAsync(Bound);
            Assert.True(exit == 2, $"exit {exit?.ToString() ?? "(still running)"}\n{second.Output}");
            Assert.Contains("holds the sync/drain lease", second.Output);
            Assert.Contains($"pid {first.Id}", second.Output);
            Assert.Contains($"host {Environment.MachineName}", second.Output);
            Assert.Contains(" since ", second.Output);
            AssertNoStackTrace(second.Output);
        }

        // The same refusal for every verb that would sync, drain or write the journal's ledgers.
        foreach (var args in new[] { new[] { "sync", "--once" }, ["drain", "--once"], ["ledger", "list"] })
        {
            var refused = await ws.RunAsync(args);
            Assert.True(refused.ExitCode == 2, $"{string.Join(' ', args)}: {refused}");
            Assert.Contains($"pid {first.Id}", refused.Err);
            AssertNoStackTrace(refused.Err + refused.Out);
        }

        // The operator verbs, each a separate opening of the file while the daemon runs.
        var active = await AnActiveLeadAsync(ws);
        var explain = await ws.RunAsync("explain", active);
        Assert.True(explain.ExitCode == 0, explain.ToString());
        Assert.Contains("active", explain.Out, StringComparison.OrdinalIgnoreCase);
        var deadLetters = await ws.RunAsync("dead-letters", "list");
        Assert.True(deadLetters.ExitCode == 0, deadLetters.ToString());
        var retry = await ws.RunAsync("dead-letters", "retry");
        Assert.True(retry.ExitCode == 0, retry.ToString());
        Assert.Contains("due now", retry.Out);
        var report = await ws.RunAsync("report");
        Assert.True(report.ExitCode == 0, report.ToString());
        Assert.Contains("Latest runs", report.Out);
        var check = await ws.RunAsync("config", "check");
        Assert.True(check.ExitCode == 0, check.ToString());
        Assert.Contains("coldemail.warehouse.duckdb.memory-limit", check.Out);
        var set = await ws.RunAsync("config", "set", "coldemail.limits.max-leads-per-run", "150");
        Assert.True(set.ExitCode == 0, set.ToString());
        var plan = await ws.RunAsync("plan", "--no-instantly", "--json");
        Assert.True(plan.ExitCode == 0, plan.ToString());
        Assert.Contains("\"sync\"", plan.Out);
        var forget = await ws.RunAsync("forget", active);
        Assert.True(forget.ExitCode == 0, forget.ToString());
        var erased = await ws.RunAsync("explain", active);
        Assert.Contains("erased", erased.Out, StringComparison.OrdinalIgnoreCase);

        // The first daemon never noticed: it still holds the lease and stops cleanly, releasing it.
        Assert.False(first.HasExited, first.Output);
        Assert.DoesNotContain("sync/drain lease (epoch", first.Output);
        first.Signal(ChildProcess.SIGTERM);
        var firstExit = await first.WaitForExitAsync(Bound);
        Assert.True(firstExit == 0, $"exit {firstExit?.ToString() ?? "(still running)"}\n{first.Output}");
        var after = await ws.RunAsync("sync", "--once");
        Assert.True(after.ExitCode == 0, after.ToString());
    }

    [Fact]
    public async Task A_verb_meeting_the_file_held_by_another_process_waits_then_exits_2_without_a_stack_trace()
    {
        using var ws = new TempWorkspace("coldemail.warehouse.duckdb.lock-wait = 1s");
        await ws.SeedProspectsAsync(10);
        // This test process holds the file the way a daemon's run does; the verb runs as its own process.
        using (var holder = new DuckDBConnection($"Data Source={ws.WarehousePath}"))
        {
            holder.Open();
            foreach (var args in new[] { new[] { "explain", "someone@example.com" }, ["report"], ["sync", "--once"] })
            {
                using var verb = ChildProcess.StartDll("coldemail.dll", ws.Environment, ["--config", ws.ConfigFile, .. args]);
                var exit = await verb.WaitForExitAsync(Bound);
                Assert.True(exit == 2, $"{string.Join(' ', args)}: exit {exit?.ToString() ?? "(still running)"}\n{verb.Output}");
                Assert.Contains($"in use by another process (pid {Environment.ProcessId})", verb.Output);
                Assert.Contains("coldemail.warehouse.duckdb.lock-wait", verb.Output);
                AssertNoStackTrace(verb.Output);
            }
        }
        // Released: the same verb now works.
        var explain = await ws.RunAsync("explain", "someone@example.com");
        Assert.True(explain.ExitCode == 0, explain.ToString());
    }

    private static void AssertNoStackTrace(string output)
    {
        Assert.DoesNotMatch(@"(?m)^\s+at \S+\(", output);
        Assert.DoesNotContain("DuckDBException", output);
        Assert.DoesNotContain("Exception:", output);
    }

    private static async Task<string> AnActiveLeadAsync(TempWorkspace ws)
    {
        // Read through a verb (not a connection of this process held open), so the daemon's file is only borrowed.
        var listed = await ws.RunAsync("plan", "--no-instantly", "--json");
        Assert.True(listed.ExitCode == 0, listed.ToString());
        using var doc = System.Text.Json.JsonDocument.Parse(listed.Out);
        foreach (var entry in doc.RootElement.GetProperty("drain").EnumerateArray())
        {
            if (entry.TryGetProperty("email", out var email) && email.GetString() is { Length: > 0 } e) return e;
        }
        throw new InvalidOperationException("the daemon's first sync enrolled nobody:\n" + listed.Out);
    }
}
