using ColdEmail.Domain.Drain;

namespace ColdEmail.Pipeline.Settings;

/// <summary>
/// coldemail.suppression: which facts suppress a person for ever (<see cref="Reasons"/>), which suppressed
/// people are also pushed to Instantly's workspace block list (<see cref="BlockListReasons"/>), and whether a
/// genuine reply suppresses the replier's whole business domain (<see cref="DomainOnReply"/>).
/// </summary>
public sealed record SuppressionSettings(IReadOnlySet<string> Reasons, IReadOnlySet<string> BlockListReasons, bool DomainOnReply)
{
    public static readonly SuppressionSettings Default = new(
        SuppressionPolicy.Default.Reasons,
        new HashSet<string>(StringComparer.Ordinal) { SuppressionPolicy.Unsubscribed, SuppressionPolicy.BouncedHard },
        false);

    internal static SuppressionSettings Bind(HoconReader r)
    {
        const string p = "coldemail.suppression.";
        return new SuppressionSettings(
            ReasonSet(r, p + "reasons"),
            ReasonSet(r, p + "block-list.reasons"),
            r.Bool(p + "domain-on-reply"));
    }

    private static HashSet<string> ReasonSet(HoconReader r, string key)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var raw in r.StringList(key))
        {
            var reason = raw.Trim().ToLowerInvariant();
            if (SuppressionPolicy.Known.Contains(reason)) set.Add(reason);
            else r.Fail(key, $"'{raw}' is not a suppression reason (expected one of {string.Join(", ", SuppressionPolicy.Known)})");
        }
        return set;
    }
}

/// <summary>
/// coldemail.drain: how long an unlabelled reply waits for Instantly's out-of-office label before it counts as
/// genuine (<see cref="ReplyLabelGrace"/>), and how long a completed lead whose only reply is an auto-reply is
/// kept (<see cref="AutoReplyHold"/>).
/// </summary>
public sealed record DrainRuleSettings(TimeSpan ReplyLabelGrace, TimeSpan AutoReplyHold)
{
    public static readonly DrainRuleSettings Default = new(TimeSpan.FromHours(24), TimeSpan.FromDays(14));

    internal static DrainRuleSettings Bind(HoconReader r)
    {
        const string p = "coldemail.drain.";
        return new DrainRuleSettings(
            r.Duration(p + "reply-label-grace", TimeSpan.Zero, TimeSpan.FromDays(30)),
            r.Duration(p + "auto-reply-hold", TimeSpan.Zero, TimeSpan.FromDays(365)));
    }
}
