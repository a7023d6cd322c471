using System.Globalization;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using ColdEmail.Domain.Webhooks;
using ColdEmail.Pipeline.Drain;
using ColdEmail.Pipeline.Runs;
using ColdEmail.Pipeline.Sync;
using ColdEmail.Pipeline.Tests.Support;
using ColdEmail.Pipeline.Webhooks;
using ColdEmail.Sandbox.State;
using ColdEmail.Warehouse.Generation;

namespace ColdEmail.Pipeline.Tests.Webhooks;

/// <summary>
/// An <c>email_bounced</c> webhook gives the drain the bounce's own time: the seed's 7-day grace runs from the event, not
/// from <c>timestamp_last_contact</c> or the drain's first sight of status -1 (Instantly's lead carries no bounce time).
/// Leads enrolled by the real sync into the sandbox over HTTP, a real DuckDB warehouse, the inbox and the drain coordinator
/// as the daemon runs them (journalled, restarted).
/// </summary>
public sealed class WebhookBounceTimeTests() : TestKit(PersistenceConfig.InMemory), IAsyncLifetime
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(30);
    private static readonly DrainOptions Options = new() { BatchSize = 50, Workers = 2, CooldownDays = 60 };
    private PipelineWorld _world = null!;
    private List<LeadSnapshot> _leads = null!;
    private string _smbId = null!;

    public async Task InitializeAsync()
    {
        _world = await PipelineWorld.StartAsync(200, mix: ProspectMix.Clean, sandbox: o => new Sandbox.Hosting.SandboxOptions
        {
            RateLimits = o.RateLimits, SaveOnStop = o.SaveOnStop, TimeProvider = o.TimeProvider, Seed = o.Seed, CatchUpOnRequests = false,
        });
        _smbId = _world.Sandbox.CampaignIds["SMB"];
        var campaign = Sys.ActorOf(TestProps.Campaign(_world.Smb(capacity: 4), new SyncOptions { BatchSize = 50 }, _world.Services()));
        campaign.Tell(new SyncCampaign("seed"));
        Assert.Equal(4, ExpectMsg<CampaignSyncResult>(RunTimeout).Created);
        _leads = _world.Sandbox.State.AllLeads(_smbId).ToList();
    }

    public async Task DisposeAsync()
    {
        Shutdown();
        await _world.DisposeAsync();
    }

    private IActorRef Coordinator() => Sys.ActorOf(TestProps.Drain(Options, _world.Services()));

    private void Drain(IActorRef coordinator, string runId)
    {
        coordinator.Tell(new DrainOnce(runId));
        ExpectMsg<DrainRunSummary>(RunTimeout);
    }

    private bool InInstantly(LeadSnapshot lead) => _world.Sandbox.State.FindById(lead.Id) is not null;

    private async Task<string?> DrainReason(LeadSnapshot lead) =>
        (await _world.Warehouse.ExplainAsync(lead.Email!)).History.Select(h => h.DrainReason).LastOrDefault(r => r is not null);

    private WebhookFact Bounce(LeadSnapshot lead, DateTimeOffset at) => WebhookPayload.Parse($$"""
        {"event_type":"email_bounced","timestamp":"{{at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)}}",
         "workspace":"w","campaign_id":"{{_smbId}}","campaign_name":"SMB","lead_email":"{{lead.Email}}"}
        """).Fact!;

    [Fact]
    public async Task The_grace_runs_from_the_webhooks_bounce_time_and_neither_the_drains_first_sight_nor_the_last_send_replaces_it()
    {
        var now = _world.Clock.GetUtcNow();
        var unknownTime = _leads[0];
        var sentYesterday = _leads[1];
        var noWebhook = _leads[2];
        _world.Sandbox.State.SetStatus(unknownTime.Id, -1);
        _world.Sandbox.State.SetStatus(sentYesterday.Id, -1, lastContact: now.AddDays(-1));
        _world.Sandbox.State.SetStatus(noWebhook.Id, -1);
        var coordinator = Coordinator();

        // Instantly's webhooks: both bounced 3 days ago.
        var inbox = Sys.ActorOf(WebhookInboxActor.Props(_world.Warehouse, WebhookOptions.Default, _world.Clock, coordinator));
        inbox.Tell(new ReceiveWebhookEvents([Bounce(unknownTime, now.AddDays(-3)), Bounce(sentYesterday, now.AddDays(-3))]));
        Assert.Equal(2, ExpectMsg<WebhookEventsReceived>().Accepted);
        AwaitAssert(() =>
        {
            inbox.Tell(GetWebhookInboxStatus.Instance);
            Assert.Equal(2, ExpectMsg<WebhookInboxStatus>().Applied);
        }, RunTimeout);

        // Within the grace from the event: kept, while the drain journals its own first sight of two of them.
        Drain(coordinator, "drain-1");
        Assert.True(InInstantly(unknownTime) && InInstantly(sentYesterday) && InInstantly(noWebhook));

        // The journal keeps the reported time across a restart.
        Watch(coordinator);
        coordinator.Tell(PoisonPill.Instance);
        ExpectTerminated(coordinator);

        // 7 days after the event (4 after the first sight, 5 after the last send): the reported bounces are over their grace.
        _world.Clock.Advance(TimeSpan.FromDays(4) + TimeSpan.FromMinutes(1));
        Drain(Coordinator(), "drain-2");
        Assert.False(InInstantly(unknownTime));
        Assert.False(InInstantly(sentYesterday));
        Assert.Equal("bounced_hard", await DrainReason(unknownTime));
        Assert.Equal("bounced_hard", await DrainReason(sentYesterday));
        // A bounce no webhook reported still counts from the drain's first sight.
        Assert.True(InInstantly(noWebhook));
    }
}
