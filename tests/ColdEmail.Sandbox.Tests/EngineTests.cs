using ColdEmail.Sandbox.Engine;
using ColdEmail.Sandbox.Hosting;

namespace ColdEmail.Sandbox.Tests;

/// <summary>The campaign engine over simulated weeks: the clock is advanced, never waited for.</summary>
public sealed class EngineTests
{
    [Fact]
    public async Task Outcomes_over_simulated_weeks_stay_within_their_configured_rates()
    {
        var outcomes = new OutcomeProbabilities(Bounce: 0.05, Open: 0.40, ClickGivenOpen: 0.20, Reply: 0.06, AutoReply: 0.04, Unsubscribe: 0.03);
        await using var api = await RawApi.StartAsync(outcomes: outcomes, campaigns: [new CampaignSpec("Big", 400, 4, 2)], seed: 1234);
        var big = api.Sandbox.CampaignIds["Big"];
        for (var i = 0; i < 3; i++) await api.AddLeadsAsync(big, 1000, $"w{i}-");

        api.Sandbox.AdvanceDays(42);

        var s = api.Sandbox.Engine.Stats;
        Assert.Equal(42, s.DaysRun);
        Assert.True(s.EmailsSent > 5000, $"sent {s.EmailsSent}");
        Near(outcomes.Bounce, s.Bounces, s.EmailsSent);
        var delivered = s.EmailsSent - s.Bounces;
        Near(outcomes.Open, s.Opens, delivered);
        Near(outcomes.ClickGivenOpen, s.Clicks, s.Opens);
        Near(outcomes.Reply, s.Replies, delivered);
        Near(outcomes.AutoReply, s.AutoReplies, delivered - s.Replies);

        // The leads say the same as the counters.
        var leads = api.Sandbox.State.AllLeads(big);
        Assert.Equal(3000, leads.Count);
        Assert.Equal(s.Bounces, leads.Count(l => l.Status == -1));
        Assert.Equal(s.Unsubscribes, leads.Count(l => l.Status == -2));
        Assert.Equal(s.Replies, leads.Count(l => l.Status == 3 && l.EmailReplyCount > 0 && l.LtInterestStatus != 0));
        Assert.Equal(s.EmailsSent, leads.Sum(l => l.StepsSent));
        Assert.All(leads.Where(l => l.Status == 1), l => Assert.True(l.StepsSent < 4));
        Assert.All(leads.Where(l => l.Status == 3 && l.EmailReplyCount == 0), l => Assert.Equal(4, l.StepsSent));
        Assert.Equal(s.Completed, leads.Count(l => l.Status == 3) - s.Replies);
    }

    private static void Near(double p, long hits, long trials)
    {
        var observed = (double)hits / trials;
        var tolerance = 4 * Math.Sqrt(p * (1 - p) / trials) + 0.005;
        Assert.True(Math.Abs(observed - p) <= tolerance, $"expected {p:P2} ± {tolerance:P2}, observed {observed:P2} ({hits}/{trials})");
    }

    [Fact]
    public async Task Typical_outcomes_per_lead_fall_within_published_cold_email_benchmarks()
    {
        await using var api = await RawApi.StartAsync(outcomes: OutcomeProbabilities.Typical, campaigns: [new CampaignSpec("Big", 5000, 5, 2)], seed: 2026);
        var big = api.Sandbox.CampaignIds["Big"];
        for (var i = 0; i < 4; i++) await api.AddLeadsAsync(big, 1000, $"b{i}-");

        api.Sandbox.AdvanceDays(12);

        var leads = api.Sandbox.State.AllLeads(big);
        Assert.All(leads, l => Assert.NotEqual(1, l.Status));
        double Share(Func<Sandbox.State.LeadSnapshot, bool> f) => (double)leads.Count(f) / leads.Count;
        var replied = Share(l => l.EmailReplyCount > 0 && l.LtInterestStatus != 0);
        var bounced = Share(l => l.Status == -1);
        var unsubscribed = Share(l => l.Status == -2);
        var outOfOffice = Share(l => l.LtInterestStatus == 0);
        var labelled = Share(l => l.LtInterestStatus is 1 or 2 or -1 or -2);
        Assert.InRange(replied, 0.01, 0.08);
        Assert.InRange(bounced, 0.02, 0.05);
        Assert.InRange(unsubscribed, 0.004, 0.02);
        Assert.InRange(outOfOffice, 0.005, 0.05);
        Assert.InRange(labelled / replied, 0.5, 0.95);
    }

