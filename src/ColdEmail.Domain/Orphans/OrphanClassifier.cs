namespace ColdEmail.Domain.Orphans;

/// <summary>
/// Finds leads stuck in limbo. No campaign → reassign (routing puts it in the right one). A campaign
/// that is not ours or no longer exists → delete (its sequence will never run). Both are only what the
/// lead's situation suggests: whether it is ours at all (lead lists, other teams' campaigns, leads our
/// sync skipped are not) and what its outcome is (the drain's classifier) is decided by the caller before
/// anything is removed. Ours but active with no step sent and no activity for
/// <see cref="OrphanPolicy.StuckDays"/> → manual review, because something in Instantly (schedule,
/// sending accounts) is wrong and deleting would hide it. After too many recovery attempts every kind
/// goes to manual review.
/// </summary>
public static class OrphanClassifier
{
    public static OrphanDecision Classify(
        OrphanCandidate lead,
        IReadOnlySet<string> knownCampaignIds,
        OrphanPolicy policy,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(lead);
        ArgumentNullException.ThrowIfNull(knownCampaignIds);
        ArgumentNullException.ThrowIfNull(policy);

        var lastSeen = lead.LastActivityAt ?? lead.CreatedAt;
        var days = Math.Max(0, (int)Math.Floor((now - lastSeen).TotalDays));

        if (string.IsNullOrWhiteSpace(lead.CampaignId))
            return Decide(OrphanKind.NoCampaign, RecoveryAction.Reassign, days, lead, policy,
                "the lead belongs to no campaign: reassign it by revenue");

        if (!knownCampaignIds.Contains(lead.CampaignId))
            return Decide(OrphanKind.DeletedCampaign, RecoveryAction.Delete, days, lead, policy,
                $"campaign {lead.CampaignId} is not among ours or no longer exists: delete the lead");

        if (lead.Status == 1 && lead.StepsSent == 0 && days >= policy.StuckDays)
            return Decide(OrphanKind.StuckStatus, RecoveryAction.ManualReview, days, lead, policy,
                $"active with no step sent and no activity for {days} days (≥ {policy.StuckDays}): review the campaign");

        return new OrphanDecision(null, null, 0, lead.Status == 1 && lead.StepsSent == 0
            ? $"active with no step sent for {days} days (stuck at {policy.StuckDays}): not an orphan yet"
            : "in a known campaign and moving: not an orphan");
    }

    private static OrphanDecision Decide(OrphanKind kind, RecoveryAction action, int days, OrphanCandidate lead, OrphanPolicy policy, string reason)
    {
        if (lead.RecoveryAttempts >= policy.MaxRecoveryAttempts && action != RecoveryAction.ManualReview)
            return new OrphanDecision(kind, RecoveryAction.ManualReview, days,
                $"{reason}; but {lead.RecoveryAttempts} recovery attempts already failed (limit {policy.MaxRecoveryAttempts}): manual review");
        return new OrphanDecision(kind, action, days, reason);
    }
}
