namespace ColdEmail.Domain.Drain;

/// <summary>
/// The drain's thresholds. <see cref="AutoReplyDetection"/> off means every reply counts as genuine at once
/// (the seed's flag). <see cref="ReplyLabelGrace"/>: how long after <c>timestamp_last_reply</c> an
/// unlabelled reply waits for Instantly's out-of-office label before it counts as genuine.
/// <see cref="AutoReplyHold"/>: how long a completed lead whose only reply is an auto-reply is kept.
/// </summary>
public sealed record DrainPolicy(
    int StaleDays = 90,
    int BounceGraceDays = 7,
    bool AutoReplyDetection = true)
{
    public static readonly DrainPolicy Default = new();

    public TimeSpan ReplyLabelGrace { get; init; } = TimeSpan.FromHours(24);
    public TimeSpan AutoReplyHold { get; init; } = TimeSpan.FromDays(14);
    public SuppressionPolicy Suppression { get; init; } = SuppressionPolicy.Default;
}
