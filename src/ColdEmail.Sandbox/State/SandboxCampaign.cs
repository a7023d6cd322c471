namespace ColdEmail.Sandbox.State;

/// <summary>A campaign and its leads in id order (append-only; deleted leads are tombstones until compaction).</summary>
internal sealed class SandboxCampaign
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public int Status { get; set; } = 1;
    public required int DailyLimit { get; set; }
    public required int SequenceLength { get; set; }
    public required int StepDelayDays { get; set; }
    public required DateTimeOffset TimestampCreated { get; init; }
    public OrderedLeads Leads { get; } = new();
    /// <summary>Active leads by the day their next step is due, then id.</summary>
    public PriorityQueue<SandboxLead, (long Day, UInt128 Key)> Due { get; } = new();
}
