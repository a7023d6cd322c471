using Akka.Actor;
using ColdEmail.Instantly;
using ColdEmail.Pipeline.Observability;
using ColdEmail.Warehouse;

namespace ColdEmail.Pipeline.Drain;

/// <summary>
/// Checks one batch at a time for the coordinator; its decisions go to the coordinator's journal. A routee of its component's
/// pool (the coordinator on one node, the node's <see cref="DrainWorkerPool"/> in a cluster), built over that component's services.
/// </summary>
public sealed class DrainWorker : ReceiveActor
{
    private readonly CancellationTokenSource _stop = new();

    public DrainWorker(DrainOptions options, IActorRef journal, IInstantlyApi instantly, ILeadWarehouse warehouse, TimeProvider time, ColdEmailMetrics? metrics)
    {
        var processor = new DrainBatchProcessor(new PipelineServices(instantly, warehouse, time) { Metrics = metrics }, options, journal);
        ReceiveAsync<DrainBatch>(async batch =>
        {
            var replyTo = Sender;
            try
            {
                replyTo.Tell(await processor.ProcessAsync(batch, _stop.Token).ConfigureAwait(false));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The batch's leads stay due (nothing was stamped), so the next run checks them again.
                replyTo.Tell(DrainBatchResult.Empty(batch.BatchId) with { Failures = [$"batch {batch.BatchId} failed: {e.GetType().Name}: {e.Message}"] });
            }
        });
    }

    public static Props Props(DrainOptions options, IActorRef journal, IInstantlyApi instantly, ILeadWarehouse warehouse, TimeProvider time, ColdEmailMetrics? metrics) =>
        Akka.Actor.Props.Create(() => new DrainWorker(options, journal, instantly, warehouse, time, metrics));

    protected override void PostStop()
    {
        _stop.Cancel();
        _stop.Dispose();
    }
}
