using ColdEmail.Warehouse.Lease;
using Microsoft.Extensions.Time.Testing;

namespace ColdEmail.Warehouse.Tests.Lease;

/// <summary>
/// The sync/drain lease and its write fence, on a real engine: two adapter instances on one warehouse stand for two
/// processes, one fake clock for the time they share. "Paused" is a holder that stops renewing while the clock runs.
/// </summary>
public abstract class LeaseContract
{
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(1);
    private static readonly LeaseHolder Daemon = new("daemon-a", "host-a", 101);
    private static readonly LeaseHolder Other = new("daemon-b", "host-b", 202);

    /// <summary>Two adapters on one fresh warehouse (schema created) and the clock both use.</summary>
    protected abstract Task<(ILeaseWarehouse A, ILeaseWarehouse B, FakeTimeProvider Clock, IAsyncDisposable Cleanup)> CreatePairAsync();

    private static LeadStateRow State(string email, DateTimeOffset at) =>
        new(email, "camp-1", "SMB", ColdEmail.Domain.Leads.LeadState.Active, $"lead-{email}", 1, null, at);

    [Fact]
    public async Task A_live_lease_refuses_a_second_holder_and_names_the_first()
    {
        var (a, b, clock, cleanup) = await CreatePairAsync();
        await using var _ = cleanup;

        var first = await a.TryAcquireLeaseAsync(LeaseRules.Pipeline, Daemon, clock.GetUtcNow(), Ttl);
        clock.Advance(TimeSpan.FromSeconds(30));
        var second = await b.TryAcquireLeaseAsync(LeaseRules.Pipeline, Other, clock.GetUtcNow(), Ttl);

        Assert.True(first.Acquired);
        Assert.Equal(1, first.Grant!.Epoch);
        Assert.False(second.Acquired);
        Assert.Equal(Daemon, second.Current.Holder);
        Assert.Equal(first.Current.AcquiredAt, second.Current.AcquiredAt);
        var message = new LeaseHeldException(second.Current).Message;
        Assert.Contains("host host-a, pid 101, since ", message);
    }

    [Fact]
    public async Task A_paused_holder_that_wakes_after_a_takeover_cannot_write()
    {
        var (a, b, clock, cleanup) = await CreatePairAsync();
        await using var _ = cleanup;
        var grantA = (await a.TryAcquireLeaseAsync(LeaseRules.Pipeline, Daemon, clock.GetUtcNow(), Ttl)).Grant!;
        a.SetWriteFence(grantA);
        await ((ILeadWarehouse)a).UpsertLeadStatesAsync([State("before@x.com", clock.GetUtcNow())]);

        clock.Advance(Ttl + TimeSpan.FromSeconds(1)); // A is paused: no renewal
        var takeover = await b.TryAcquireLeaseAsync(LeaseRules.Pipeline, Other, clock.GetUtcNow(), Ttl);
        Assert.True(takeover.Acquired);
        Assert.Equal(grantA.Epoch + 1, takeover.Grant!.Epoch);
        b.SetWriteFence(takeover.Grant);

        // A wakes up: every write is refused, and its renewal fails instead of stealing the lease back.
        var refused = await Assert.ThrowsAsync<LeaseLostException>(() => ((ILeadWarehouse)a).UpsertLeadStatesAsync([State("stale@x.com", clock.GetUtcNow())]));
        Assert.Contains("taken over by host host-b, pid 202", refused.Message);
        await Assert.ThrowsAsync<LeaseLostException>(() => ((ILeadWarehouse)a).RecordRunAsync(new RunRecord("r-stale", "sync", clock.GetUtcNow(), clock.GetUtcNow(), true, "{}")));
        Assert.False(await a.RenewLeaseAsync(grantA, clock.GetUtcNow(), Ttl));

        await ((ILeadWarehouse)b).UpsertLeadStatesAsync([State("after@x.com", clock.GetUtcNow())]);
        var active = await ((ILeadWarehouse)b).CountActiveByCampaignAsync();
        Assert.Equal(2, active["camp-1"]); // before@ and after@, never stale@
        Assert.Equal(Other, (await a.ReadLeaseAsync(LeaseRules.Pipeline))!.Holder);
        Assert.Empty(await ((ILeadWarehouse)b).ListRunsAsync(10));
    }

