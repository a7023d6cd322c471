using ColdEmail.Instantly;
using ColdEmail.Instantly.Http;
using ColdEmail.Sandbox.Faults;
using ColdEmail.Sandbox.Hosting;

namespace ColdEmail.Instantly.Tests;

public sealed class ErrorKindTests
{
    [Fact]
    public async Task A_wrong_key_is_a_401_and_the_key_appears_nowhere()
    {
        const string wrongKey = "wrong-secret-key-91b2";
        await using var env = await ClientEnv.StartAsync(clientKey: wrongKey);

        var result = await env.Client.ListCampaignsAsync();

        Assert.Equal(InstantlyErrorKind.Http, result.Error!.Kind);
        Assert.Equal(401, result.Error.StatusCode);
        Assert.Equal("Unauthorized", result.Error.Error);
        Assert.DoesNotContain(wrongKey, result.Error.ToString());
        Assert.DoesNotContain(wrongKey, env.Client.ToString());
        Assert.DoesNotContain(wrongKey, new InstantlyException(result.Error).ToString());
    }

    [Fact]
    public void Options_and_client_mask_the_key()
    {
        var options = new InstantlyClientOptions { ApiKey = ClientEnv.Key, BaseAddress = new Uri("http://127.0.0.1:1/") };
        using var client = new InstantlyHttpClient(options);

        Assert.DoesNotContain(ClientEnv.Key, options.ToString());
        Assert.DoesNotContain(ClientEnv.Key, client.ToString());
        Assert.Contains("****", options.ToString());
    }

    [Fact]
    public async Task The_workspace_rate_limit_is_a_429_with_retry_after()
    {
        await using var env = await ClientEnv.StartAsync(clock => ClientEnv.Strict(clock, limits: new RateLimitOptions(PerSecond: 2) { Clock = clock }));

        var first = await env.Client.ListCampaignsAsync();
        var second = await env.Client.ListCampaignsAsync();
        var third = await env.Client.ListCampaignsAsync();
        env.Clock.Advance(TimeSpan.FromSeconds(1));
        var afterWaiting = await env.Client.ListCampaignsAsync();

        Assert.True(first.IsSuccess && second.IsSuccess);
        Assert.Equal(429, third.Error!.StatusCode);
        Assert.Equal("Too Many Requests", third.Error.Error);
        Assert.Equal("Rate limit exceeded", third.Error.Message);
        Assert.Equal(TimeSpan.FromSeconds(1), third.Error.RetryAfter);
        Assert.True(afterWaiting.IsSuccess);
    }

