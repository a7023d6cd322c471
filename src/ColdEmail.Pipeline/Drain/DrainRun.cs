using Akka.Actor;
using Akka.Streams;
using Akka.Streams.Dsl;
using Akka.Util;
using ColdEmail.Pipeline.Runs;
using ColdEmail.Warehouse;

namespace ColdEmail.Pipeline.Drain;

/// <summary>
/// One drain pass: finish decisions a crash left open, then find the candidates (warehouse-first: the
/// leads due for a check, priority order; Instantly-first: see <see cref="InstantlyFirstCandidates"/>)
/// and fan the batches out to the workers, at most one batch per worker at a time.
/// </summary>
public sealed class DrainRun(string runId, PipelineServices services, DrainOptions options, IActorRef workers, IActorRef journal, IMaterializer materializer)
{
    public async Task<DrainRunSummary> ExecuteAsync(IReadOnlyList<DrainDecided> open, CancellationToken ct)
    {
        var started = services.Time.GetUtcNow();
        var results = new List<DrainBatchResult>();
        var recovered = 0;
        var processor = new DrainBatchProcessor(services, options, journal);
        // Block-list pushes that failed on an earlier run go first: the people are suppressed, Instantly should know.
        var failures = new List<string>(await new Suppressions.BlockListPusher(services.Instantly, services.Warehouse, services.Time)
            .RetryPendingAsync(ct).ConfigureAwait(false));
        foreach (var decided in open)
        {
            var done = await processor.CompleteAsync(decided, ct).ConfigureAwait(false);
            recovered += decided.Entries.Count;
            results.Add(done);
        }

        var source = options.WarehouseFirst ? WarehouseFirst(ct) : await InstantlyFirstAsync(failures, ct).ConfigureAwait(false);
        await source
            .SelectAsync(options.Workers, batch => workers.Ask<DrainBatchResult>(batch, options.BatchTimeout))
            .RunForeach(r =>
            {
                Interlocked.Add(ref _resolved, r.Kept + r.Deleted + r.AlreadyGone);
                lock (results) results.Add(r);
            }, materializer).ConfigureAwait(false);

        var byReason = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (reason, n) in results.SelectMany(r => r.ByReason)) byReason[reason] = byReason.GetValueOrDefault(reason) + n;
        return new DrainRunSummary(runId, started, services.Time.GetUtcNow(),
            results.Sum(r => r.Checked), results.Sum(r => r.Kept), byReason.Values.Sum(),
            results.Sum(r => r.Deleted), results.Sum(r => r.AlreadyGone), recovered, byReason,
            failures.Concat(results.SelectMany(r => r.Failures)).ToList());
    }

    private long _resolved;

    /// <summary>Instantly-first: the campaigns' listed leads that the warehouse tracks, in batches, due or not.</summary>
    private async Task<Source<DrainBatch, Akka.NotUsed>> InstantlyFirstAsync(List<string> failures, CancellationToken ct)
    {
        var now = services.Time.GetUtcNow();
        var (candidates, listFailures) = await new InstantlyFirstCandidates(services, options).FindAsync(now, ct).ConfigureAwait(false);
        failures.AddRange(listFailures);
        var capped = options.MaxLeadsPerRun > 0 ? candidates.Take(options.MaxLeadsPerRun) : candidates;
        var batches = capped.Chunk(options.BatchSize).Select((chunk, i) => new DrainBatch($"{runId}:{i + 1}", chunk, now)).ToList();
        return Source.From(batches);
    }

    /// <summary>Warehouse-first: page the leads due for a check (priority order) until none is left.</summary>
    private Source<DrainBatch, Akka.NotUsed> WarehouseFirst(CancellationToken ct)
    {
        var attempted = new HashSet<string>(StringComparer.Ordinal);
        var batchNumber = 0;
        var total = 0;
        return Source.UnfoldAsync(true, async more =>
        {
            if (!more) return Option<(bool, DrainBatch)>.None;
            var room = options.MaxLeadsPerRun > 0 ? Math.Min(options.BatchSize, options.MaxLeadsPerRun - total) : options.BatchSize;
            if (room <= 0) return Option<(bool, DrainBatch)>.None;
            var now = services.Time.GetUtcNow();
            // Leads handed out but not yet settled are still due and come back first: ask for that many more.
            var unsettled = (int)Math.Max(0, attempted.Count - Interlocked.Read(ref _resolved));
            var due = await services.Warehouse.LeadsDueForDrainAsync(now, options.MinInterval, room + unsettled, ct).ConfigureAwait(false);
            var fresh = due.Where(c => attempted.Add(c.InstantlyLeadId)).Take(room).ToList();
            if (fresh.Count == 0) return Option<(bool, DrainBatch)>.None;
            total += fresh.Count;
            return Option<(bool, DrainBatch)>.Create((true, new DrainBatch($"{runId}:{++batchNumber}", fresh, now)));
        });
    }
}