    [Fact]
    public async Task An_expired_lease_fences_writes_until_its_holder_renews_it()
    {
        var (a, _, clock, cleanup) = await CreatePairAsync();
        await using var __ = cleanup;
        var grant = (await a.TryAcquireLeaseAsync(LeaseRules.Pipeline, Daemon, clock.GetUtcNow(), Ttl)).Grant!;
        a.SetWriteFence(grant);

        clock.Advance(Ttl);
        var expired = await Assert.ThrowsAsync<LeaseLostException>(() => ((ILeadWarehouse)a).UpsertLeadStatesAsync([State("late@x.com", clock.GetUtcNow())]));
        Assert.Contains("expired", expired.Message);

        // Nobody took it over, so the holder may renew (same epoch) and write again.
        Assert.True(await a.RenewLeaseAsync(grant, clock.GetUtcNow(), Ttl));
        await ((ILeadWarehouse)a).UpsertLeadStatesAsync([State("late@x.com", clock.GetUtcNow())]);
        Assert.Equal(grant.Epoch, (await a.ReadLeaseAsync(LeaseRules.Pipeline))!.Epoch);
    }

    [Fact]
    public async Task Releasing_lets_the_next_holder_in_at_once_with_a_newer_epoch()
    {
        var (a, b, clock, cleanup) = await CreatePairAsync();
        await using var _ = cleanup;
        var grant = (await a.TryAcquireLeaseAsync(LeaseRules.Pipeline, Daemon, clock.GetUtcNow(), Ttl)).Grant!;
        await a.ReleaseLeaseAsync(grant, clock.GetUtcNow());

        var next = await b.TryAcquireLeaseAsync(LeaseRules.Pipeline, Other, clock.GetUtcNow(), Ttl);
        Assert.True(next.Acquired);
        Assert.Equal(grant.Epoch + 1, next.Grant!.Epoch);
    }

    [Fact]
    public async Task The_keeper_renews_on_the_clock_and_reports_a_takeover_once()
    {
        var (a, b, clock, cleanup) = await CreatePairAsync();
        await using var _ = cleanup;
        await using var keeper = await LeaseKeeper.AcquireAsync(a, Daemon, Ttl, clock, CancellationToken.None);
        var lost = new List<string>();
        keeper.Lost += lost.Add;
        var start = clock.GetUtcNow();

        clock.Advance(Ttl / 3);
        await keeper.PendingRenewal;
        Assert.Equal(start + Ttl / 3 + Ttl, (await a.ReadLeaseAsync(LeaseRules.Pipeline))!.ExpiresAt);
        clock.Advance(Ttl / 3);
        await keeper.PendingRenewal;
        // Renewed twice, it is still live well past the first expiry: B is refused.
        clock.Advance(Ttl / 2);
        // That advance crossed the keeper's next tick: let its renewal finish, or it could renew the row right after the
        // release below (the grant still matches) and race B's takeover.
        await keeper.PendingRenewal;
        Assert.False((await b.TryAcquireLeaseAsync(LeaseRules.Pipeline, Other, clock.GetUtcNow(), Ttl)).Acquired);

        // Taken over behind its back (its row ended, as after a pause past the expiry, and B took it): the next tick
        // reports the loss, once, and never takes the lease back.
        await a.ReleaseLeaseAsync(keeper.Grant, clock.GetUtcNow());
        Assert.True((await b.TryAcquireLeaseAsync(LeaseRules.Pipeline, Other, clock.GetUtcNow(), Ttl)).Acquired);
        clock.Advance(Ttl / 3);
        await keeper.PendingRenewal;
        clock.Advance(Ttl / 3);
        await keeper.PendingRenewal;
        Assert.Single(lost);
        Assert.Contains("host host-b", lost[0]);
        Assert.Equal(Other, (await a.ReadLeaseAsync(LeaseRules.Pipeline))!.Holder);
    }

    [Fact]
    public async Task Two_adapters_writing_the_lease_row_at_the_same_instant_both_succeed()
    {
        // A keeper's renewal and another adapter's write can hit the lease row at the same instant (a CI run saw DuckDB
        // abort one of them with "Conflict on update"). Renewing one grant through both adapters at once is the purest
        // form of it: every call must answer, none may fail.
        var (a, b, clock, cleanup) = await CreatePairAsync();
        await using var _ = cleanup;
        var grant = (await a.TryAcquireLeaseAsync(LeaseRules.Pipeline, Daemon, clock.GetUtcNow(), Ttl)).Grant!;

        for (var round = 0; round < 30; round++)
        {
            var now = clock.GetUtcNow();
            var renewals = new[] { a, b, a, b }.Select(w => Task.Run(() => w.RenewLeaseAsync(grant, now, Ttl)));
            Assert.All(await Task.WhenAll(renewals), Assert.True);
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        var row = (await b.ReadLeaseAsync(LeaseRules.Pipeline))!;
        Assert.Equal(Daemon, row.Holder);
        Assert.Equal(grant.Epoch, row.Epoch);
        Assert.Equal(clock.GetUtcNow() - TimeSpan.FromSeconds(1) + Ttl, row.ExpiresAt);
    }
}