    [Fact]
    public async Task An_injected_429_carries_its_retry_after()
    {
        await using var env = await ClientEnv.StartAsync(clock => ClientEnv.Strict(clock,
            faults: new FaultOptions(TooManyRequestsRate: 1) { RetryAfter = TimeSpan.FromSeconds(7) }));

        var result = await env.Client.GetCampaignAsync(env.Smb);

        Assert.Equal(429, result.Error!.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), result.Error.RetryAfter);
    }

    [Fact]
    public async Task A_server_error_is_an_http_500()
    {
        await using var env = await ClientEnv.StartAsync(clock => ClientEnv.Strict(clock, faults: new FaultOptions(ServerErrorRate: 1)));

        var result = await env.Client.AddLeadsAsync(new BulkAddRequest(env.Smb, ClientEnv.Leads(3)));

        Assert.Equal(InstantlyErrorKind.Http, result.Error!.Kind);
        Assert.Equal(500, result.Error.StatusCode);
        Assert.Null(result.Error.RetryAfter);
        Assert.Equal(0, env.Sandbox.State.LeadCount);
    }

    [Fact]
    public async Task A_dropped_connection_is_its_own_kind()
    {
        await using var env = await ClientEnv.StartAsync(clock => ClientEnv.Strict(clock, faults: new FaultOptions(DropRate: 1)));

        var result = await env.Client.ListLeadsAsync(new ListLeadsRequest { CampaignId = env.Smb });

        Assert.Equal(InstantlyErrorKind.ConnectionDropped, result.Error!.Kind);
        Assert.Null(result.Error.StatusCode);
    }

    [Fact]
    public async Task A_refused_connection_is_a_dropped_connection()
    {
        await using var env = await ClientEnv.StartAsync();
        var address = env.Sandbox.BaseAddress;
        await env.Sandbox.StopAsync();

        var result = await env.Client.GetCampaignAsync(env.Smb);

        Assert.Equal(InstantlyErrorKind.ConnectionDropped, result.Error!.Kind);
        Assert.DoesNotContain(ClientEnv.Key, result.Error.ToString());
        Assert.NotNull(address);
    }

    [Fact]
    public async Task A_slow_answer_past_the_client_timeout_is_a_timeout()
    {
        await using var env = await ClientEnv.StartAsync(
            clock => ClientEnv.Strict(clock, faults: new FaultOptions(SlowRate: 1) { SlowDelay = TimeSpan.FromSeconds(20) }),
            clientTimeout: TimeSpan.FromMilliseconds(300));

        var result = await env.Client.GetCampaignAsync(env.Smb);

        Assert.Equal(InstantlyErrorKind.Timeout, result.Error!.Kind);
        Assert.Null(result.Error.StatusCode);
    }

    [Fact]
    public async Task The_callers_cancellation_is_not_a_timeout_but_a_cancellation()
    {
        await using var env = await ClientEnv.StartAsync(
            clock => ClientEnv.Strict(clock, faults: new FaultOptions(SlowRate: 1) { SlowDelay = TimeSpan.FromSeconds(20) }));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => env.Client.GetCampaignAsync(env.Smb, cts.Token));
    }

    [Fact]
    public async Task A_200_with_an_error_body_is_an_error()
    {
        await using var env = await ClientEnv.StartAsync(clock => ClientEnv.Strict(clock, faults: new FaultOptions(ErrorInBodyRate: 1)));

        var result = await env.Client.GetCampaignAsync(env.Smb);

        Assert.Equal(InstantlyErrorKind.ErrorInBody, result.Error!.Kind);
        Assert.Equal(200, result.Error.StatusCode);
        Assert.Equal("ACC_UNKNOWN_ERROR", result.Error.Error);
    }

    [Fact]
    public async Task A_2xx_that_is_not_json_is_an_invalid_response()
    {
        await using var env = await ClientEnv.StartAsync(clock => ClientEnv.Strict(clock, faults: new FaultOptions(GarbageRate: 1)));

        var result = await env.Client.ListLeadsAsync(new ListLeadsRequest { CampaignId = env.Smb });

        Assert.Equal(InstantlyErrorKind.InvalidResponse, result.Error!.Kind);
        Assert.Contains("502 upstream glitch", result.Error.Message);
    }

    [Fact]
    public async Task A_failed_page_ends_the_stream_with_an_instantly_exception()
    {
        await using var env = await ClientEnv.StartAsync(clock => ClientEnv.Strict(clock, faults: new FaultOptions(ServerErrorRate: 1)));

        var ex = await Assert.ThrowsAsync<InstantlyException>(async () =>
        {
            await foreach (var _ in env.Client.ListAllLeadsAsync(new ListLeadsRequest { CampaignId = env.Smb })) { }
        });

        Assert.Equal(500, ex.Error.StatusCode);
    }

    [Fact]
    public async Task An_applied_bulk_add_whose_answer_is_lost_is_reconciled_without_duplicates()
    {
        await using var env = await ClientEnv.StartAsync(clock => ClientEnv.Strict(clock, faults: new FaultOptions(AppliedButLostRate: 1)));
        var leads = ClientEnv.Leads(20);

        var lost = await env.Client.AddLeadsAsync(new BulkAddRequest(env.Smb, leads));
        env.Sandbox.SetFaults(FaultOptions.None);
        var retried = await env.Client.AddLeadsAsync(new BulkAddRequest(env.Smb, leads));
        var found = await env.Client.ListLeadsAsync(new ListLeadsRequest { CampaignId = env.Smb, Contacts = leads.Select(l => l.Email).ToList() });

        Assert.False(lost.IsSuccess);
        Assert.Contains(lost.Error.Kind, new[] { InstantlyErrorKind.Http, InstantlyErrorKind.ConnectionDropped });
        Assert.Equal(20, retried.Value!.SkippedCount);
        Assert.Empty(retried.Value.CreatedLeads);
        Assert.Equal(20, found.Value!.Items.Count);
        Assert.Equal(20, env.Sandbox.State.CountLeads(env.Smb));
    }

    [Fact]
    public async Task A_plan_allowance_smaller_than_the_batch_refuses_it_whole_with_403()
    {
        await using var env = await ClientEnv.StartAsync(clock => new SandboxOptions
        {
            ApiKey = ClientEnv.Key, Strict = true, TimeProvider = clock, RateLimits = RateLimitOptions.Off, PlanLeadLimit = 15,
        });

        var first = await env.Client.AddLeadsAsync(new BulkAddRequest(env.Smb, ClientEnv.Leads(10)));
        var second = await env.Client.AddLeadsAsync(new BulkAddRequest(env.Smb, ClientEnv.Leads(10, "more")));

        Assert.Equal(5, first.Value!.RemainingInPlan);
        Assert.Equal(403, second.Error!.StatusCode);
        Assert.Equal(10, env.Sandbox.State.CountLeads(env.Smb));
    }
}
