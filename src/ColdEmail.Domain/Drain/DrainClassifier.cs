namespace ColdEmail.Domain.Drain;

/// <summary>
/// The drain's pure decider. It answers two questions separately (see <see cref="DrainDecision"/>):
/// <list type="bullet">
/// <item><b>Suppress now?</b> At first sight of an unsubscribe, a hard bounce past its grace, a genuine reply
///   (<see cref="ReplyAssessment"/>) or an interest label, whether or not the lead stays in its campaign, so no
///   campaign enrols the person again. Which reasons suppress is <see cref="SuppressionPolicy"/>; Lost and No
///   show do not by default (cooldown). The most definite fact wins: unsubscribe, then bounce, then the reply.</item>
/// <item><b>Delete now?</b> Only when the sequence is over: unsubscribed, bounced (after grace), skipped,
///   completed (status 3), or the stale rule. An active or paused lead with a reply stays in its campaign, where
///   the sales team follows up.</item>
/// </list>
/// Where this differs from the seed's <c>classify_lead_for_drain</c>: terminal statuses come first (the seed
/// recorded an old bounced lead as stale, not suppressed); the bounce grace runs from the bounce
/// (<see cref="BounceClock"/>), not from lead creation; a completed lead whose only reply is an auto-reply is
/// kept for a bounded hold instead of forever.
/// </summary>
public static class DrainClassifier
{
    private static readonly int[] HardBounceSmtpCodes = [550, 551, 553];

    public static DrainDecision Classify(LeadSnapshot lead, DrainPolicy policy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(lead);
        ArgumentNullException.ThrowIfNull(policy);
        var reply = ReplyAssessment.Of(lead, policy, now);
        var replySuppression = reply.Kind == ReplyKind.Genuine ? policy.Suppression.IfSuppressed(reply.Reason) : null;

        if (lead.Status == LeadSnapshot.StatusUnsubscribed)
            return new DrainDecision.Drain(DrainReason.Unsubscribed, "the lead unsubscribed (status -2)",
                policy.Suppression.IfSuppressed(SuppressionPolicy.Unsubscribed) ?? replySuppression);

        var hardBounceCode = lead.BounceSmtpCode is { } code && HardBounceSmtpCodes.Contains(code);
        if (lead.Status == LeadSnapshot.StatusBounced || hardBounceCode)
            return ClassifyBounce(lead, policy, now, hardBounceCode, replySuppression);

        if (lead.Status == LeadSnapshot.StatusSkipped)
            return new DrainDecision.Drain(DrainReason.Skipped, "Instantly skipped the lead (status -3)", replySuppression);

        if (lead.Status == LeadSnapshot.StatusCompleted) return ClassifyCompleted(lead, policy, now, reply, replySuppression);

        if (lead.Status is LeadSnapshot.StatusActive or LeadSnapshot.StatusPaused)
        {
            var label = lead.Status == LeadSnapshot.StatusActive ? "active" : "paused";
            var age = (now - lead.CreatedAt).TotalDays;
            if (lead.Status == LeadSnapshot.StatusActive && age >= policy.StaleDays)
                return new DrainDecision.Drain(DrainReason.StaleActive,
                    $"active for {Days.Whole(age)} days (≥ {policy.StaleDays}) since {Days.Day(lead.CreatedAt)}", replySuppression);
            var why = reply.Kind switch
            {
                ReplyKind.Genuine => $"{label}, {reply.Explanation}: stays in its campaign until the sequence is over",
                ReplyKind.AwaitingLabel or ReplyKind.AutoReply => $"{label}; {reply.Explanation}",
                _ => lead.Status == LeadSnapshot.StatusActive
                    ? $"active for {Days.Whole(age)} days (stale at {policy.StaleDays})"
                    : "paused, no reply",
            };
            return new DrainDecision.Keep(why, replySuppression);
        }

        return new DrainDecision.Keep($"status {lead.Status} is not a drain status", replySuppression);
    }

    public static DrainDecision Classify(LeadSnapshot lead, DateTimeOffset now) => Classify(lead, DrainPolicy.Default, now);

    private static DrainDecision ClassifyCompleted(LeadSnapshot lead, DrainPolicy policy, DateTimeOffset now, ReplyAssessment reply,
        string? replySuppression)
    {
        switch (reply.Kind)
        {
            case ReplyKind.Genuine:
                return new DrainDecision.Drain(DrainReason.Replied, $"sequence completed; {reply.Explanation}", replySuppression);
            case ReplyKind.AwaitingLabel:
                return new DrainDecision.Keep($"sequence completed; {reply.Explanation}");
            case ReplyKind.AutoReply:
                // Kept as the seed says (the person may be back soon), but not for ever: held leads count as inventory.
                var from = lead.TimestampLastReply ?? lead.TimestampLastContact ?? lead.CreatedAt;
                var until = from + policy.AutoReplyHold;
                return now < until
                    ? new DrainDecision.Keep($"sequence completed, but {reply.Explanation}: an auto-reply is not a reply; held until {Days.Day(until)}")
                    : new DrainDecision.Drain(DrainReason.Completed,
                        $"sequence completed; its only reply was an auto-reply ({reply.Explanation}) and the hold ended {Days.Day(until)}");
            default:
                return new DrainDecision.Drain(DrainReason.Completed, "sequence completed without a reply");
        }
    }

    private static DrainDecision ClassifyBounce(LeadSnapshot lead, DrainPolicy policy, DateTimeOffset now, bool hardBounceCode,
        string? replySuppression)
    {
        var (since, source) = BounceClock.Start(lead, now);
        var what = hardBounceCode ? $"hard bounce (SMTP {lead.BounceSmtpCode})" : "bounced (status -1)";
        var graceEnds = since.AddDays(policy.BounceGraceDays);
        if (now >= graceEnds)
            return new DrainDecision.Drain(DrainReason.BouncedHard,
                $"{what}, {Days.Whole((now - since).TotalDays)} days since {source} on {Days.Day(since)} (grace {policy.BounceGraceDays} days)",
                policy.Suppression.IfSuppressed(SuppressionPolicy.BouncedHard) ?? replySuppression);
        return new DrainDecision.Keep($"{what}: bounce grace from {source} until {Days.Day(graceEnds)}", replySuppression);
    }
}
