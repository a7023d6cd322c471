using System.Text.RegularExpressions;
using ColdEmail.Cli.Tests.Shutdown;
using ColdEmail.Sandbox.Hosting;

namespace ColdEmail.Cli.Tests.Http;

/// <summary>
/// A real `coldemail run` process on a temp workspace whose Instantly is a sandbox started by the test, with its HTTP
/// endpoint on a free port (read from the daemon's "HTTP endpoint listening on" log line).
/// </summary>
public sealed partial class RunningDaemon : IAsyncDisposable
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(120);

    private RunningDaemon(TempWorkspace workspace, SandboxServer sandbox, ChildProcess process, Uri address)
    {
        Workspace = workspace;
        Sandbox = sandbox;
        Process = process;
        Address = address;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public TempWorkspace Workspace { get; }
    public SandboxServer Sandbox { get; }
    public ChildProcess Process { get; }
    public Uri Address { get; }
    public HttpClient Client { get; }

    /// <param name="seed">Writes to the warehouse before the daemon starts (history the daemon did not make itself).</param>
    public static async Task<RunningDaemon> StartAsync(int prospects, string extraHocon = "", Func<ColdEmail.Warehouse.DuckDb.DuckDbLeadWarehouse, Task>? seed = null)
    {
        var ws = new TempWorkspace();
        var sandbox = await ws.StartWorkspaceAsync(extraHocon);
        await ws.SeedProspectsAsync(prospects);
        if (seed is not null)
        {
            await using var warehouse = await ws.OpenWarehouseAsync();
            await seed(warehouse);
        }
        var process = ChildProcess.StartDll("coldemail.dll", ws.Environment, "--config", ws.ConfigFile, "run");
        if (!await process.WaitForOutputAsync("HTTP endpoint listening on ", Bound))
        {
            var output = process.Output;
            process.Dispose();
            await sandbox.DisposeAsync();
            ws.Dispose();
            throw new InvalidOperationException("the daemon did not report its HTTP address:\n" + output);
        }
        var url = ListeningOn().Match(process.Output).Groups["url"].Value;
        return new RunningDaemon(ws, sandbox, process, new Uri(url));
    }

    /// <summary>Polls <paramref name="path"/> until <paramref name="until"/> holds for the answer; the last answer either way.</summary>
    public async Task<(System.Net.HttpStatusCode Status, string Body)> PollAsync(string path, Func<System.Net.HttpStatusCode, string, bool> until)
    {
        using var timeout = new CancellationTokenSource(Bound);
        while (true)
        {
            using var response = await Client.GetAsync(path, CancellationToken.None);
            var body = await response.Content.ReadAsStringAsync(CancellationToken.None);
            if (until(response.StatusCode, body) || timeout.IsCancellationRequested)
            {
                return (response.StatusCode, body);
            }
            await Task.Delay(200, CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Process.Signal(ChildProcess.SIGTERM);
        await Process.WaitForExitAsync(Bound);
        Process.Dispose();
        await Sandbox.DisposeAsync();
        Workspace.Dispose();
    }

    [GeneratedRegex(@"HTTP endpoint listening on (?<url>http://\S+)")]
    private static partial Regex ListeningOn();
}
