namespace ColdEmail.Domain.Drain;

/// <summary>
/// What the drain knows about one lead in Instantly: the real API's fields (status codes 1 Active,
/// 2 Paused, 3 Completed, -1 Bounced, -2 Unsubscribed, -3 Skipped; <c>lt_interest_status</c> see
/// <see cref="InterestLabels"/>; <c>timestamp_last_reply</c>, <c>timestamp_last_contact</c>) plus what we
/// recorded ourselves: a bounce event's time and SMTP code, an auto-reply event, and the first time the
/// drain saw the lead bounced (<see cref="BounceFirstSeen"/>), because Instantly's lead has no bounce time.
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
    DateTimeOffset? TimestampLastReply = null,
    DateTimeOffset? TimestampLastContact = null,
    DateTimeOffset? BounceFirstSeen = null,
    string? ListId = null,
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
    public const int InterestOutOfOffice = InterestLabels.OutOfOffice;
}
