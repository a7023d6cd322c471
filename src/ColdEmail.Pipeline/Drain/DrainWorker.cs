using Akka.Actor;

namespace ColdEmail.Pipeline.Drain;

/// <summary>Checks one batch at a time for the coordinator; its decisions go to the coordinator's journal.</summary>
public sealed class DrainWorker : ReceiveActor
{
    private readonly CancellationTokenSource _stop = new();

    public DrainWorker(PipelineServices services, DrainOptions options, IActorRef journal)
    {
        var processor = new DrainBatchProcessor(services, options, journal);
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

    public static Props Props(PipelineServices services, DrainOptions options, IActorRef journal) =>
        Akka.Actor.Props.Create(() => new DrainWorker(services, options, journal));

    protected override void PostStop()
    {
        _stop.Cancel();
        _stop.Dispose();
    }
}
