namespace ColdEmail.Cli.Tests.Verbs;

/// <summary>Issue 11: `coldemail ledger list|abandon` and campaign ids checked when settings load.</summary>
public sealed class LedgerVerbTests : IDisposable
{
    private readonly TempWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public async Task A_campaign_id_that_is_not_a_uuid_is_refused_at_load_with_exit_2_naming_the_key()
    {
        await _ws.SeedProspectsAsync(50);
        _ws.WriteConfig("coldemail.campaigns.smb.id = \"smb-campaign\"");

        var sync = await _ws.RunAsync("sync", "--once", "--sandbox");

        Assert.True(sync.ExitCode == 2, sync.ToString());
        Assert.Contains("coldemail.campaigns.smb.id", sync.Err);
        Assert.Contains("uuid", sync.Err);
    }

    [Fact]
    public async Task Ledger_list_shows_no_open_batch_after_a_clean_run_and_abandon_refuses_an_unknown_batch()
    {
        await _ws.SeedProspectsAsync(100);
        var sync = await _ws.RunAsync("sync", "--once", "--sandbox");
        Assert.True(sync.ExitCode == 0, sync.ToString());

        var list = await _ws.RunAsync("ledger", "list", "--sandbox");
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Contains("no open batches", list.Out);

        var json = await _ws.RunAsync("ledger", "list", "--sandbox", "--json");
        Assert.True(json.ExitCode == 0, json.ToString());
        Assert.Equal("[]", json.Out.Trim());

        var abandon = await _ws.RunAsync("ledger", "abandon", "no-such-batch", "--sandbox");
        Assert.True(abandon.ExitCode == 2, abandon.ToString());
        Assert.Contains("no-such-batch", abandon.Err);
    }
}
