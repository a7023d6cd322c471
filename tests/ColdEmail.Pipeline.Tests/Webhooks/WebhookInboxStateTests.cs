using ColdEmail.Domain.Webhooks;
using ColdEmail.Pipeline.Webhooks;

namespace ColdEmail.Pipeline.Tests.Webhooks;

public class WebhookInboxStateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 10, 12, 0, 0, TimeSpan.Zero);

    private static WebhookFact Fact(string key) => new(key, "reply_received", key + "@acme.com", "c1", T0);

    [Fact]
    public void Recovery_from_the_events_rebuilds_dedupe_and_what_is_still_to_apply()
    {
        IWebhookInboxEvent[] journal =
        [
            new WebhookEventsRecorded([Fact("a"), Fact("b")], T0),
            new WebhookEventsApplied(["a"], T0.AddSeconds(1)),
            new WebhookEventsRecorded([Fact("c"), Fact("a")], T0.AddSeconds(2)),
        ];
        var state = new WebhookInboxState();
        foreach (var e in journal) state.Apply(e);

        Assert.True(state.Knows("a") && state.Knows("b") && state.Knows("c"));
        Assert.Equal(["b", "c"], state.Pending.Select(f => f.Key).Order());
        var restored = WebhookInboxState.FromSnapshot(state.ToSnapshot());
        Assert.Equal(3, restored.Remembered);
        Assert.Equal(["b", "c"], restored.Pending.Select(f => f.Key).Order());
    }

    [Fact]
    public void Pruning_forgets_old_applied_keys_but_never_a_pending_one()
    {
        var state = new WebhookInboxState();
        state.Apply(new WebhookEventsRecorded([Fact("old"), Fact("pending")], T0));
        state.Apply(new WebhookEventsApplied(["old"], T0));
        state.Apply(new WebhookEventsRecorded([Fact("new")], T0.AddDays(29)));
        state.Apply(new WebhookEventsApplied(["new"], T0.AddDays(29)));

        Assert.Equal(1, state.Prune(T0.AddDays(31), TimeSpan.FromDays(30)));
        Assert.False(state.Knows("old"));
        Assert.True(state.Knows("pending"));
        Assert.True(state.Knows("new"));
    }

    [Fact]
    public void The_payload_parser_normalises_the_email_once_and_keys_redeliveries_alike()
    {
        const string body = """{"timestamp":"2026-05-01T10:00:00.000Z","event_type":"reply_received","workspace":"w","campaign_id":"c1","campaign_name":"SMB","lead_email":" Jane@ACME.com ","email_id":"e1","step":2,"merchantName":"Acme"}""";
        var a = WebhookPayload.Parse(body);
        var b = WebhookPayload.Parse(body.Replace(" Jane@ACME.com ", "jane@acme.com"));
        Assert.Equal("jane@acme.com", a.Fact!.Email);
        Assert.Equal(a.Fact.Key, b.Fact!.Key);
        Assert.Equal(new DateTimeOffset(2026, 5, 1, 10, 0, 0, TimeSpan.Zero), a.Fact.OccurredAt);

        Assert.Equal(WebhookRefusal.Malformed, WebhookPayload.Parse("[1]").Refusal);
        Assert.Equal(WebhookRefusal.Malformed, WebhookPayload.Parse(body.Replace("2026-05-01T10:00:00.000Z", "soon")).Refusal);
        Assert.Equal(WebhookRefusal.UnknownEvent, WebhookPayload.Parse(body.Replace("reply_received", "Hot lead")).Refusal);
        Assert.True(WebhookPayload.Parse(body.Replace("reply_received", "email_opened")).Ignored);
    }
}
