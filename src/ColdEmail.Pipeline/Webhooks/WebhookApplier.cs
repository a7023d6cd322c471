using ColdEmail.Domain.Drain;
using ColdEmail.Domain.Verification;
using ColdEmail.Domain.Webhooks;
using ColdEmail.Pipeline.Drain;
using ColdEmail.Warehouse;

namespace ColdEmail.Pipeline.Webhooks;

/// <summary>What one application wrote: suppressions per reason.</summary>
public sealed record WebhookApplication(IReadOnlyList<string> Keys, IReadOnlyDictionary<string, int> SuppressedByReason)
{
    public int Suppressed => SuppressedByReason.Values.Sum();
}

/// <summary>
/// Writes what a batch of webhook events decides (<see cref="WebhookSuppression"/>) to the warehouse: the suppression
/// list (first entry wins, so applying a batch again changes nothing) and, when domain-on-reply is on, the replier's
/// business domain. The lead itself is left to the drain, which removes it when its sequence is over and pushes the
/// suppressed address to Instantly's block list where configured. Bounces go to the drain's journal with the event's own
/// time (<paramref name="reportBounces"/>): the drain's bounce grace runs from it, as the seed's rule says, instead of from
/// timestamp_last_contact or the drain's first sight (Instantly's lead carries no bounce time).
/// </summary>
public sealed class WebhookApplier(ILeadWarehouse warehouse, WebhookOptions options,
    Func<IReadOnlyList<ReportedBounce>, CancellationToken, Task>? reportBounces = null)
{
    public async Task<WebhookApplication> ApplyAsync(IReadOnlyList<WebhookFact> facts, DateTimeOffset now, CancellationToken ct)
    {
        var suppressions = new List<Suppression>();
        var bounces = new List<ReportedBounce>();
        foreach (var fact in facts)
        {
            if (WebhookEventTypes.Classify(fact.EventType) is not { } type) continue;
            if (type.Kind == WebhookEventKind.Bounce) bounces.Add(new ReportedBounce(fact.Email, fact.OccurredAt));
            var verdict = WebhookSuppression.Assess(fact, options.Policy, now);
            if (verdict.SuppressionReason is { } reason) suppressions.Add(new Suppression(fact.Email, reason, fact.OccurredAt));
        }
        // Journalled before the events count as applied: a failure here retries the whole batch (both writes are idempotent).
        if (bounces.Count > 0 && reportBounces is not null) await reportBounces(bounces, ct).ConfigureAwait(false);
        if (suppressions.Count > 0)
        {
            await warehouse.AddSuppressionsAsync(suppressions, ct).ConfigureAwait(false);
            if (options.DomainOnReply)
            {
                var domains = suppressions
                    .Select(s => (Domain: ReplyDomain.ToSuppress(s.Email, s.Reason, DomainList.FreeMail.Value), s))
                    .Where(d => d.Domain is not null)
                    .GroupBy(d => d.Domain!, StringComparer.Ordinal)
                    .Select(g => new DomainSuppression(g.Key, "domain-on-reply: " + g.First().s.Reason, g.First().s.Since))
                    .ToList();
                if (domains.Count > 0) await warehouse.AddDomainSuppressionsAsync(domains, ct).ConfigureAwait(false);
            }
        }
        var byReason = suppressions.GroupBy(s => s.Reason, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return new WebhookApplication(facts.Select(f => f.Key).ToList(), byReason);
    }
}
