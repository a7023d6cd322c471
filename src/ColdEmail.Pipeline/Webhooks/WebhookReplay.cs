using ColdEmail.Domain.Webhooks;
using ColdEmail.Instantly.Webhooks;

namespace ColdEmail.Pipeline.Webhooks;

/// <summary>What one replay found in Instantly's delivery log and what became of it.</summary>
public sealed record WebhookReplayReport(int Failed, int Accepted, int Duplicates, int Ignored, int Refused, string? Error);

/// <summary>
/// Replays failed deliveries: pages through <c>GET /api/v2/webhook-events?success=false</c> for the recent days, keeps the
/// rows sent to our receiver (path <c>/webhooks/instantly/</c>; the workspace's other webhooks are not ours), parses each
/// stored payload exactly as the receiver does and hands the facts to the inbox, whose dedupe drops what was applied.
/// </summary>
public sealed class WebhookReplay(IInstantlyWebhooksApi api, Func<IReadOnlyList<WebhookFact>, CancellationToken, Task<WebhookEventsReceived>> hand)
{
    public const string ReceiverPath = "/webhooks/instantly/";
    public const int MaxPages = 100;

    public async Task<WebhookReplayReport> RunAsync(DateTimeOffset now, TimeSpan lookBack, CancellationToken ct)
    {
        var query = new WebhookDeliveryQuery(Success: false, From: DateOnly.FromDateTime((now - lookBack).UtcDateTime), To: DateOnly.FromDateTime(now.UtcDateTime));
        int failed = 0, accepted = 0, duplicates = 0, ignored = 0, refused = 0;
        for (var page = 0; page < MaxPages; page++)
        {
            var result = await api.ListWebhookEventsAsync(query, ct).ConfigureAwait(false);
            if (!result.IsSuccess) return new(failed, accepted, duplicates, ignored, refused, result.Error.ToString());
            var facts = new List<WebhookFact>();
            foreach (var delivery in result.Value.Items)
            {
                if (delivery.Success || !delivery.WebhookUrl.Contains(ReceiverPath, StringComparison.Ordinal)) continue;
                failed++;
                if (delivery.PayloadJson is null) { refused++; continue; }
                var parsed = WebhookPayload.Parse(delivery.PayloadJson);
                if (parsed.Fact is { } fact) facts.Add(fact);
                else if (parsed.Ignored) ignored++;
                else refused++;
            }
            if (facts.Count > 0)
            {
                var answer = await hand(facts, ct).ConfigureAwait(false);
                accepted += answer.Accepted;
                duplicates += answer.Duplicates;
            }
            if (result.Value.Items.Count == 0 || result.Value.NextStartingAfter is not { } next) break;
            query = query with { StartingAfter = next };
        }
        return new(failed, accepted, duplicates, ignored, refused, null);
    }
}