    [Fact]
    public async Task A_genuine_reply_is_labelled_one_simulated_day_after_it_arrives()
    {
        await using var api = await RawApi.StartAsync(outcomes: OutcomeProbabilities.Nothing with { Reply = 1, Interested = 1 });
        await api.AddLeadsAsync(api.Smb, 3);

        api.Sandbox.AdvanceDays(1);
        var fresh = api.Sandbox.State.AllLeads(api.Smb);
        api.Sandbox.AdvanceDays(1);
        var labelled = api.Sandbox.State.AllLeads(api.Smb);

        Assert.All(fresh, l => Assert.Equal((3, 1, (int?)null), (l.Status, l.EmailReplyCount, l.LtInterestStatus)));
        Assert.All(labelled, l => Assert.Equal(1, l.LtInterestStatus));
        Assert.Equal(3, api.Sandbox.Engine.Stats.Labelled);
    }

    [Fact]
    public async Task Label_shares_of_genuine_replies_follow_their_configuration()
    {
        var outcomes = OutcomeProbabilities.Nothing with { Reply = 1, Interested = 0.2, MeetingBooked = 0.1, NotInterested = 0.4, WrongPerson = 0.1 };
        await using var api = await RawApi.StartAsync(outcomes: outcomes, campaigns: [new CampaignSpec("Big", 3000, 1, 2)], seed: 5);
        var big = api.Sandbox.CampaignIds["Big"];
        for (var i = 0; i < 3; i++) await api.AddLeadsAsync(big, 1000, $"l{i}-");

        api.Sandbox.AdvanceDays(3);

        var leads = api.Sandbox.State.AllLeads(big);
        Near(0.2, leads.Count(l => l.LtInterestStatus == 1), leads.Count);
        Near(0.1, leads.Count(l => l.LtInterestStatus == 2), leads.Count);
        Near(0.4, leads.Count(l => l.LtInterestStatus == -1), leads.Count);
        Near(0.1, leads.Count(l => l.LtInterestStatus == -2), leads.Count);
        Near(0.2, leads.Count(l => l.LtInterestStatus is null), leads.Count);
    }

