using ColdEmail.Domain.Verification;
using ColdEmail.Instantly;
using ColdEmail.Sandbox.Engine;

namespace ColdEmail.Instantly.Tests;

public sealed class CampaignAndVerificationTests
{
    [Fact]
    public async Task Campaigns_are_listed_and_fetched_with_their_limits()
    {
        await using var env = await ClientEnv.StartAsync();

        var page = await env.Client.ListCampaignsAsync();
        var one = await env.Client.GetCampaignAsync(env.Midsize);

        Assert.True(page.IsSuccess, page.Error?.ToString());
        Assert.Equal(["Midsize", "SMB"], page.Value.Items.Select(c => c.Name).Order());
        Assert.True(one.IsSuccess);
        Assert.Equal("Midsize", one.Value.Name);
        Assert.Equal(30, one.Value.DailyLimit);
        Assert.Equal(1, one.Value.Status);
        Assert.True(one.Value.StopOnReply);
    }

    [Fact]
    public async Task Campaign_pages_end_with_an_empty_page()
    {
        await using var env = await ClientEnv.StartAsync();

        var first = await env.Client.ListCampaignsAsync(limit: 1);
        var second = await env.Client.ListCampaignsAsync(limit: 1, startingAfter: first.Value!.NextStartingAfter);
        var third = await env.Client.ListCampaignsAsync(limit: 1, startingAfter: second.Value!.NextStartingAfter);

        Assert.Single(first.Value.Items);
        Assert.Single(second.Value.Items);
        Assert.NotEqual(first.Value.Items[0].Id, second.Value.Items[0].Id);
        Assert.Empty(third.Value!.Items);
    }

    [Fact]
    public async Task Analytics_count_what_the_engine_sent_over_simulated_days()
    {
        await using var env = await ClientEnv.StartAsync(clock => ClientEnv.Strict(clock, outcomes: OutcomeProbabilities.Nothing));
        Assert.True((await env.Client.AddLeadsAsync(new BulkAddRequest(env.Smb, ClientEnv.Leads(80)))).IsSuccess);

        env.Sandbox.AdvanceDays(1);
        var analytics = await env.Client.GetCampaignAnalyticsAsync([env.Smb], new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31));

        Assert.True(analytics.IsSuccess, analytics.Error?.ToString());
        var smb = Assert.Single(analytics.Value);
        Assert.Equal(env.Smb, smb.CampaignId);
        Assert.Equal(80, smb.LeadsCount);
        Assert.Equal(50, smb.ContactedCount); // SMB's daily limit
        Assert.Equal(50, smb.EmailsSentCount);
        Assert.Equal(0, smb.BouncedCount);
    }

    [Fact]
    public async Task Verification_answers_verified_or_invalid()
    {
        await using var env = await ClientEnv.StartAsync();

        var good = await env.Client.StartEmailVerificationAsync("ok@acme.com");
        var bad = await env.Client.StartEmailVerificationAsync("invalid.person@acme.com");

        Assert.Equal(VerificationStatus.Verified, good.Value!.VerificationStatus);
        Assert.Equal(CatchAllState.No, good.Value.CatchAll);
        Assert.Equal(VerificationStatus.Invalid, bad.Value!.VerificationStatus);
        Assert.Equal(1m, good.Value.CreditsUsed);
    }

    [Fact]
    public async Task A_pending_verification_with_catch_all_pending_is_polled_until_done()
    {
        await using var env = await ClientEnv.StartAsync();

        var started = await env.Client.StartEmailVerificationAsync("slow.one@catchall-corp.com");
        env.Clock.Advance(TimeSpan.FromSeconds(11));
        var polled = await env.Client.GetEmailVerificationAsync("slow.one@catchall-corp.com");

        Assert.True(started.IsSuccess, started.Error?.ToString());
        Assert.Equal(VerificationStatus.Pending, started.Value.VerificationStatus);
        Assert.Equal(CatchAllState.Pending, started.Value.CatchAll);
        Assert.Equal(VerificationStatus.Verified, polled.Value!.VerificationStatus);
        Assert.Equal(CatchAllState.Yes, polled.Value.CatchAll);
    }

    [Fact]
    public async Task Polling_an_unknown_verification_is_a_404()
    {
        await using var env = await ClientEnv.StartAsync();

        var polled = await env.Client.GetEmailVerificationAsync("never@asked.com");

        Assert.Equal(404, polled.Error!.StatusCode);
    }
}
