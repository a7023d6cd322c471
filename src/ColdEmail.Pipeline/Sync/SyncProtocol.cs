using ColdEmail.Pipeline.Protocol;

namespace ColdEmail.Pipeline.Sync;

/// <summary>The campaign actor's messages and its ledger's journal events and snapshot (manifests are stored: never change them).</summary>
public sealed class SyncProtocol : IProtocolRegistration
{
    public void Register(ProtocolRegistry r) => r
        .Add<BatchClaimed>("ledger.claimed")
        .Add<BatchSettled>("ledger.settled")
        .Add<BatchRecorded>("ledger.recorded")
        .Add<LedgerSnapshot>("ledger.snapshot")
        .Add<SyncCampaign>("campaign.sync")
        .Add<CampaignSyncResult>("campaign.sync-result")
        .Add<ApplyCampaignSettings>("campaign.apply-settings")
        .Add<PersistLedgerEvent>("campaign.persist")
        .Add<LedgerAck>("campaign.ledger-ack")
        .Add<GetLedgerStatus>("campaign.get-ledger")
        .Add<LedgerStatus>("campaign.ledger")
        .Add<AbandonBatch>("campaign.abandon")
        .Add<BatchAbandoned>("campaign.abandoned")
        .Add<StartSyncRun>("sync.start-run")
        .Add<SyncRunResults>("sync.run-results")
        .Add<StopSyncRun>("sync.stop-run")
        .Add<CampaignHandOff>("campaign.hand-off");
}