    [Fact]
    public void Label_shares_above_one_are_refused()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => (OutcomeProbabilities.Nothing with { Interested = 0.6, NotInterested = 0.6 }).Validate());
        Assert.Contains("must not exceed 1", ex.Message);
    }

    [Fact]
    public async Task A_campaign_never_sends_more_than_its_daily_limit()
    {
        await using var api = await RawApi.StartAsync(outcomes: OutcomeProbabilities.Nothing);
        await api.AddLeadsAsync(api.Smb, 120);

        api.Sandbox.AdvanceDays(1);
        var afterOne = api.Sandbox.State.AllLeads(api.Smb);
        api.Sandbox.AdvanceDays(1);
        var afterTwo = api.Sandbox.State.AllLeads(api.Smb);

        Assert.Equal(50, afterOne.Count(l => l.StepsSent == 1));
        Assert.Equal(100, afterTwo.Sum(l => l.StepsSent));
        Assert.Equal(50, api.Sandbox.Engine.Stats.MaxSentByACampaignInADay);
        // Oldest first: the first 50 leads (in id order) were contacted on day one.
        Assert.All(afterOne.Take(50), l => Assert.Equal(1, l.StepsSent));
    }

    [Fact]
    public async Task Without_outcomes_every_lead_completes_after_its_sequence()
    {
        await using var api = await RawApi.StartAsync(outcomes: OutcomeProbabilities.Nothing);
        await api.AddLeadsAsync(api.Midsize, 10);

        api.Sandbox.AdvanceDays(6 * 2); // step n goes out on day 2(n-1): the 7th on day 12
        var before = api.Sandbox.State.AllLeads(api.Midsize);
        api.Sandbox.AdvanceDays(1);
        var after = api.Sandbox.State.AllLeads(api.Midsize);

        Assert.All(before, l => Assert.Equal((1, 6), (l.Status, l.StepsSent)));
        Assert.All(after, l => Assert.Equal((3, 7, 0), (l.Status, l.StepsSent, l.EmailReplyCount)));
        Assert.All(after, l => Assert.True(l.TimestampLastContact > l.TimestampCreated));
    }

    [Fact]
    public async Task A_bounce_ends_the_sequence_with_status_minus_one_at_the_bounce_time()
    {
        await using var api = await RawApi.StartAsync(outcomes: OutcomeProbabilities.Nothing with { Bounce = 1 });
        await api.AddLeadsAsync(api.Smb, 5);

        api.Sandbox.AdvanceDays(10);

        Assert.All(api.Sandbox.State.AllLeads(api.Smb), l =>
        {
            Assert.Equal(-1, l.Status);
            Assert.Equal(1, l.StepsSent);
            Assert.Equal(l.TimestampLastContact, l.TimestampUpdated);
            Assert.Equal(new DateOnly(2026, 3, 2), DateOnly.FromDateTime(l.TimestampUpdated.UtcDateTime));
        });
    }

    [Fact]
    public async Task A_reply_stops_the_sequence_and_an_auto_reply_does_not()
    {
        await using var replies = await RawApi.StartAsync(outcomes: OutcomeProbabilities.Nothing with { Reply = 1 });
        await using var away = await RawApi.StartAsync(outcomes: OutcomeProbabilities.Nothing with { AutoReply = 1 });
        await replies.AddLeadsAsync(replies.Smb, 3);
        await away.AddLeadsAsync(away.Smb, 3);

        replies.Sandbox.AdvanceDays(20);
        away.Sandbox.AdvanceDays(20);

        Assert.All(replies.Sandbox.State.AllLeads(replies.Smb), l =>
        {
            Assert.Equal((3, 1, 1), (l.Status, l.StepsSent, l.EmailReplyCount));
            Assert.Null(l.LtInterestStatus);
            Assert.NotNull(l.TimestampLastReply);
        });
        Assert.All(away.Sandbox.State.AllLeads(away.Smb), l =>
        {
            Assert.Equal((3, 5, 5), (l.Status, l.StepsSent, l.EmailReplyCount));
            Assert.Equal(0, l.LtInterestStatus);
        });
    }

    [Fact]
    public async Task An_unsubscribe_ends_the_sequence_with_status_minus_two()
    {
        await using var api = await RawApi.StartAsync(outcomes: OutcomeProbabilities.Nothing with { Unsubscribe = 1 });
        await api.AddLeadsAsync(api.Smb, 4);

        api.Sandbox.AdvanceDays(9);

        Assert.All(api.Sandbox.State.AllLeads(api.Smb), l => Assert.Equal((-2, 1), (l.Status, l.StepsSent)));
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_outcomes()
    {
        async Task<string> Run()
        {
            await using var api = await RawApi.StartAsync(seed: 99);
            await api.AddLeadsAsync(api.Smb, 200);
            api.Sandbox.AdvanceDays(15);
            return string.Join(",", api.Sandbox.State.AllLeads(api.Smb).Select(l => $"{l.Email}:{l.Status}:{l.StepsSent}:{l.EmailOpenCount}"));
        }

        Assert.Equal(await Run(), await Run());
    }

    [Fact]
    public async Task An_externally_advanced_clock_is_caught_up_at_the_next_request()
    {
        var clock = new SimulatedClock(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));
        await using var api = await RawApi.StartAsync(outcomes: OutcomeProbabilities.Nothing, clock: clock);
        await api.AddLeadsAsync(api.Smb, 10);

        clock.Advance(TimeSpan.FromDays(3));
        var before = api.Sandbox.Engine.Stats.DaysRun;
        await api.SendAsync(HttpMethod.Post, "/api/v2/leads/list", new System.Text.Json.Nodes.JsonObject { ["limit"] = 1 });

        Assert.Equal(0, before);
        Assert.Equal(3, api.Sandbox.Engine.Stats.DaysRun);
        Assert.All(api.Sandbox.State.AllLeads(api.Smb), l => Assert.True(l.StepsSent >= 1));
    }
}

public sealed class CampaignStatusTests
{
    [Fact]
    public async Task A_paused_campaign_sends_nothing_until_activated()
    {
        await using var api = await RawApi.StartAsync(outcomes: OutcomeProbabilities.Nothing);
        await api.AddLeadsAsync(api.Smb, 10);

        var paused = await api.SendAsync(HttpMethod.Post, $"/api/v2/campaigns/{api.Smb}/pause", null, contentType: null);
        api.Sandbox.AdvanceDays(3);
        var sentWhilePaused = api.Sandbox.Engine.Stats.EmailsSent;
        var active = await api.SendAsync(HttpMethod.Post, $"/api/v2/campaigns/{api.Smb}/activate", null, contentType: null);
        api.Sandbox.AdvanceDays(1);

        Assert.Equal(2, paused.Body!["status"]!.GetValue<int>());
        Assert.Equal(0, sentWhilePaused);
        Assert.Equal(1, active.Body!["status"]!.GetValue<int>());
        Assert.Equal(10, api.Sandbox.Engine.Stats.EmailsSent);
    }
}
