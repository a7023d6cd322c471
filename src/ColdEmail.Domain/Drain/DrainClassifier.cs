using System.Globalization;

namespace ColdEmail.Domain.Drain;

/// <summary>
/// Decides whether a lead leaves Instantly. Where this order differs from the seed's
/// <c>classify_lead_for_drain</c>, and why:
/// <list type="bullet">
/// <item>Terminal statuses come first (-2 unsubscribed, -1 bounced, -3 skipped). The seed checked
///   <c>stale_active</c> before bounces, so a 90-day-old bounced lead was recorded as stale, not suppressed;
///   and it never read the negative codes at all (unsubscribes hinged on a status text that does not exist).
///   A completed lead with a recorded hard bounce is therefore <c>bounced_hard</c> (suppressed), not <c>completed</c>.</item>
/// <item>A hard bounce's 7-day grace runs from the bounce time, not from lead creation (the seed measured
///   <c>days_old</c> from creation, so an old lead bounced today was removed at once).</item>
/// <item>"pause_until" as the auto-reply flag is read as <c>lt_interest_status == 0</c> (Out of Office), a
///   recorded auto-reply event, or a pause-until in the future: an auto-reply is not a reply.</item>
/// <item>A genuine reply on an active or paused lead drains at once (the seed waited for status 3), because
///   a reply stops the sequence and the person must not get the next step; policy can turn this off.</item>
/// </list>
/// </summary>
public static class DrainClassifier
{
    private static readonly int[] HardBounceSmtpCodes = [550, 551, 553];

    public static DrainDecision Classify(LeadSnapshot lead, DrainPolicy policy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(lead);
        ArgumentNullException.ThrowIfNull(policy);

        if (lead.Status == LeadSnapshot.StatusUnsubscribed)
            return Drain(DrainReason.Unsubscribed, "the lead unsubscribed (status -2)");

        var hardBounceCode = lead.BounceSmtpCode is { } code && HardBounceSmtpCodes.Contains(code);
        if (lead.Status == LeadSnapshot.StatusBounced || hardBounceCode)
            return ClassifyBounce(lead, policy, now, hardBounceCode);

        if (lead.Status == LeadSnapshot.StatusSkipped)
            return Drain(DrainReason.Skipped, "Instantly skipped the lead (status -3)");

        var autoReply = AutoReplySignal(lead, policy, now);

        if (lead.Status == LeadSnapshot.StatusCompleted)
        {
            if (lead.EmailReplyCount > 0 && autoReply is not null)
                return new DrainDecision.Keep(
                    $"sequence completed with {lead.EmailReplyCount} reply(ies), but {autoReply}: an auto-reply is not a reply");
            if (lead.EmailReplyCount > 0)
                return Drain(DrainReason.Replied, $"sequence completed with {lead.EmailReplyCount} genuine reply(ies)");
            return Drain(DrainReason.Completed, "sequence completed without a reply");
        }

        if (lead.Status is LeadSnapshot.StatusActive or LeadSnapshot.StatusPaused)
        {
            var label = lead.Status == LeadSnapshot.StatusActive ? "active" : "paused";
            if (lead.EmailReplyCount > 0 && autoReply is null && policy.DrainRepliesImmediately)
                return Drain(DrainReason.Replied, $"{label} lead replied ({lead.EmailReplyCount} genuine reply(ies)): a reply stops the sequence");

            var age = (now - lead.CreatedAt).TotalDays;
            if (lead.Status == LeadSnapshot.StatusActive && age >= policy.StaleDays)
                return Drain(DrainReason.StaleActive,
                    $"active for {Math.Floor(age):0} days (≥ {policy.StaleDays}) since {Day(lead.CreatedAt)}");

            var why = lead.EmailReplyCount > 0 && autoReply is not null
                ? $"{label}; its reply is an auto-reply ({autoReply})"
                : lead.EmailReplyCount > 0
                    ? $"{label} with a reply; replies drain only when the sequence completes (policy)"
                    : lead.Status == LeadSnapshot.StatusActive
                        ? $"active for {Math.Floor(Math.Max(0, age)):0} days (stale at {policy.StaleDays})"
                        : "paused, no reply";
            return new DrainDecision.Keep(why);
        }

        return new DrainDecision.Keep($"status {lead.Status} is not a drain status");
    }

    public static DrainDecision Classify(LeadSnapshot lead, DateTimeOffset now) => Classify(lead, DrainPolicy.Default, now);

    private static DrainDecision ClassifyBounce(LeadSnapshot lead, DrainPolicy policy, DateTimeOffset now, bool hardBounceCode)
    {
        var (since, source) = lead.BouncedAt is { } b ? (b, "bounce") : (lead.CreatedAt, "lead creation (bounce time unknown)");
        var what = hardBounceCode ? $"hard bounce (SMTP {lead.BounceSmtpCode})" : "bounced (status -1)";
        var graceEnds = since.AddDays(policy.BounceGraceDays);
        if (now >= graceEnds)
            return Drain(DrainReason.BouncedHard,
                $"{what}, {Math.Floor((now - since).TotalDays):0} days since {source} on {Day(since)} (grace {policy.BounceGraceDays} days)");
        return new DrainDecision.Keep($"{what}: bounce grace until {Day(graceEnds)}");
    }

    /// <summary>Why a reply is really an auto-reply, or null when nothing says so.</summary>
    private static string? AutoReplySignal(LeadSnapshot lead, DrainPolicy policy, DateTimeOffset now)
    {
        if (!policy.AutoReplyDetection) return null;
        if (lead.LtInterestStatus == LeadSnapshot.InterestOutOfOffice) return "its interest status is Out of Office";
        if (lead.AutoReplyRecorded) return "an auto-reply was recorded";
        if (lead.PauseUntil is { } until && until > now) return $"it is paused until {Day(until)}";
        return null;
    }

    private static DrainDecision.Drain Drain(DrainReason reason, string why) => new(reason, why);

    private static string Day(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
