using System.Text.Json;
using ColdEmail.Instantly;
using ColdEmail.Instantly.Http;
using ColdEmail.Instantly.Webhooks;
using ColdEmail.Sandbox.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace ColdEmail.Cli.Tests.Webhooks;

/// <summary>
/// End to end: `coldemail webhooks register` against a simulated Instantly workspace, the simulator sending real webhooks
/// to the receiver, a receiver outage that gets the webhooks disabled, `register` resuming them and the replay applying
/// what the outage missed.
/// </summary>
public sealed class WebhookSandboxTests : IDisposable
{
    private readonly TempWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private static InstantlyHttpClient Client(SandboxServer sandbox) =>
        new(new InstantlyClientOptions { BaseAddress = sandbox.BaseAddress, ApiKey = sandbox.ApiKey });

    private static async Task<string> LeadAsync(InstantlyHttpClient api, SandboxServer sandbox, string email)
    {
        var lead = await api.CreateLeadAsync(new CreateLeadRequest(sandbox.CampaignIds["SMB"], new NewLead(email)));
        Assert.True(lead.IsSuccess, lead.Error?.ToString());
        return lead.Value.Id;
    }

    private async Task<string?> SuppressionAsync(string email)
    {
        var r = await _ws.RunAsync("explain", email, "--json");
        Assert.True(r.ExitCode == 0, r.ToString());
        using var doc = JsonDocument.Parse(r.Out);
        var s = doc.RootElement.GetProperty("suppression");
        return s.ValueKind == JsonValueKind.Null ? null : s.GetProperty("reason").GetString();
    }

    [Fact]
    public async Task The_simulator_delivers_reply_and_unsubscribe_webhooks_an_outage_disables_them_register_resumes_and_the_replay_applies_the_missed()
    {
        await using var sandbox = await _ws.StartWorkspaceAsync();
        using var api = Client(sandbox);
        var jane = await LeadAsync(api, sandbox, "jane@acme.com");
        var bob = await LeadAsync(api, sandbox, "bob@acme.com");
        var carl = await LeadAsync(api, sandbox, "carl@acme.com");
        var dora = await LeadAsync(api, sandbox, "dora@acme.com");
        _ws.Environment["COLDEMAIL_WEBHOOK_TOKEN"] = WebhookTestHost.Token;

        var host = await WebhookTestHost.StartAsync(_ws, api: (_, _) => Task.FromResult<IInstantlyWebhooksApi>(Client(sandbox)));
        var port = host.Address.Port;
        try
        {
            var register = await _ws.RunAsync("webhooks", "register", "--public-url", host.Address.AbsoluteUri);
            Assert.True(register.ExitCode == 0, register.ToString());
            Assert.Contains("11 created", register.Out);
            Assert.DoesNotContain(WebhookTestHost.Token, register.ToString());
            var again = await _ws.RunAsync("webhooks", "register", "--public-url", host.Address.AbsoluteUri);
            Assert.Contains("0 created, 0 resumed, 11 already there", again.Out);
            var hooks = await api.ListWebhooksAsync();
            Assert.Equal(11, hooks.Value!.Items.Count);
            Assert.All(hooks.Value.Items, h => Assert.Equal(host.ReceiverUrl.AbsoluteUri, h.TargetHookUrl));

            // A person replies, another unsubscribes: Instantly (the simulator) posts the events to the receiver.
            sandbox.State.AddReply(jane);
            sandbox.State.SetStatus(bob, -2);
            await sandbox.WebhooksDeliveredAsync();
            await host.WaitAppliedAsync(2);
        }
        finally
        {
            await host.DisposeAsync();
        }
        // Before any drain has run, explain already shows both.
        Assert.Equal("replied", await SuppressionAsync("jane@acme.com"));
        Assert.Equal("unsubscribed", await SuppressionAsync("bob@acme.com"));

        // The receiver is down: three failed deliveries in a row disable the unsubscribe webhook.
        for (var i = 0; i < 3; i++) sandbox.State.SetStatus(i == 0 ? carl : dora, i == 2 ? 1 : -2);
        sandbox.State.SetStatus(dora, -2);
        await sandbox.WebhooksDeliveredAsync();
        var failed = await api.ListWebhookEventsAsync(new WebhookDeliveryQuery(Success: false));
        Assert.True(failed.Value!.Items.Count >= 3, $"{failed.Value.Items.Count} failed deliveries logged");
        var status = await _ws.RunAsync("webhooks", "status");
        Assert.Contains("lead_unsubscribed        DISABLED", status.Out);
        Assert.DoesNotContain(WebhookTestHost.Token, status.Out);

        await using (var back = await WebhookTestHost.StartAsync(_ws, api: (_, _) => Task.FromResult<IInstantlyWebhooksApi>(Client(sandbox)), port: port))
        {
            var resume = await _ws.RunAsync("webhooks", "register", "--public-url", back.Address.AbsoluteUri);
            Assert.True(resume.ExitCode == 0, resume.ToString());
            Assert.Contains("lead_unsubscribed        resumed", resume.Out);
            Assert.Contains("0 created, 1 resumed", resume.Out);
            var after = (await api.ListWebhooksAsync()).Value!.Items;
            Assert.All(after, h => Assert.Equal(InstantlyWebhook.StatusActive, h.Status));

            // The replay takes the failed deliveries from Instantly's log; the ones applied before are duplicates.
            var report = await back.Replay.ReplayOnceAsync(CancellationToken.None);
            Assert.NotNull(report);
            Assert.Null(report!.Error);
            Assert.True(report.Accepted >= 2, $"accepted {report.Accepted}");
            await back.WaitAppliedAsync(report.Accepted);
            var second = await back.Replay.ReplayOnceAsync(CancellationToken.None);
            Assert.Equal(0, second!.Accepted);
        }
        Assert.Equal("unsubscribed", await SuppressionAsync("carl@acme.com"));
        Assert.Equal("unsubscribed", await SuppressionAsync("dora@acme.com"));
    }

