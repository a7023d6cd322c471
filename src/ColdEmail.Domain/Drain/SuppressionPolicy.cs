namespace ColdEmail.Domain.Drain;

/// <summary>
/// Which facts put a person on the permanent suppression list (reason codes: <c>unsubscribed</c>,
/// <c>bounced_hard</c>, <c>replied</c> and the interest labels of <see cref="InterestLabels"/>).
/// The defaults are the contract's: unsubscribes, hard bounces, genuine replies and every label except
/// Lost and No show (those get the cooldown: the conversation happened and may be resumed later).
/// </summary>
public sealed record SuppressionPolicy(IReadOnlySet<string> Reasons)
{
    public const string Unsubscribed = "unsubscribed";
    public const string BouncedHard = "bounced_hard";
    public const string Replied = "replied";

    /// <summary>Every reason a setting may name.</summary>
    public static readonly IReadOnlyList<string> Known =
    [
        Unsubscribed, BouncedHard, Replied, "not_interested", "wrong_person", "interested", "meeting_booked",
        "meeting_completed", "won", "lost", "no_show", InterestLabels.CustomLabel,
    ];

    public static readonly SuppressionPolicy Default = new(new HashSet<string>(StringComparer.Ordinal)
    {
        Unsubscribed, BouncedHard, Replied, "not_interested", "wrong_person", "interested", "meeting_booked",
        "meeting_completed", "won", InterestLabels.CustomLabel,
    });

    public bool Suppresses(string reason) => Reasons.Contains(reason);

    /// <summary>The reason when the policy suppresses it, else null.</summary>
    public string? IfSuppressed(string? reason) => reason is not null && Suppresses(reason) ? reason : null;
}
