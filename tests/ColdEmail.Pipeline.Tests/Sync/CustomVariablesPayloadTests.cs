using System.Text.Json;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using ColdEmail.Pipeline.Sync;
using ColdEmail.Pipeline.Tests.Support;
using ColdEmail.Warehouse.Generation;
using Xunit.Abstractions;

namespace ColdEmail.Pipeline.Tests.Sync;

/// <summary>
/// The payload Instantly receives (issue 11): after a sync against the sandbox over HTTP, the lead carries the
/// seed's custom variable names (merchantName, platformDomain, state, countryCode) with the warehouse's values,
/// byte for byte except for control characters (removed, newline kept) and the length cap.
/// </summary>
public sealed class CustomVariablesPayloadTests(ITestOutputHelper output) : TestKit(PersistenceConfig.InMemory), IAsyncLifetime
{
    private const string Email = "zoe@cafe-zoe.de";
    private const string Merchant = "Café \"Zoë\" & Søn's\nBäckerei 😀\u0007\t";
    private static readonly string LongState = new string('B', 600) + "😀" + new string('y', 900);
    private static readonly SyncOptions Options = new() { BatchSize = 10, InRunRetryDelay = TimeSpan.Zero, VerificationEnabled = false };
    private PipelineWorld _world = null!;

    public async Task InitializeAsync()
    {
        _world = await PipelineWorld.StartAsync(0);
        await _world.Warehouse.LoadEligibleLeadsAsync(
        [
            new EligibleLeadRow(Email, Merchant, "cafe-zoe.de", "cafe-zoe.de", LongState, "DE", 400_000m, 12, 80, 24.5m, null, "Europe/Berlin"),
        ]);
    }

    public async Task DisposeAsync()
    {
        Shutdown();
        await _world.DisposeAsync();
    }

    private async Task<IReadOnlyDictionary<string, JsonElement>> SyncAndReadVariablesAsync(SyncOptions options)
    {
        var smb = _world.Smb(capacity: 10);
        var campaign = Sys.ActorOf(TestProps.Campaign(smb, options, _world.Services()));
        var result = await campaign.Ask<CampaignSyncResult>(new SyncCampaign("run-payload"), TimeSpan.FromSeconds(30));
        Assert.True(result.Succeeded, string.Join("; ", result.Failures));
        var lead = Assert.Single(_world.Sandbox.State.FindByEmail(Email));
        var vars = lead.CustomVariables.ToDictionary(kv => kv.Key, kv => JsonDocument.Parse(kv.Value).RootElement.Clone());
        foreach (var (name, value) in vars.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
            output.WriteLine("sandbox custom variable {0} = {1} ({2} chars)", name, JsonSerializer.Serialize(text.Length > 60 ? text[..60] + "…" : text,
                new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }), text.Length);
        }
        return vars;
    }

    [Fact]
    public async Task A_synced_lead_carries_the_seeds_variable_names_with_the_warehouse_values()
    {
        var vars = await SyncAndReadVariablesAsync(Options);

        Assert.Equal(["countryCode", "merchantName", "platformDomain", "state"], vars.Keys.Order(StringComparer.Ordinal));
        // Unicode, quotes, apostrophe and the newline kept; the bell and the tab removed.
        Assert.Equal("Café \"Zoë\" & Søn's\nBäckerei 😀", vars["merchantName"].GetString());
        Assert.Equal("cafe-zoe.de", vars["platformDomain"].GetString());
        Assert.Equal("DE", vars["countryCode"].GetString());
        // Capped at 1000 characters (coldemail.custom-variable-max-length), never splitting the emoji's surrogate pair.
        Assert.Equal(new string('B', 600) + "😀" + new string('y', 398), vars["state"].GetString());
    }

    [Fact]
    public async Task The_mapping_is_configuration()
    {
        var map = new CustomVariableMap([new("shopName", "merchant_name"), new("score", "score"), new("tz", "timezone")], 10);
        var vars = await SyncAndReadVariablesAsync(Options with { CustomVariables = map });

        Assert.Equal(["score", "shopName", "tz"], vars.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("Café \"Zoë\"", vars["shopName"].GetString());
        Assert.Equal(JsonValueKind.Number, vars["score"].ValueKind);
        Assert.Equal("Europe/Ber", vars["tz"].GetString());
    }
}
