using ColdEmail.Domain.Drain;

namespace ColdEmail.Pipeline.Webhooks;

/// <summary>
/// How the webhook inbox applies events: the contact-safety rules (<see cref="Policy"/>, the drain's), whether a
/// genuine reply also suppresses the replier's business domain, how long keys are remembered for dedupe, and how
/// soon a failed warehouse write is tried again.
/// </summary>
public sealed record WebhookOptions(DrainPolicy Policy, bool DomainOnReply, TimeSpan DedupeRetention)
{
    public static readonly WebhookOptions Default = new(DrainPolicy.Default, false, TimeSpan.FromDays(30));

    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(30);
    public int ApplyBatch { get; init; } = 500;
    public int SnapshotEvery { get; init; } = 200;
    /// <summary>How long the drain's journal may take to take bounce times; beyond it the batch is applied again after <see cref="RetryDelay"/>.</summary>
    public TimeSpan DrainAskTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
