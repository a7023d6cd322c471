namespace ColdEmail.Domain.Drain;

public enum DrainReason
{
    Replied,
    Completed,
    StaleActive,
    BouncedHard,
    Unsubscribed,
    Skipped,
}

public static class DrainReasons
{
    /// <summary>The wire and warehouse name: <c>replied</c>, <c>completed</c>, <c>stale_active</c>, …</summary>
    public static string Code(this DrainReason reason) => reason switch
    {
        DrainReason.Replied => "replied",
        DrainReason.Completed => "completed",
        DrainReason.StaleActive => "stale_active",
        DrainReason.BouncedHard => "bounced_hard",
        DrainReason.Unsubscribed => "unsubscribed",
        DrainReason.Skipped => "skipped",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "unknown drain reason"),
    };

    public static DrainReason Parse(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        var wanted = code.Trim().ToLowerInvariant();
        foreach (var reason in Enum.GetValues<DrainReason>())
            if (reason.Code() == wanted) return reason;
        throw new FormatException(
            $"'{code}' is not a drain reason (replied, completed, stale_active, bounced_hard, unsubscribed, skipped)");
    }

    /// <summary>The <c>ops_lead_history.outcome</c>: success, bounce, unsubscribe or manual_stop.</summary>
    public static string HistoryOutcome(this DrainReason reason) => reason switch
    {
        DrainReason.Replied or DrainReason.Completed => "success",
        DrainReason.BouncedHard => "bounce",
        DrainReason.Unsubscribed => "unsubscribe",
        DrainReason.StaleActive or DrainReason.Skipped => "manual_stop",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "unknown drain reason"),
    };
}
