using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Akka.DependencyInjection;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using ColdEmail.Pipeline.Catalog;
using ColdEmail.Pipeline.Schedule;
using ColdEmail.Pipeline.Sync;
using Microsoft.Extensions.DependencyInjection;

namespace ColdEmail.Pipeline.Tests.Catalog;

/// <summary>
/// The campaign catalog as it runs on one node (a plain actor; the cluster runs the same actor as a singleton): it starts, re-tunes
/// and retires campaigns through its placement, and owns the schedule when the host registered what a scheduled run does. The
/// schedule's timers run on the TestKit scheduler.
/// </summary>
public sealed class CampaignCatalogTests : TestKit
{
    public CampaignCatalogTests() : base(Setup(), nameof(CampaignCatalogTests))
    {
    }

    private static ActorSystemSetup Setup()
    {
        var services = new ServiceCollection().AddSingleton<IScheduledRuns>(new Runs()).BuildServiceProvider();
        return BootstrapSetup.Create().WithConfig(ConfigurationFactory.ParseString(VirtualTimeConfig.Hocon))
            .And(DependencyResolverSetup.Create(services));
    }

    private Runs ScheduledRuns => (Runs)DependencyResolver.For(Sys).Resolver.GetService<IScheduledRuns>();

    private TestScheduler Clock => (TestScheduler)Sys.Scheduler;

    /// <summary>Counts runs per kind; a kind in <see cref="Hold"/> waits until released or cancelled.</summary>
    private sealed class Runs : IScheduledRuns
    {
        public ConcurrentQueue<ScheduledRunKind> Started { get; } = new();
        public ConcurrentDictionary<ScheduledRunKind, TaskCompletionSource<bool>> Hold { get; } = new();

        public async Task<bool> RunAsync(ScheduledRunKind kind, CancellationToken ct)
        {
            Started.Enqueue(kind);
            if (!Hold.TryGetValue(kind, out var gate)) return true;
            await using var _ = ct.Register(() => gate.TrySetCanceled(ct));
            return await gate.Task;
        }

        public int Count(ScheduledRunKind kind) => Started.Count(k => k == kind);
    }

    private static readonly ScheduleOptions Hourly = new(TimeSpan.FromHours(1), TimeSpan.FromHours(2), RunOnStart: false);
    private static readonly SyncOptions Sync = new();
    private static CampaignOptions Campaign(string name, int capacity = 50) => new() { Name = name, DailyCapacity = capacity };

    private IActorRef Catalog(TestProbe supervisor, ScheduleOptions schedule) =>
        Sys.ActorOf(CampaignCatalog.Props([Campaign("SMB"), Campaign("Midsize")], Sync, schedule, self => new LocalPlacement(supervisor, self)));

    [Fact]
    public void Starts_the_configured_campaigns_then_retunes_starts_and_retires_them_as_the_configuration_changes()
    {
        var supervisor = CreateTestProbe();
        var catalog = Catalog(supervisor, Hourly);
        Assert.Equal(["Midsize", "SMB"], new[] { supervisor.ExpectMsg<StartCampaign>(), supervisor.ExpectMsg<StartCampaign>() }
            .Select(s => s.Campaign.Name).Order(StringComparer.Ordinal));

        catalog.Tell(new ApplyCatalog([Campaign("SMB", 80), Campaign("Enterprise")], Sync, Hourly));
        var applied = ExpectMsg<CatalogApplied>();
        Assert.Equal(["Enterprise"], applied.Started);
        Assert.Equal(["Midsize"], applied.Retired);
        Assert.Equal(80, supervisor.ExpectMsg<ApplyCampaignSettings>().Campaign.DailyCapacity);
        Assert.Equal("Enterprise", supervisor.ExpectMsg<StartCampaign>().Campaign.Name);
        Assert.Equal("Midsize", supervisor.ExpectMsg<RetireCampaign>().Campaign);

        catalog.Tell(GetCatalogStatus.Instance);
        var status = ExpectMsg<CatalogStatus>();
        Assert.Equal(["Enterprise", "SMB"], status.Campaigns);
        Assert.True(status.RunsSchedule);
    }

    [Fact]
    public void Owns_the_schedule_whose_live_interval_applies_to_the_wait_in_progress()
    {
        var catalog = Catalog(CreateTestProbe(), Hourly);
        catalog.Tell(GetCatalogStatus.Instance);
        Assert.True(ExpectMsg<CatalogStatus>().RunsSchedule);

        Clock.Advance(TimeSpan.FromMinutes(20));
        Assert.Equal(0, ScheduledRuns.Count(ScheduledRunKind.Sync));
        // A 15-minute sync interval, applied 20 minutes into the hour: the sync is overdue and runs at once.
        catalog.Tell(new ApplyCatalog([Campaign("SMB"), Campaign("Midsize")], Sync, Hourly with { SyncInterval = TimeSpan.FromMinutes(15) }));
        ExpectMsg<CatalogApplied>();
        AwaitAssert(() => Assert.Equal(1, ScheduledRuns.Count(ScheduledRunKind.Sync)), TimeSpan.FromSeconds(3));
        Clock.Advance(TimeSpan.FromMinutes(15));
        AwaitAssert(() => Assert.Equal(2, ScheduledRuns.Count(ScheduledRunKind.Sync)), TimeSpan.FromSeconds(3));
        Assert.Equal(0, ScheduledRuns.Count(ScheduledRunKind.Drain));
    }

    [Fact]
    public void A_hand_over_lets_the_run_in_progress_settle_then_the_catalog_stops()
    {
        var runs = ScheduledRuns;
        runs.Hold[ScheduledRunKind.Sync] = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var catalog = Catalog(CreateTestProbe(), Hourly with { RunOnStart = true });
        Watch(catalog);
        AwaitAssert(() => Assert.Equal(1, runs.Count(ScheduledRunKind.Sync)), TimeSpan.FromSeconds(3));

        catalog.Tell(new HandOverCatalog(TimeSpan.FromSeconds(30)));
        // The sync is still running: the catalog waits for it (it would cut it off after 30 s of scheduler time).
        ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        runs.Hold[ScheduledRunKind.Sync].SetResult(true);
        ExpectTerminated(catalog);
    }

    [Fact]
    public void A_stop_request_reaches_the_schedule_and_is_answered_with_its_counts()
    {
        var catalog = Catalog(CreateTestProbe(), Hourly);
        catalog.Tell(new StopSchedule(TimeSpan.FromSeconds(5)));
        Assert.Equal(new ScheduleStopped(0, 0), ExpectMsg<ScheduleStopped>());
        Clock.Advance(TimeSpan.FromHours(3));
        Assert.Equal(0, ScheduledRuns.Count(ScheduledRunKind.Sync));
    }
}
