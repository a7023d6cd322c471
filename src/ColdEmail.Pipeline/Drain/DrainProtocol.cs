using ColdEmail.Pipeline.Protocol;
using ColdEmail.Pipeline.Runs;

namespace ColdEmail.Pipeline.Drain;

/// <summary>The drain's messages and its journal events and snapshot (manifests are stored: never change them).</summary>
public sealed class DrainProtocol : IProtocolRegistration
{
    public void Register(ProtocolRegistry r) => r
        .Add<DrainDecided>("drain.decided")
        .Add<DrainConfirmed>("drain.confirmed")
        .Add<DrainRecorded>("drain.recorded")
        .Add<BouncesFirstSeen>("drain.bounces-first-seen")
        .Add<DrainJournalSnapshot>("drain.snapshot")
        .Add<DrainOnce>("drain.once")
        .Add<StartDrainRun>("drain.start-run")
        .Add<StopDrainRun>("drain.stop-run")
        .Add<DrainRunSummary>("drain.run-summary")
        .Add<DrainBatch>("drain.batch")
        .Add<DrainBatchResult>("drain.batch-result")
        .Add<PersistDrainEvent>("drain.persist")
        .Add<DrainAck>("drain.ack")
        .Add<ApplyDrainSettings>("drain.apply-settings")
        .Add<GetDrainJournalStatus>("drain.get-journal")
        .Add<DrainJournalStatus>("drain.journal")
        .Add<ObserveBounces>("drain.observe-bounces")
        .Add<BounceSightings>("drain.bounce-sightings")
        .Add<BouncesReported>("drain.bounces-reported") // journal: never change it once written
        .Add<RecordBounceReports>("drain.record-bounce-reports")
        .Add<BounceReportsRecorded>("drain.bounce-reports-recorded");
}