    [Fact]
    public async Task The_daemon_replays_failed_deliveries_once_an_hour_on_its_clock()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 10, 12, 0, 0, TimeSpan.Zero));
        var calls = 0;
        var log = new FakeDeliveryLog(() => Interlocked.Increment(ref calls), WebhookReceiverTests.Payload("lead_unsubscribed", "eve@acme.com"));
        await using var host = await WebhookTestHost.StartAsync(_ws, time: clock, api: (_, _) => Task.FromResult<IInstantlyWebhooksApi>(log));
        clock.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(0, host.Replay.Completed);
        clock.Advance(TimeSpan.FromMinutes(1));
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (host.Replay.Completed < 1 && DateTime.UtcNow < deadline) await Task.Delay(10);
        Assert.Equal(1, host.Replay.Completed);
        Assert.Equal(1, calls);
        await host.WaitAppliedAsync(1);
        clock.Advance(TimeSpan.FromHours(1));
        deadline = DateTime.UtcNow.AddSeconds(120);
        while (host.Replay.Completed < 2 && DateTime.UtcNow < deadline) await Task.Delay(10);
        var status = await host.Inbox.StatusAsync(CancellationToken.None);
        Assert.Equal(1, status.Accepted);
        Assert.Equal(1, status.Duplicates);
    }

    /// <summary>A delivery log (counting replays: first-page reads) with one failed delivery to our receiver and one to someone else's webhook (never replayed).</summary>
    private sealed class FakeDeliveryLog(Action onCall, string payload) : IInstantlyWebhooksApi
    {
        public Task<InstantlyResult<WebhookDeliveryPage>> ListWebhookEventsAsync(WebhookDeliveryQuery query, CancellationToken ct = default)
        {
            Assert.False(query.Success);
            if (query.StartingAfter is null) onCall();
            var items = query.StartingAfter is null
                ? new List<WebhookDelivery>
                {
                    new("e1", DateTimeOffset.UnixEpoch, false, 0, false, "https://x.example/webhooks/instantly/t", 502, "HTTP 502", payload),
                    new("e2", DateTimeOffset.UnixEpoch, false, 0, false, "https://zapier.example/hook", 500, "HTTP 500", payload.Replace("eve@", "zed@")),
                }
                : [];
            return Task.FromResult(InstantlyResult<WebhookDeliveryPage>.Ok(new WebhookDeliveryPage(items, items.Count > 0 ? "e2" : null)));
        }

        public Task<InstantlyResult<WebhookPage>> ListWebhooksAsync(int limit = 100, string? startingAfter = null, CancellationToken ct = default) => throw new NotSupportedException();
        public Task<InstantlyResult<InstantlyWebhook>> CreateWebhookAsync(CreateWebhookRequest request, CancellationToken ct = default) => throw new NotSupportedException();
        public Task<InstantlyResult<InstantlyWebhook>> ResumeWebhookAsync(string webhookId, CancellationToken ct = default) => throw new NotSupportedException();
    }
}
