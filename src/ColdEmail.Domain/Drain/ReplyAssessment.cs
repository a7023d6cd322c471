namespace ColdEmail.Domain.Drain;

public enum ReplyKind
{
    /// <summary>No reply and no label.</summary>
    None,
    /// <summary>The only replies are auto-replies (out of office): not a reply.</summary>
    AutoReply,
    /// <summary>A reply Instantly has not labelled yet, inside the reply-label grace: re-check later.</summary>
    AwaitingLabel,
    /// <summary>A person answered (or a label says so): <see cref="ReplyAssessment.Reason"/> is the suppression reason.</summary>
    Genuine,
}

/// <summary>What the lead's replies and label mean; <see cref="Until"/> is when an awaited label stops mattering.</summary>
public sealed record ReplyAssessment(ReplyKind Kind, string? Reason, DateTimeOffset? Until, string Explanation)
{
    /// <summary>
    /// A reply is genuine when Instantly has labelled the lead with anything but Out of Office (a label is
    /// someone's reading of the thread, so it counts even without a reply count), or when the reply-label grace
    /// after <c>timestamp_last_reply</c> passed without the out-of-office label: Instantly labels auto-replies
    /// shortly after they arrive, so an early unlabelled reply may still turn out to be one. A reply whose time
    /// is unknown cannot be waited for, and the safe side is to believe it.
    /// </summary>
    public static ReplyAssessment Of(LeadSnapshot lead, DrainPolicy policy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(lead);
        ArgumentNullException.ThrowIfNull(policy);
        if (lead.LtInterestStatus is { } label && label != InterestLabels.OutOfOffice)
        {
            var code = InterestLabels.Code(label);
            return new(ReplyKind.Genuine, code, null, $"labelled {code} (lt_interest_status {label})");
        }
        if (lead.EmailReplyCount <= 0) return new(ReplyKind.None, null, null, "no reply");
        if (!policy.AutoReplyDetection)
            return new(ReplyKind.Genuine, SuppressionPolicy.Replied, null, $"{lead.EmailReplyCount} reply(ies) (auto-reply detection off)");
        if (lead.LtInterestStatus == InterestLabels.OutOfOffice)
            return new(ReplyKind.AutoReply, null, null, "its reply is labelled Out of Office");
        if (lead.AutoReplyRecorded) return new(ReplyKind.AutoReply, null, null, "an auto-reply was recorded");
        if (lead.TimestampLastReply is { } at && now < at + policy.ReplyLabelGrace)
        {
            var until = at + policy.ReplyLabelGrace;
            return new(ReplyKind.AwaitingLabel, null, until,
                $"replied at {Days.Stamp(at)}, not labelled yet; counts as genuine from {Days.Stamp(until)} unless labelled Out of Office");
        }
        return new(ReplyKind.Genuine, SuppressionPolicy.Replied, null,
            lead.TimestampLastReply is { } t
                ? $"{lead.EmailReplyCount} reply(ies), last at {Days.Stamp(t)}, not labelled Out of Office"
                : $"{lead.EmailReplyCount} reply(ies) of unknown time");
    }
}
