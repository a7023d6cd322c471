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

        await FanOutAsync(options.WarehouseFirst ? WarehouseFirst(ct, dry: false) : await InstantlyFirstAsync(failures, dry: false, ct).ConfigureAwait(false),
            results).ConfigureAwait(false);

        var byReason = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (reason, n) in results.SelectMany(r => r.ByReason)) byReason[reason] = byReason.GetValueOrDefault(reason) + n;
        return new DrainRunSummary(runId, started, services.Time.GetUtcNow(),
            results.Sum(r => r.Checked), results.Sum(r => r.Kept), byReason.Values.Sum(),
            results.Sum(r => r.Deleted), results.Sum(r => r.AlreadyGone), recovered, byReason,
            failures.Concat(results.SelectMany(r => r.Failures)).ToList());
    }

    /// <summary>
    /// The dry run behind `plan`: the same candidates (warehouse-first or Instantly-first), batches and workers, each batch
    /// dry (<see cref="DrainBatch.Dry"/>): it decides and answers, and nothing is retried, journalled, written or deleted.
    /// Decisions left open by an earlier run are completed by a real run before it checks; a dry run does not read the journal.
    /// </summary>
    public async Task<(DrainRunSummary Summary, DrainPlan Plan)> PlanAsync(CancellationToken ct)
    {
        var started = services.Time.GetUtcNow();
        var results = new List<DrainBatchResult>();
        var failures = new List<string>();
        await FanOutAsync(options.WarehouseFirst ? WarehouseFirst(ct, dry: true) : await InstantlyFirstAsync(failures, dry: true, ct).ConfigureAwait(false),
            results).ConfigureAwait(false);
        var plan = results.Where(r => r.Plan is not null).Aggregate(DrainPlan.Empty, (all, r) => all.Add(r.Plan!));
        var byReason = plan.Decided.GroupBy(e => e.Reason, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var summary = new DrainRunSummary(runId, started, services.Time.GetUtcNow(), results.Sum(r => r.Checked), plan.Kept.Count,
            plan.Decided.Count, 0, 0, 0, byReason, failures.Concat(results.SelectMany(r => r.Failures)).ToList());
        return (summary, plan);
    }

    /// <summary>At most one batch per worker at a time; every answer is kept.</summary>
    private Task FanOutAsync(Source<DrainBatch, Akka.NotUsed> source, List<DrainBatchResult> results) =>
        source
            .SelectAsync(options.Workers, batch => workers.Ask<DrainBatchResult>(batch, options.BatchTimeout))
            .RunForeach(r =>
            {
                // Only a real batch settles its leads in the warehouse (kept ones stamped, drained ones recorded).
                if (r.Plan is null) Interlocked.Add(ref _resolved, r.Kept + r.Deleted + r.AlreadyGone);
                lock (results) results.Add(r);
            }, materializer);

    private long _resolved;

    /// <summary>Instantly-first: the campaigns' listed leads that the warehouse tracks, in batches, due or not.</summary>
    private async Task<Source<DrainBatch, Akka.NotUsed>> InstantlyFirstAsync(List<string> failures, bool dry, CancellationToken ct)
    {
        var now = services.Time.GetUtcNow();
        var (candidates, listFailures) = await new InstantlyFirstCandidates(services, options).FindAsync(now, ct).ConfigureAwait(false);
        failures.AddRange(listFailures);
        var capped = options.MaxLeadsPerRun > 0 ? candidates.Take(options.MaxLeadsPerRun) : candidates;
        var batches = capped.Chunk(options.BatchSize).Select((chunk, i) => new DrainBatch($"{runId}:{i + 1}", chunk, now, dry)).ToList();
        return Source.From(batches);
    }

    /// <summary>Warehouse-first: page the leads due for a check (priority order) until none is left.</summary>
    private Source<DrainBatch, Akka.NotUsed> WarehouseFirst(CancellationToken ct, bool dry)
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
            return Option<(bool, DrainBatch)>.Create((true, new DrainBatch($"{runId}:{++batchNumber}", fresh, now, dry)));
        });
    }
}
