namespace ColdEmail.Domain.Drain;

/// <summary>
/// The drain's thresholds. <see cref="AutoReplyDetection"/> off means every reply counts as genuine
/// (the seed's flag). <see cref="DrainRepliesImmediately"/> off lets an active or paused lead with a
/// genuine reply run on until Instantly completes it.
/// </summary>
public sealed record DrainPolicy(
    int StaleDays = 90,
    int BounceGraceDays = 7,
    bool AutoReplyDetection = true,
    bool DrainRepliesImmediately = true)
{
    public static readonly DrainPolicy Default = new();
}
