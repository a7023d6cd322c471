using System.Net;
using System.Text;
using System.Text.Json;
using ColdEmail.Cli.Http.Webhooks;

namespace ColdEmail.Cli.Tests.Webhooks;

/// <summary>The receiver over real HTTP: what it applies, what it refuses, and a burst.</summary>
public sealed class WebhookReceiverTests : IDisposable
{
    private readonly TempWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    internal static string Payload(string type, string email, string timestamp = "2026-05-01T10:00:00.000Z", string campaign = "0199a1b2-0000-7000-8000-000000000001") =>
        JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["timestamp"] = timestamp, ["event_type"] = type, ["workspace"] = "0199a1b2-0000-7000-8000-00000000000a",
            ["campaign_id"] = campaign, ["campaign_name"] = "SMB", ["lead_email"] = email, ["step"] = 1, ["merchantName"] = "Acme",
        });

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    [Fact]
    public async Task A_reply_and_an_unsubscribe_are_suppressed_at_once_and_explain_shows_it_before_any_drain()
    {
        using var spy = new WebhookCounterSpy();
        await using (var host = await WebhookTestHost.StartAsync(_ws))
        {
            var reply = await host.Http.PostAsync(host.ReceiverPath, Json(Payload("reply_received", "  Jane@Acme.com ")));
            Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
            Assert.Contains("accepted", await reply.Content.ReadAsStringAsync());
            var unsub = await host.Http.PostAsync(host.ReceiverPath, Json(Payload("lead_unsubscribed", "bob@acme.com")));
            Assert.Equal(HttpStatusCode.OK, unsub.StatusCode);
            var ooo = await host.Http.PostAsync(host.ReceiverPath, Json(Payload("lead_out_of_office", "ann@acme.com")));
            Assert.Equal(HttpStatusCode.OK, ooo.StatusCode);
            var status = await host.WaitAppliedAsync(3);
            Assert.Equal(2, status.Suppressed);
            Assert.Equal(1, spy.Get("coldemail.webhooks.received{event=reply_received,result=accepted}"));
        }

        var jane = await _ws.RunAsync("explain", "jane@acme.com", "--json");
        Assert.True(jane.ExitCode == 0, jane.ToString());
        using (var doc = JsonDocument.Parse(jane.Out))
            Assert.Equal("replied", doc.RootElement.GetProperty("suppression").GetProperty("reason").GetString());
        var bob = await _ws.RunAsync("explain", "bob@acme.com");
        Assert.Contains("unsubscribed", bob.Out);
        var ann = await _ws.RunAsync("explain", "ann@acme.com", "--json");
        using (var doc = JsonDocument.Parse(ann.Out))
            Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("suppression").ValueKind);
    }

    [Fact]
    public async Task Wrong_token_oversized_malformed_and_unknown_deliveries_are_refused_and_counted()
    {
        using var spy = new WebhookCounterSpy();
        await using var host = await WebhookTestHost.StartAsync(_ws);

        var wrong = await host.Http.PostAsync("/webhooks/instantly/not-the-token-0123456789", Json(Payload("reply_received", "jane@acme.com")));
        Assert.Equal(HttpStatusCode.NotFound, wrong.StatusCode);
        Assert.Equal(1, spy.Get("coldemail.webhooks.received{event=unknown,result=wrong_token}"));

        var big = "{\"event_type\":\"reply_received\",\"pad\":\"" + new string('x', 2 * 1024 * 1024) + "\"}";
        var tooLarge = await host.Http.PostAsync(host.ReceiverPath, Json(big));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        // Without a declared length too (chunked): the limit is counted while reading.
        var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big)));
        chunked.Headers.ContentLength = null;
        using (var request = new HttpRequestMessage(HttpMethod.Post, host.ReceiverPath) { Content = chunked })
        {
            request.Headers.TransferEncodingChunked = true;
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await host.Http.SendAsync(request)).StatusCode);
        }
        Assert.Equal(2, spy.Get("coldemail.webhooks.received{event=unknown,result=too_large}"));

        var malformed = await host.Http.PostAsync(host.ReceiverPath, Json("{\"event_type\": \"reply_received\", "));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        var noEmail = await host.Http.PostAsync(host.ReceiverPath, Json(Payload("reply_received", "not an address")));
        Assert.Equal(HttpStatusCode.BadRequest, noEmail.StatusCode);
        Assert.DoesNotContain("not an address", await noEmail.Content.ReadAsStringAsync());
        Assert.Equal(1, spy.Get("coldemail.webhooks.received{event=unknown,result=malformed}"));
        Assert.Equal(1, spy.Get("coldemail.webhooks.received{event=reply_received,result=malformed}"));

        var unknown = await host.Http.PostAsync(host.ReceiverPath, Json(Payload("Hot lead", "jane@acme.com")));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
        Assert.Equal(1, spy.Get("coldemail.webhooks.received{event=unknown,result=unknown_event}"));

        var ignored = await host.Http.PostAsync(host.ReceiverPath, Json(Payload("email_opened", "jane@acme.com")));
        Assert.Equal(HttpStatusCode.OK, ignored.StatusCode);

        // The receiver still works after all that, and nothing refused reached the inbox.
        var good = await host.Http.PostAsync(host.ReceiverPath, Json(Payload("reply_received", "jane@acme.com")));
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        var status = await host.WaitAppliedAsync(1);
        Assert.Equal(1, status.Accepted);

        // The status page's view: counts only, never the token or an address.
        var view = host.WebhookHealth.Current()!;
        var (healthy, lines) = (view.Healthy, view.Lines);
        Assert.True(healthy);
        Assert.Contains("1 accepted, 0 duplicates, 1 ignored, 5 refused, 1 wrong token", lines[0]);
        Assert.All(lines, l => Assert.DoesNotContain("@", l));
        Assert.All(lines, l => Assert.DoesNotContain(WebhookTestHost.Token, l));
    }

    [Fact]
    public async Task Without_a_token_the_receiver_answers_404_to_everything()
    {
        using var spy = new WebhookCounterSpy();
        await using var host = await WebhookTestHost.StartAsync(_ws, token: null);
        var r = await host.Http.PostAsync("/webhooks/instantly/anything-at-all-0123456", Json(Payload("reply_received", "jane@acme.com")));
        Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        Assert.Equal(1, spy.Get("coldemail.webhooks.received{event=unknown,result=disabled}"));
        Assert.Equal(0, (await host.Inbox.StatusAsync(CancellationToken.None)).Accepted);
    }

    [Fact]
    public async Task A_burst_of_1000_events_is_applied_exactly_once_and_redeliveries_even_after_a_restart_are_duplicates()
    {
        var payloads = Enumerable.Range(0, 1000).Select(i => Payload(i % 2 == 0 ? "reply_received" : "lead_unsubscribed", $"lead{i}@shop{i}.com")).ToList();
        await using (var host = await WebhookTestHost.StartAsync(_ws))
        {
            var answers = await Task.WhenAll(payloads.Select(p => host.Http.PostAsync(host.ReceiverPath, Json(p))));
            Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
            var status = await host.WaitAppliedAsync(1000);
            Assert.Equal(1000, status.Accepted);
            Assert.Equal(1000, status.Suppressed);

            // Instantly retries some: the same payloads again are duplicates, applied nowhere.
            var again = await Task.WhenAll(payloads.Take(100).Select(p => host.Http.PostAsync(host.ReceiverPath, Json(p))));
            Assert.All(again, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
            Assert.All(await Task.WhenAll(again.Select(a => a.Content.ReadAsStringAsync())), b => Assert.Contains("duplicate", b));
        }
        await using (var wh = await _ws.OpenWarehouseAsync())
        {
            Assert.Equal("replied", (await wh.FindSuppressionAsync("lead0@shop0.com"))!.Reason);
            Assert.Equal("unsubscribed", (await wh.FindSuppressionAsync("lead999@shop999.com"))!.Reason);
        }
        // The dedupe is in the journal: a restarted daemon still knows every event.
        await using (var host = await WebhookTestHost.StartAsync(_ws))
        {
            var replay = await host.Http.PostAsync(host.ReceiverPath, Json(payloads[500]));
            Assert.Contains("duplicate", await replay.Content.ReadAsStringAsync());
            var status = await host.Inbox.StatusAsync(CancellationToken.None);
            Assert.Equal(0, status.Accepted);
            Assert.Equal(1, status.Duplicates);
        }
    }

    [Fact]
    public void The_token_is_masked_in_printed_urls() =>
        Assert.Equal("https://x.example/webhooks/instantly/********", WebhookToken.Mask("https://x.example/webhooks/instantly/secret-token-value"));
}
