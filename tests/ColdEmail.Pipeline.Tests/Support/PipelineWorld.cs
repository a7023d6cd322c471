using ColdEmail.Domain.Routing;
using ColdEmail.Instantly;
using ColdEmail.Instantly.Http;
using ColdEmail.Pipeline.Sync;
using ColdEmail.Sandbox.Hosting;
using ColdEmail.Warehouse;
using ColdEmail.Warehouse.DuckDb;
using ColdEmail.Warehouse.Generation;

namespace ColdEmail.Pipeline.Tests.Support;

/// <summary>
/// The real parts a pipeline test runs against: the sandbox on Kestrel (127.0.0.1, port 0), the HTTP
/// client, and a DuckDB warehouse file in a temp folder seeded by the prospect generator; one
/// simulated clock shared by all of them.
/// </summary>
public sealed class PipelineWorld : IAsyncDisposable
{
    public required string Folder { get; init; }
    public required SimulatedClock Clock { get; init; }
    public required SandboxServer Sandbox { get; init; }
    public required InstantlyHttpClient Client { get; init; }
    public required DuckDbLeadWarehouse Warehouse { get; init; }

    public static async Task<PipelineWorld> StartAsync(int prospects, int seed = 7, ProspectMix? mix = null, Func<SandboxOptions, SandboxOptions>? sandbox = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "coldemail-pipeline-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var clock = new SimulatedClock(new DateTimeOffset(2026, 3, 2, 15, 0, 0, TimeSpan.Zero));
        var options = new SandboxOptions { RateLimits = RateLimitOptions.Off, SaveOnStop = false, TimeProvider = clock, Seed = seed };
        var server = await SandboxServer.StartAsync(sandbox is null ? options : sandbox(options));
        var client = new InstantlyHttpClient(new InstantlyClientOptions { BaseAddress = server.BaseAddress, ApiKey = server.ApiKey, Timeout = TimeSpan.FromSeconds(20) });
        var warehouse = new DuckDbLeadWarehouse(new DuckDbWarehouseOptions(Path.Combine(folder, "warehouse.duckdb"), TimeProvider: clock));
        await warehouse.EnsureSchemaAsync();
        if (prospects > 0) await warehouse.LoadEligibleLeadsAsync(new ProspectGenerator(seed, mix).Generate(prospects));
        return new PipelineWorld { Folder = folder, Clock = clock, Sandbox = server, Client = client, Warehouse = warehouse };
    }

    public PipelineServices Services(IInstantlyApi? instantly = null) =>
        new(instantly ?? Client, Warehouse, Clock);

    /// <summary>The sandbox's two campaigns as the default configuration routes them: SMB below 1,000,000 and unknown revenue.</summary>
    public static readonly CampaignRouting Routing = new([
        new CampaignRoute("SMB", null, 1_000_000m, takesUnknownRevenue: true),
        new CampaignRoute("Midsize", 1_000_000m, null),
    ]);

    public CampaignOptions Smb(int capacity = 50) => new()
    {
        Name = "SMB", InstantlyCampaignId = Sandbox.CampaignIds["SMB"], Routing = Routing,
        DailyCapacity = capacity, UseInstantlyDailyLimit = false, InventoryMultiplier = 1,
    };

    public CampaignOptions Midsize(int capacity = 30) => new()
    {
        Name = "Midsize", InstantlyCampaignId = Sandbox.CampaignIds["Midsize"], Routing = Routing,
        DailyCapacity = capacity, UseInstantlyDailyLimit = false, InventoryMultiplier = 1,
    };

    /// <summary>The ready leads of a campaign in the warehouse's order, as the sync sees them.</summary>
    public async Task<List<Candidate>> ReadyAsync(CampaignOptions c, SyncOptions sync)
    {
        var rules = sync.VerificationEnabled ? new Domain.Verification.EmailVerificationRules(sync.Verification) : null;
        var list = new List<Candidate>();
        var seen = new HashSet<string>();
        await foreach (var p in Warehouse.StreamReadyLeadsAsync(new ReadyLeadQuery(c.Routing, c.Name, Now: Clock.GetUtcNow())))
        {
            var candidate = Candidate.From(p, rules);
            if (seen.Add(candidate.Email)) list.Add(candidate);
        }
        return list;
    }

    /// <summary>How many live sandbox leads carry each email (any campaign).</summary>
    public int CopiesInSandbox(string email) => Sandbox.State.FindByEmail(email).Count;

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Sandbox.DisposeAsync();
        await Warehouse.DisposeAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a finalising handle is left for the OS temp cleaner.
        }
    }
}
