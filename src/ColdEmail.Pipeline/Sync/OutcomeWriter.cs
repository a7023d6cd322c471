using ColdEmail.Domain.Leads;
using ColdEmail.Warehouse;

namespace ColdEmail.Pipeline.Sync;

/// <summary>Writes settled outcomes to the warehouse: states, dead letters, and resolves letters that succeeded.</summary>
public sealed class OutcomeWriter(ILeadWarehouse warehouse)
{
    public const string Operation = "enrol";

    public static string DeadLetterId(string campaign, string email) => $"{Operation}:{campaign}:{email}";

    /// <param name="earlierLetters">Dead letters these emails already have, by email (for first-failure time and resolution).</param>
    public async Task WriteAsync(
        string campaign, string campaignId, IReadOnlyList<LeadOutcome> outcomes,
        IReadOnlyDictionary<string, DeadLetter> earlierLetters, DateTimeOffset now, CancellationToken ct)
    {
        var states = new List<LeadStateRow>();
        var letters = new List<DeadLetter>();
        var resolved = new List<string>();
        foreach (var o in outcomes)
        {
            var state = o.Kind switch
            {
                OutcomeKind.Active => LeadState.Active,
                OutcomeKind.Skipped => LeadState.Skipped,
                OutcomeKind.Quarantine => LeadState.Quarantine,
                _ => (LeadState?)null,
            };
            if (state is { } s)
            {
                states.Add(new LeadStateRow(o.Email, campaignId, campaign, s, o.InstantlyLeadId, null, o.Reason, now,
                    o.RetryCount, o.ApiResponseTimeMs));
                if (earlierLetters.ContainsKey(o.Email)) resolved.Add(DeadLetterId(campaign, o.Email));
            }
            else if (o.Kind == OutcomeKind.DeadLetter)
            {
                var first = earlierLetters.TryGetValue(o.Email, out var earlier) ? earlier.FirstFailureAt : now;
                letters.Add(new DeadLetter(DeadLetterId(campaign, o.Email), Operation, o.Email, campaignId, o.ErrorKind ?? "Unknown",
                    o.HttpStatus, o.Reason, null, o.RetryCount, o.Permanent ? null : o.NextRetryAt, first, now, o.Permanent));
            }
        }
        if (states.Count > 0) await warehouse.UpsertLeadStatesAsync(states, ct).ConfigureAwait(false);
        if (letters.Count > 0) await warehouse.UpsertDeadLettersAsync(letters, ct).ConfigureAwait(false);
        if (resolved.Count > 0)
            await warehouse.ResolveDeadLettersAsync(resolved, "enrolled", now, ct).ConfigureAwait(false);
    }
}
