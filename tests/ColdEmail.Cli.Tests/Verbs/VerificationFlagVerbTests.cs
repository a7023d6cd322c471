using System.Text.Json;
using ColdEmail.Domain.Verification;
using ColdEmail.Warehouse;
using ColdEmail.Warehouse.Generation;

namespace ColdEmail.Cli.Tests.Verbs;

/// <summary>
/// coldemail.feature-flags.email-verification-enabled has one effective value (the file, overlaid by the config
/// table), and `plan` and `explain` read the warehouse with it: a lead whose stored verdict is invalid is not ready while
/// it is on, even when the config table has no feature_flags row (the warehouse used to default to off then).
/// </summary>
public sealed class VerificationFlagVerbTests : IDisposable
{
    private readonly TempWorkspace _ws = new("coldemail.feature-flags.orphan-recovery-enabled = off");

    public void Dispose() => _ws.Dispose();

    private async Task SeedAsync()
    {
        await using var warehouse = await _ws.OpenWarehouseAsync();
        EligibleLeadRow Lead(string email) => new(email, "Shop", "shop.myshopify.com", "shop.com", "OH", "US", 10m, 5, 10, 20m, null, null);
        await warehouse.LoadEligibleLeadsAsync([Lead("bad@x.com"), Lead("good@x.com")]);
        await ((IOpsWarehouse)warehouse).SaveVerificationsAsync(
            [new StoredVerification("bad@x.com", VerificationStatus.Invalid, CatchAllState.No, 1m, DateTimeOffset.UtcNow.AddDays(-1))]);
    }

    private async Task<Dictionary<string, (string? Action, string? Reason)>> PlanAsync()
    {
        var plan = await _ws.RunAsync("plan", "--no-instantly", "--json");
        Assert.True(plan.ExitCode == 0, plan.ToString());
        using var doc = JsonDocument.Parse(plan.Out);
        return doc.RootElement.GetProperty("sync").EnumerateArray().ToDictionary(
            e => e.GetProperty("email").GetString()!,
            e => (e.GetProperty("action").GetString(), e.GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task With_the_shipped_default_and_no_config_table_row_an_invalid_verdict_is_not_ready()
    {
        await SeedAsync();

        var plan = await PlanAsync();
        Assert.Equal("add", plan["good@x.com"].Action);
        Assert.NotEqual("add", plan["bad@x.com"].Action);
        Assert.Contains("email verification failed (invalid)", plan["bad@x.com"].Reason);

        var explain = await _ws.RunAsync("explain", "bad@x.com");
        Assert.True(explain.ExitCode == 0, explain.ToString());
        Assert.Contains("email verification failed (invalid)", explain.Out);

        // The config table overlays the file: turned off there, the same lead is ready again.
        var set = await _ws.RunAsync("config", "set", "coldemail.feature-flags.email-verification-enabled", "off");
        Assert.True(set.ExitCode == 0, set.ToString());
        Assert.Equal("add", (await PlanAsync())["bad@x.com"].Action);
        Assert.DoesNotContain("email verification failed", (await _ws.RunAsync("explain", "bad@x.com")).Out);
    }

    [Fact]
    public async Task Turned_off_in_the_configuration_file_and_on_in_the_config_table_the_table_wins()
    {
        _ws.WriteConfig("coldemail.feature-flags.orphan-recovery-enabled = off\ncoldemail.feature-flags.email-verification-enabled = off");
        await SeedAsync();
        Assert.Equal("add", (await PlanAsync())["bad@x.com"].Action);

        var set = await _ws.RunAsync("config", "set", "coldemail.feature-flags.email-verification-enabled", "on");
        Assert.True(set.ExitCode == 0, set.ToString());
        Assert.Contains("email verification failed (invalid)", (await PlanAsync())["bad@x.com"].Reason);
    }
}
