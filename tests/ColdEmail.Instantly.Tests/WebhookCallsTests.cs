using System.Text.Json;
using ColdEmail.Instantly.Http;
using ColdEmail.Instantly.Webhooks;

namespace ColdEmail.Instantly.Tests;

/// <summary>The webhook subscription and delivery-log calls, over loopback HTTP against the sandbox (strict: unknown body fields are 400).</summary>
public sealed class WebhookCallsTests
{
    private sealed class Recorder(List<(string Method, string PathAndQuery, string? Body)> sent) : DelegatingHandler(new SocketsHttpHandler())
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(ct);
            lock (sent) sent.Add((request.Method.Method, request.RequestUri!.PathAndQuery, body));
            return await base.SendAsync(request, ct);
        }
    }

    [Fact]
    public async Task Create_list_and_resume_use_the_documented_fields()
    {
        await using var env = await ClientEnv.StartAsync();
        var sent = new List<(string Method, string PathAndQuery, string? Body)>();
        using var http = new HttpClient(new Recorder(sent));
        var client = new InstantlyHttpClient(http, new InstantlyClientOptions { BaseAddress = env.Sandbox.BaseAddress, ApiKey = ClientEnv.Key });

        var created = await client.CreateWebhookAsync(new CreateWebhookRequest("https://hooks.example/webhooks/instantly/t0k3n", "reply_received", env.Smb, "coldemail reply_received")
        {
            Headers = new Dictionary<string, string> { ["X-Shared"] = "s" },
        });
        Assert.True(created.IsSuccess, created.Error?.ToString());
        Assert.Equal("reply_received", created.Value.EventType);
        Assert.Equal(env.Smb, created.Value.CampaignId);
        Assert.Equal(InstantlyWebhook.StatusActive, created.Value.Status);
        using (var body = JsonDocument.Parse(sent.Single().Body!))
        {
            var names = body.RootElement.EnumerateObject().Select(p => p.Name).Order().ToList();
            Assert.Equal(["campaign", "event_type", "headers", "name", "target_hook_url"], names);
        }

        var page = await client.ListWebhooksAsync(limit: 10);
        Assert.Equal(created.Value.Id, Assert.Single(page.Value!.Items).Id);
        Assert.Equal("/api/v2/webhooks?limit=10", sent[^1].PathAndQuery);

        var resumed = await client.ResumeWebhookAsync(created.Value.Id);
        Assert.True(resumed.IsSuccess, resumed.Error?.ToString());
        Assert.Equal(("POST", $"/api/v2/webhooks/{created.Value.Id}/resume", (string?)null), sent[^1]);
        Assert.Equal(404, (await client.ResumeWebhookAsync("0199a1b2-0000-7000-8000-000000000999")).Error!.StatusCode);
    }

    [Fact]
    public async Task The_delivery_log_is_read_with_its_filters_and_the_payload_is_kept_as_json()
    {
        await using var env = await ClientEnv.StartAsync();
        // Port 9 on loopback refuses: every delivery fails and is logged with success = false.
        var hook = await env.Client.CreateWebhookAsync(new CreateWebhookRequest("http://127.0.0.1:9/webhooks/instantly/t0k3n", "lead_unsubscribed"));
        Assert.True(hook.IsSuccess, hook.Error?.ToString());
        var lead = await env.Client.CreateLeadAsync(new CreateLeadRequest(env.Smb, new NewLead("jane@acme.com")));
        env.Sandbox.State.SetStatus(lead.Value!.Id, -2);
        await env.Sandbox.WebhooksDeliveredAsync();

        var day = DateOnly.FromDateTime(env.Clock.GetUtcNow().UtcDateTime);
        var failed = await env.Client.ListWebhookEventsAsync(new WebhookDeliveryQuery(Success: false, From: day, To: day, Limit: 5));
        Assert.True(failed.IsSuccess, failed.Error?.ToString());
        var delivery = Assert.Single(failed.Value.Items);
        Assert.False(delivery.Success);
        Assert.Equal("http://127.0.0.1:9/webhooks/instantly/t0k3n", delivery.WebhookUrl);
        using (var payload = JsonDocument.Parse(delivery.PayloadJson!))
        {
            Assert.Equal("lead_unsubscribed", payload.RootElement.GetProperty("event_type").GetString());
            Assert.Equal("jane@acme.com", payload.RootElement.GetProperty("lead_email").GetString());
            Assert.Equal(env.Smb, payload.RootElement.GetProperty("campaign_id").GetString());
        }
        var ok = await env.Client.ListWebhookEventsAsync(new WebhookDeliveryQuery(Success: true));
        Assert.Empty(ok.Value!.Items);
        Assert.Equal("api/v2/webhook-events?limit=5&success=false&from=2026-03-02&to=2026-03-02&starting_after=x%2Fy",
            WebhookWire.EventsQuery(new WebhookDeliveryQuery(false, day, day, 5, "x/y")));
    }
}
