using ColdEmail.Domain.Drain;

namespace ColdEmail.Pipeline.Settings;

/// <summary>The drain's domain policy from the settings; one place, so the daemon and <c>plan</c> classify alike.</summary>
public static class DrainPolicyMapping
{
    public static DrainPolicy From(ColdEmailSettings s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return DrainPolicy.Default with
        {
            StaleDays = s.Limits.StaleLeadDays,
            BounceGraceDays = s.Limits.BounceGraceDays,
            AutoReplyDetection = s.FeatureFlags.AutoReplyDetection,
            ReplyLabelGrace = s.Drain.ReplyLabelGrace,
            AutoReplyHold = s.Drain.AutoReplyHold,
            Suppression = new SuppressionPolicy(s.Suppression.Reasons),
        };
    }
}
