using ColdEmail.Instantly;
using ColdEmail.Warehouse;
using Serilog;

// Plural namespace: see SuppressionOptions.cs.
namespace ColdEmail.Pipeline.Suppressions;

/// <summary>
/// Puts suppressed people on Instantly's workspace block list (<c>POST /api/v2/block-lists-entries/bulk-create</c>,
/// at most 1000 values a request, through the gateway), so no other campaign or tool in the workspace mails them. It
/// runs after the suppression is recorded and never undoes it: a failed push becomes a dead letter
/// (<c>blocklist_push:&lt;email&gt;</c>) that the next drain run pushes again.
/// </summary>
public sealed class BlockListPusher(IInstantlyApi instantly, ILeadWarehouse warehouse, TimeProvider time)
{
    public const string Operation = "blocklist_push";
    public const int MaxPerRequest = 1000;
    private readonly ILogger _log = Log.ForContext<BlockListPusher>();

    /// <summary>Pushes the addresses; returns failure lines (no addresses in them) for the run summary.</summary>
    public Task<IReadOnlyList<string>> PushAsync(IEnumerable<string> emails, CancellationToken ct) =>
        PushAsync(emails.Distinct(StringComparer.Ordinal).ToList(), new Dictionary<string, DeadLetter>(StringComparer.Ordinal), ct);

    /// <summary>Pushes again every address whose earlier push failed and is due.</summary>
    public async Task<IReadOnlyList<string>> RetryPendingAsync(CancellationToken ct)
    {
        var due = (await warehouse.DeadLettersDueAsync(time.GetUtcNow(), 100_000, ct).ConfigureAwait(false))
            .Where(d => d.Operation == Operation)
            .GroupBy(d => d.Email, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        if (due.Count == 0) return [];
        _log.Information("Retrying {Count} block-list pushes that failed earlier", due.Count);
        return await PushAsync(due.Keys.ToList(), due, ct).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<string>> PushAsync(IReadOnlyList<string> emails, IReadOnlyDictionary<string, DeadLetter> earlier, CancellationToken ct)
    {
        var failures = new List<string>();
        foreach (var chunk in emails.Chunk(MaxPerRequest))
        {
            var result = await instantly.AddBlockListEntriesAsync(chunk, ct).ConfigureAwait(false);
            var now = time.GetUtcNow();
            if (result.IsSuccess)
            {
                var retried = chunk.Where(earlier.ContainsKey).Select(e => earlier[e].Id).ToList();
                if (retried.Count > 0) await warehouse.ResolveDeadLettersAsync(retried, "added to Instantly's block list", now, ct).ConfigureAwait(false);
                if (result.Value.InvalidCount > 0)
                    _log.Warning("Instantly refused {Invalid} of {Count} block-list values as invalid", result.Value.InvalidCount, chunk.Length);
                continue;
            }
            var error = result.Error;
            await warehouse.UpsertDeadLettersAsync(chunk.Select(e =>
            {
                var before = earlier.GetValueOrDefault(e);
                return new DeadLetter($"{Operation}:{e}", Operation, e, null, error.Kind.ToString(), error.StatusCode,
                    $"could not add the suppressed address to Instantly's block list: {error}", null, (before?.RetryCount ?? 0) + 1,
                    now, before?.FirstFailureAt ?? now, now, false);
            }).ToList(), ct).ConfigureAwait(false);
            failures.Add($"block-list push of {chunk.Length} suppressed addresses failed: {error}; retried next run");
        }
        return failures;
    }
}
