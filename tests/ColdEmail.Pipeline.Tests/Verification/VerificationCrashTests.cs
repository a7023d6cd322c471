using System.Collections.Concurrent;
using System.Text.Json;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using ColdEmail.Instantly;
using ColdEmail.Instantly.Http;
using ColdEmail.Pipeline.Sync;
using ColdEmail.Pipeline.Tests.Support;
using ColdEmail.Pipeline.Verification;
using ColdEmail.Warehouse.Generation;
using Microsoft.Extensions.Time.Testing;

namespace ColdEmail.Pipeline.Tests.Verification;

/// <summary>
/// Issue 11 finding 4: verification credits are never paid twice. A verification-enabled sync run (sandbox over
/// HTTP, DuckDB file) is killed mid-verification three times (its campaign actor stopped, which cancels the run,
/// as a shutdown of the actor system does), then run to the end. Every paid answer must be stored by the time the
/// killed run is gone, and over all runs the sandbox is paid at most once per distinct address.
/// </summary>
public sealed class VerificationCrashTests() : TestKit(PersistenceConfig.InMemory), IAsyncLifetime
{
    private const int Prospects = 60;
    private static readonly SyncOptions Options = new() { BatchSize = 10, BatchParallelism = 2, InRunRetryDelay = TimeSpan.Zero };
    private readonly FakeTimeProvider _verifierTime = new(new DateTimeOffset(2026, 3, 2, 15, 0, 0, TimeSpan.Zero));
    private PipelineWorld _world = null!;

    public async Task InitializeAsync()
    {
        _world = await PipelineWorld.StartAsync(0);
        var rows = new ProspectGenerator(23, new ProspectMix(0, 0, 0)).Generate(Prospects)
            .Select(row => row with { EstimatedSalesYearly = 500_000m });
        await _world.Warehouse.LoadEligibleLeadsAsync(rows);
    }

    public async Task DisposeAsync()
    {
        Shutdown();
        await _world.DisposeAsync();
    }

    [Fact]
    public async Task Killing_a_run_mid_verification_three_times_pays_each_address_at_most_once()
    {
        var smb = _world.Smb(capacity: 200);
        var counter = new PaidVerifications();
        using var http = new HttpClient(counter) { Timeout = Timeout.InfiniteTimeSpan };
        using var client = new InstantlyHttpClient(http, new InstantlyClientOptions
        {
            BaseAddress = _world.Sandbox.BaseAddress, ApiKey = _world.Sandbox.ApiKey, Timeout = TimeSpan.FromSeconds(20),
        });

        var kills = 0;
        foreach (var killAfter in new[] { 7, 17, 27 })
        {
            var campaign = Start(smb, client);
            Watch(campaign);
            counter.OnPaid = paid =>
            {
                if (paid == killAfter) Sys.Stop(campaign);
            };
            campaign.Tell(new SyncCampaign($"run-killed-{killAfter}"));
            await ExpectTerminatedAsync(campaign, TimeSpan.FromSeconds(30));
            kills++;
            Unwatch(campaign);

            // The killed run is gone: nothing of it is in flight any more, and every answer it paid for is stored.
            await AwaitAssertAsync(async () =>
            {
                Assert.Equal(0, counter.InFlight);
                var paid = counter.PaidEmails.Distinct().ToList();
                var stored = await _world.Warehouse.FindVerificationsAsync(paid);
                Assert.Equal(paid.Count, stored.Count);
            }, TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(20));
            Assert.True(counter.PaidEmails.Count >= killAfter, $"run killed after {killAfter} paid calls saw only {counter.PaidEmails.Count}");
        }
        counter.OnPaid = _ => { };

        var final = Start(smb, client);
        var result = await final.Ask<CampaignSyncResult>(new SyncCampaign("run-final"), TimeSpan.FromSeconds(60));

        Assert.True(result.Succeeded, string.Join("; ", result.Failures));
        Assert.Equal(3, kills);
        var paidEmails = counter.PaidEmails.ToList();
        var twice = paidEmails.GroupBy(e => e).Where(g => g.Count() > 1).Select(g => $"{g.Key} x{g.Count()}").ToList();
        Assert.True(twice.Count == 0, $"paid {paidEmails.Count} verification calls for {paidEmails.Distinct().Count()} addresses: {string.Join(", ", twice)}");
        // Every address the sync asked about was answered and is stored, and the valid ones were enrolled.
        var stored = await _world.Warehouse.FindVerificationsAsync(paidEmails.Distinct().ToList());
        Assert.Equal(paidEmails.Distinct().Count(), stored.Count);
        Assert.True(result.Created > 0, "the final run enrolled nothing");
        Assert.All(stored.Values.Where(v => v.Status == Domain.Verification.VerificationStatus.Verified && v.CatchAll == Domain.Verification.CatchAllState.No), v => Assert.Single(_world.Sandbox.State.FindByEmail(v.Email)));
    }

    private IActorRef Start(CampaignOptions smb, IInstantlyApi client)
    {
        var verifier = new EmailVerifier(client, _world.Warehouse, _verifierTime, new EmailVerificationOptions { Parallelism = 4 });
        return Sys.ActorOf(TestProps.Campaign(smb, Options, _world.Services() with { Verifier = verifier }));
    }

    /// <summary>Counts the verification calls the sandbox answered as paid (credits_used &gt; 0), by address.</summary>
    private sealed class PaidVerifications() : DelegatingHandler(new SocketsHttpHandler())
    {
        private int _inFlight;
        private readonly Lock _gate = new();

        public ConcurrentQueue<string> PaidEmails { get; } = new();
        public Action<int> OnPaid { get; set; } = _ => { };
        public int InFlight => Volatile.Read(ref _inFlight);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var isStart = request.Method == HttpMethod.Post && request.RequestUri!.AbsolutePath.EndsWith("/api/v2/email-verification", StringComparison.Ordinal);
            if (!isStart) return await base.SendAsync(request, ct);
            Interlocked.Increment(ref _inFlight);
            try
            {
                var response = await base.SendAsync(request, ct);
                await response.Content.LoadIntoBufferAsync(ct);
                if (response.IsSuccessStatusCode)
                {
                    using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
                    if (doc.RootElement.GetProperty("credits_used").GetInt32() > 0)
                    {
                        int paid;
                        lock (_gate)
                        {
                            PaidEmails.Enqueue(doc.RootElement.GetProperty("email").GetString()!.ToLowerInvariant());
                            paid = PaidEmails.Count;
                        }
                        OnPaid(paid);
                    }
                }
                return response;
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }
    }
}
