using ColdEmail.Instantly;
using ColdEmail.Instantly.Http;
using ColdEmail.Pipeline.Settings;
using ColdEmail.Sandbox.Engine;
using ColdEmail.Sandbox.Hosting;

namespace ColdEmail.Cli.Hosting;

/// <summary>
/// The Instantly the verbs talk to: the configured workspace (API key required), or with --sandbox an
/// in-process simulator whose state is kept beside the DuckDB file the verb runs on (for a rehearsal, its temporary copy).
/// </summary>
public sealed class InstantlyConnection : IAsyncDisposable
{
    private InstantlyConnection(IInstantlyApi api, SandboxServer? sandbox, IReadOnlyDictionary<string, string>? campaignIds)
    {
        Api = api;
        Sandbox = sandbox;
        CampaignIds = campaignIds;
    }

    public IInstantlyApi Api { get; }
    public SandboxServer? Sandbox { get; }
    /// <summary>Campaign ids to use instead of the configured ones (the sandbox's), by campaign name.</summary>
    public IReadOnlyDictionary<string, string>? CampaignIds { get; }

    public static async Task<InstantlyConnection> OpenAsync(ColdEmailSettings settings, bool sandbox, TimeProvider time, CancellationToken ct, SandboxOptions? sandboxOptions = null)
    {
        if (!sandbox)
        {
            if (!settings.Instantly.ApiKey.IsSet)
            {
                throw new CliUsageException("coldemail.instantly.api-key is not set: export INSTANTLY_API_KEY, or use --sandbox to try it against the built-in simulator");
            }
            var client = new InstantlyHttpClient(new InstantlyClientOptions
            {
                BaseAddress = settings.Instantly.BaseUrl,
                ApiKey = settings.Instantly.ApiKey.Reveal(),
                Timeout = settings.Instantly.Timeout,
            }, time);
            return new InstantlyConnection(client, null, null);
        }

        var options = sandboxOptions ?? new SandboxOptions
        {
            TimeProvider = time,
            StateFile = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(settings.Warehouse.DuckDb.Path))!, "sandbox-state.json"),
            Campaigns = settings.Campaigns.Enabled.Select(c => new CampaignSpec(c.Name, c.DailyLimit, c.SequenceLength)).ToList(),
        };
        var server = await SandboxServer.StartAsync(options, ct);
        var api = new InstantlyHttpClient(new InstantlyClientOptions { BaseAddress = server.BaseAddress, ApiKey = server.ApiKey }, time);
        return new InstantlyConnection(api, server, server.CampaignIds);
    }

    public async ValueTask DisposeAsync()
    {
        (Api as IDisposable)?.Dispose();
        if (Sandbox is not null)
        {
            await Sandbox.DisposeAsync();
        }
    }
}
