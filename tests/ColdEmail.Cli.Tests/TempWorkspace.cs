using ColdEmail.Sandbox.Hosting;
using ColdEmail.Warehouse.DuckDb;
using ColdEmail.Warehouse.Generation;

namespace ColdEmail.Cli.Tests;

/// <summary>A temp folder with a config file pointing the warehouse and the journal into it, and a way to run `coldemail` in-process.</summary>
public sealed class TempWorkspace : IDisposable
{
    public TempWorkspace(string extraHocon = "")
    {
        Dir = Path.Combine(Path.GetTempPath(), "coldemail-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Dir);
        ConfigFile = Path.Combine(Dir, "coldemail.conf");
        WriteConfig(extraHocon);
    }

    public string Dir { get; }
    public string ConfigFile { get; }
    public string WarehousePath => Path.Combine(Dir, "warehouse.duckdb");
    public string SandboxStatePath => Path.Combine(Dir, "sandbox-state.json");
    public string JournalPath => Path.Combine(Dir, "journal.db");
    public Dictionary<string, string?> Environment { get; } = new();

    public void WriteConfig(string extraHocon) => File.WriteAllText(ConfigFile, $$"""
        coldemail {
          warehouse.duckdb.path = "{{WarehousePath}}"
          persistence.sqlite.path = "{{JournalPath}}"
          rate-limit { min-delay = 0s, requests-per-second = 1000, requests-per-minute = 60000 }
          live-tuning { debounce = 50ms, file-check-interval = 200ms, config-table-poll-interval = 200ms }
          # Daemons of parallel tests must not fight over the default port: each gets a free one (logged at start).
          http.urls = "http://127.0.0.1:0"
        }
        {{extraHocon}}
        """);

    /// <summary>
    /// A simulator started by the test, standing in for the configured Instantly workspace: the config points
    /// base-url and the smb/midsize campaign ids at it and the environment carries its key, so verbs run
    /// without --sandbox (their real path) against it. The caller disposes it.
    /// </summary>
    public async Task<SandboxServer> StartWorkspaceAsync(string extraHocon = "")
    {
        var sandbox = await SandboxServer.StartAsync(new SandboxOptions
        {
            RateLimits = RateLimitOptions.Off,
            SaveOnStop = false,
            TimeProvider = TimeProvider.System,
            Campaigns = [new("SMB", 50, 5), new("Midsize", 30, 7)],
        });
        Environment["INSTANTLY_API_KEY"] = sandbox.ApiKey;
        WriteConfig($$"""
            coldemail.instantly.base-url = "{{sandbox.BaseAddress}}"
            coldemail.campaigns.smb.id = "{{sandbox.CampaignIds["SMB"]}}"
            coldemail.campaigns.midsize.id = "{{sandbox.CampaignIds["Midsize"]}}"
            {{extraHocon}}
            """);
        return sandbox;
    }

    public async Task<CliResult> RunAsync(params string[] args) => await RunAsync(CancellationToken.None, args);

    public Task<CliResult> RunAsync(CancellationToken ct, params string[] args) => RunAsync(new StringWriter(), new StringWriter(), ct, args);

    /// <summary>With the caller's writers, so a test can watch a long-running verb's output while it runs.</summary>
    public async Task<CliResult> RunAsync(StringWriter output, StringWriter error, CancellationToken ct, params string[] args)
    {
        var console = new CliConsole(TextWriter.Synchronized(output), TextWriter.Synchronized(error), false, k => Environment.GetValueOrDefault(k));
        var code = await CliApp.RunAsync(["--config", ConfigFile, .. args], console, ct);
        return new CliResult(code, output.ToString(), error.ToString());
    }

    public async Task<DuckDbLeadWarehouse> OpenWarehouseAsync()
    {
        var warehouse = new DuckDbLeadWarehouse(new DuckDbWarehouseOptions(WarehousePath));
        await warehouse.EnsureSchemaAsync();
        return warehouse;
    }

    public async Task SeedProspectsAsync(int count, int seed = 7)
    {
        await using var warehouse = await OpenWarehouseAsync();
        await warehouse.LoadEligibleLeadsAsync(new ProspectGenerator(seed).Generate(count));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a finishing process; the temp folder is cleaned by the OS.
        }
    }
}

public sealed record CliResult(int ExitCode, string Out, string Err)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Err}";
}
