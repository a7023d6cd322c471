namespace ColdEmail.Domain.Drain;

/// <summary>
/// What the drain knows about one lead in Instantly: the real API's fields (status codes 1 Active,
/// 2 Paused, 3 Completed, -1 Bounced, -2 Unsubscribed, -3 Skipped; <c>lt_interest_status</c> 0 = Out of
/// Office) plus what we recorded ourselves from events (an auto-reply, a bounce's SMTP code and time).
/// </summary>
public sealed record LeadSnapshot(
    string Id,
    string Email,
    string? CampaignId,
    int Status,
    int EmailReplyCount,
    int? LtInterestStatus,
    DateTimeOffset CreatedAt,
    DateTimeOffset? BouncedAt = null,
    int? BounceSmtpCode = null,
    bool AutoReplyRecorded = false,
    DateTimeOffset? PauseUntil = null,
    int EmailOpenCount = 0,
    int EmailClickCount = 0,
    int EmailsSent = 0)
{
    public const int StatusActive = 1;
    public const int StatusPaused = 2;
    public const int StatusCompleted = 3;
    public const int StatusBounced = -1;
    public const int StatusUnsubscribed = -2;
    public const int StatusSkipped = -3;
    public const int InterestOutOfOffice = 0;
}
