using ColdEmail.Domain.Leads;
using ColdEmail.Domain.Verification;
using ColdEmail.Pipeline.Tests.OpsSupport;
using ColdEmail.Pipeline.Verification;
using ColdEmail.Sandbox.Faults;
using Microsoft.Extensions.Time.Testing;

namespace ColdEmail.Pipeline.Tests.Verification;

/// <summary>
/// The verifier through the gateway against the sandbox's verification endpoint, remembering verdicts in
/// a DuckDB file. The sandbox decides by address: "invalid…" local parts are invalid, "catchall" domains are
/// catch-all, "slow…" local parts stay pending for two polls.
/// </summary>
public sealed class EmailVerifierTests : SandboxGatewayTestKit
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(5);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 2, 2, 9, 0, 0, TimeSpan.Zero));

    private EmailVerifier Verifier(EmailVerificationOptions? options = null) =>
        new(Api, Warehouse.Ops, _time, options ?? new EmailVerificationOptions { PollInterval = Poll, MaxPolls = 5 });

    private Task<IReadOnlyDictionary<string, VerificationDecision>> Verify(EmailVerifier verifier, params string[] emails) =>
        VirtualTimeRunner.RunAsync(verifier.VerifyAsync(emails.Select(EmailAddress.Parse).ToList()), _time, Poll);

    [Fact]
    public async Task Obvious_rejects_are_decided_locally_and_cost_no_credit()
    {
        var verifier = Verifier();
        var d = await Verify(verifier, "info@acme-shop.com", "jane@mailinator.com");

        Assert.True(d["info@acme-shop.com"].IsReject);
        Assert.Contains("role account", d["info@acme-shop.com"].Reason);
        Assert.True(d["jane@mailinator.com"].IsReject);
        Assert.Contains("disposable", d["jane@mailinator.com"].Reason);
        Assert.Equal(0, verifier.Tally.Started);
        Assert.Equal(2, verifier.Tally.RejectedLocally);
        // Instantly never heard of them.
        Assert.Equal(404, (await Api.GetEmailVerificationAsync("info@acme-shop.com")).Error?.StatusCode);
        Assert.Empty(await Warehouse.Ops.FindVerificationsAsync(["info@acme-shop.com", "jane@mailinator.com"]));
    }

    [Fact]
    public async Task Instantly_verdicts_map_to_send_and_reject_and_are_remembered()
    {
        var verifier = Verifier();
        var before = _time.GetUtcNow();
        var d = await Verify(verifier, "Jane.Doe@Acme-Shop.com", "invalid.bob@acme-shop.com", "amy@catchall-store.com");

        Assert.True(d["jane.doe@acme-shop.com"].IsSend);
        Assert.True(d["invalid.bob@acme-shop.com"].IsReject);
        Assert.True(d["amy@catchall-store.com"].IsSend, "catch-all is allowed by the default policy");
        Assert.Equal(3, verifier.Tally.Started);

        var stored = await Warehouse.Ops.FindVerificationsAsync(["jane.doe@acme-shop.com", "invalid.bob@acme-shop.com", "amy@catchall-store.com"]);
        Assert.Equal(VerificationStatus.Verified, stored["jane.doe@acme-shop.com"].Status);
        Assert.Equal(CatchAllState.No, stored["jane.doe@acme-shop.com"].CatchAll);
        Assert.Equal(VerificationStatus.Invalid, stored["invalid.bob@acme-shop.com"].Status);
        Assert.Equal(CatchAllState.Yes, stored["amy@catchall-store.com"].CatchAll);
        Assert.InRange(stored["jane.doe@acme-shop.com"].VerifiedAt, before, _time.GetUtcNow());
    }

    [Fact]
    public async Task A_policy_that_refuses_catch_all_rejects_it()
    {
        var verifier = Verifier(new EmailVerificationOptions { Policy = new VerificationPolicy(AllowCatchAll: false) });
        var d = await Verify(verifier, "amy@catchall-store.com");
        Assert.True(d["amy@catchall-store.com"].IsReject);
        Assert.Contains("catch-all", d["amy@catchall-store.com"].Reason);
    }

    [Fact]
    public async Task A_pending_verification_is_polled_on_virtual_time_until_it_settles()
    {
        var verifier = Verifier();
        var d = await Verify(verifier, "slow.sam@acme-shop.com");

        Assert.True(d["slow.sam@acme-shop.com"].IsSend);
        Assert.Equal(1, verifier.Tally.Started);
        Assert.Equal(2, verifier.Tally.Polls);
        Assert.Equal(VerificationStatus.Verified, (await Warehouse.Ops.FindVerificationsAsync(["slow.sam@acme-shop.com"]))["slow.sam@acme-shop.com"].Status);
    }

    [Fact]
    public async Task Still_pending_after_the_poll_limit_waits_and_the_next_call_polls_without_paying_again()
    {
        var verifier = Verifier(new EmailVerificationOptions { PollInterval = Poll, MaxPolls = 1 });
        var first = await Verify(verifier, "slow.sam@acme-shop.com");
        Assert.True(first["slow.sam@acme-shop.com"].IsWait);
        Assert.Equal(VerificationStatus.Pending, (await Warehouse.Ops.FindVerificationsAsync(["slow.sam@acme-shop.com"]))["slow.sam@acme-shop.com"].Status);

        var second = await Verify(verifier, "slow.sam@acme-shop.com");
        Assert.True(second["slow.sam@acme-shop.com"].IsSend);
        Assert.Equal(1, verifier.Tally.Started);
        Assert.Equal(2, verifier.Tally.Polls);
    }

    [Fact]
    public async Task The_same_email_is_not_verified_twice_within_the_reuse_period_but_is_after_it()
    {
        var verifier = Verifier(new EmailVerificationOptions { PollInterval = Poll, ReuseFor = TimeSpan.FromDays(30) });
        await Verify(verifier, "jane@acme-shop.com", "invalid.bob@acme-shop.com");
        _time.Advance(TimeSpan.FromDays(29));
        var again = await Verify(verifier, "jane@acme-shop.com", "invalid.bob@acme-shop.com", "JANE@acme-shop.com");

        Assert.True(again["jane@acme-shop.com"].IsSend);
        Assert.True(again["invalid.bob@acme-shop.com"].IsReject);
        Assert.Equal(2, again.Count);
        Assert.Equal(2, verifier.Tally.Started);
        Assert.Equal(2, verifier.Tally.Reused);

        _time.Advance(TimeSpan.FromDays(2));
        await Verify(verifier, "jane@acme-shop.com");
        Assert.Equal(3, verifier.Tally.Started);
    }

    [Fact]
    public async Task The_flag_off_sends_everyone_without_a_call()
    {
        var verifier = Verifier(new EmailVerificationOptions { Enabled = false });
        var d = await Verify(verifier, "invalid.bob@acme-shop.com", "info@acme-shop.com");
        Assert.All(d.Values, v => Assert.True(v.IsSend));
        Assert.All(d.Values, v => Assert.Contains("email_verification_enabled", v.Reason));
        Assert.Equal(0, verifier.Tally.Started);
    }

    [Fact]
    public async Task A_failing_Instantly_makes_the_lead_wait_and_remembers_nothing()
    {
        var verifier = Verifier();
        Sandbox.SetFaults(new FaultOptions(ServerErrorRate: 1.0));
        var d = await Verify(verifier, "jane@acme-shop.com");
        Assert.True(d["jane@acme-shop.com"].IsWait);
        Assert.Contains("failed", d["jane@acme-shop.com"].Reason);
        Assert.Equal(1, verifier.Tally.FailedCalls);
        Sandbox.SetFaults(FaultOptions.None);
        Assert.Empty(await Warehouse.Ops.FindVerificationsAsync(["jane@acme-shop.com"]));
    }

    [Fact]
    public async Task Fractional_credits_are_kept_not_rounded_away()
    {
        // The old system stored Instantly's 0.25 credits in an INT64 column and lost them.
        var at = _time.GetUtcNow();
        await Warehouse.Ops.SaveVerificationsAsync([new ColdEmail.Warehouse.StoredVerification("jane@acme-shop.com", VerificationStatus.Verified, CatchAllState.No, 0.25m, at)]);
        Assert.Equal(0.25m, (await Warehouse.Ops.FindVerificationsAsync(["jane@acme-shop.com"]))["jane@acme-shop.com"].CreditsUsed);
    }
}
