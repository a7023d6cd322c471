using System.Net.Sockets;
using System.Text.Json;

namespace ColdEmail.Cli.Tests.Shutdown;

/// <summary>
/// What docker stop / systemd / Kubernetes do to a deployed process: SIGTERM, then wait. Real child processes from this
/// build's output; the waits are bounds on a process ending, not timing assertions.
/// </summary>
public sealed class ShutdownSignalTests
{
    private static readonly TimeSpan StartBound = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan ExitBound = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Sigterm_lets_the_daemons_in_flight_sync_settle_and_exits_0()
    {
        // A sync slow enough to be in flight when the signal comes (batches of 5 leads at 5 requests/s: a few seconds
        // per campaign) and short enough for a test; the 60 s timeout is a bound, not the expected time.
        using var ws = new TempWorkspace("""
            coldemail.rate-limit { requests-per-second = 5, requests-per-minute = 6000 }
            coldemail.limits { bulk-batch-size = 5, max-leads-per-run = 20 }
            coldemail.shutdown-timeout = 60s
            """);
        await ws.SeedProspectsAsync(400);
        using var daemon = ChildProcess.StartDll("coldemail.dll", ws.Environment, "--config", ws.ConfigFile, "run", "--sandbox");

        Assert.True(await daemon.WaitForOutputAsync("Sync plan for", StartBound), daemon.Output);
        daemon.Signal(ChildProcess.SIGTERM);
        var exit = await daemon.WaitForExitAsync(ExitBound);

        var output = daemon.Output;
        Assert.True(exit == 0, $"exit {exit?.ToString() ?? "(still running)"}\n{output}");
        var stopping = output.IndexOf("letting in-flight runs settle", StringComparison.Ordinal);
        Assert.True(stopping >= 0, output);
        // The sync that was running when the signal came finished instead of being cut off.
        Assert.True(output.IndexOf("Synced ", stopping, StringComparison.Ordinal) > stopping, output);
        Assert.Contains("Stopped: in-flight runs settled", output);
        Assert.DoesNotContain("did not settle", output);
    }

    [Fact]
    public async Task Standalone_sandbox_stops_on_sigterm_saves_its_state_and_exits_0()
    {
        using var ws = new TempWorkspace();
        var url = $"http://127.0.0.1:{FreePort()}";
        using var sandbox = ChildProcess.StartDll("ColdEmail.Sandbox.dll", new Dictionary<string, string?>(),
            "--urls", url, "--api-key", "k-test", "--state-file", ws.SandboxStatePath, "--no-rate-limits");

        Assert.True(await sandbox.WaitForOutputAsync("Ctrl+C stops", StartBound), sandbox.Output);
        sandbox.Signal(ChildProcess.SIGTERM);
        var exit = await sandbox.WaitForExitAsync(ExitBound);

        Assert.True(exit == 0, $"exit {exit?.ToString() ?? "(still running after SIGTERM)"}\n{sandbox.Output}");
        Assert.Contains("sandbox stopped", sandbox.Output);
        Assert.True(File.Exists(ws.SandboxStatePath), "the state file is saved on SIGTERM");
        using var state = JsonDocument.Parse(await File.ReadAllTextAsync(ws.SandboxStatePath));
        Assert.Equal(JsonValueKind.Object, state.RootElement.ValueKind);
    }

    [Fact]
    public async Task Sigterm_stops_the_sandbox_verb_with_exit_0()
    {
        using var ws = new TempWorkspace();
        var url = $"http://127.0.0.1:{FreePort()}";
        using var sandbox = ChildProcess.StartDll("coldemail.dll", ws.Environment,
            "--config", ws.ConfigFile, "sandbox", "--urls", url, "--state-file", ws.SandboxStatePath);

        Assert.True(await sandbox.WaitForOutputAsync("Ctrl-C stops", StartBound), sandbox.Output);
        sandbox.Signal(ChildProcess.SIGTERM);
        var exit = await sandbox.WaitForExitAsync(ExitBound);

        Assert.True(exit == 0, $"exit {exit?.ToString() ?? "(still running after SIGTERM)"}\n{sandbox.Output}");
        Assert.Contains("sandbox stopped", sandbox.Output);
        Assert.True(File.Exists(ws.SandboxStatePath), "the state file is saved on SIGTERM");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
