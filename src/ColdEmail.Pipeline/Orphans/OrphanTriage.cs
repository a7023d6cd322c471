using ColdEmail.Domain.Orphans;
using ColdEmail.Instantly;
using ColdEmail.Warehouse;

namespace ColdEmail.Pipeline.Orphans;

/// <summary>
/// Decides per Instantly lead, with the domain's <see cref="OrphanClassifier"/> for the orphan kinds and
/// the warehouse's tracking for the rest. The list API does not return the step count, so a lead counts
/// as "no step sent" while it has no last-contact time; its activity is its last contact or reply.
/// </summary>
public static class OrphanTriage
{
    /// <param name="workspaceCampaigns">Every campaign Instantly lists: a lead in one of them that is not ours belongs to someone.</param>
    /// <param name="deleteInOtherCampaigns">Delete leads of existing campaigns we do not configure too (off: they go to review).</param>
    public static OrphanFinding? Decide(InstantlyLead lead, TrackedLeads tracked, IReadOnlySet<string> knownCampaigns,
        IReadOnlySet<string> workspaceCampaigns, bool deleteInOtherCampaigns, OrphanPolicy policy, DateTimeOffset now)
    {
        var email = lead.Email?.Trim().ToLowerInvariant();
        var candidate = new OrphanCandidate(lead.Id, email ?? "", lead.CampaignId, lead.Status,
            lead.TimestampLastContact is null ? 0 : 1, lead.TimestampLastContact ?? lead.TimestampLastReply, lead.TimestampCreated);
        var decision = OrphanClassifier.Classify(candidate, knownCampaigns, policy, now);

        if (decision.IsOrphan)
        {
            var kind = decision.KindCode!;
            return decision.Action switch
            {
                RecoveryAction.Delete when !deleteInOtherCampaigns && workspaceCampaigns.Contains(lead.CampaignId!) =>
                    Finding(lead, email, "unconfigured_campaign", OrphanAction.ManualReview, decision.DaysOrphaned,
                        $"campaign {lead.CampaignId} exists in the workspace but is not configured here: its leads may be another team's, so nothing is deleted; review"),
                RecoveryAction.Delete => Finding(lead, email, kind, OrphanAction.Delete, decision.DaysOrphaned, decision.Reason),
                RecoveryAction.Reassign when email is not null && tracked.ByEmail(email).Any() =>
                    Finding(lead, email, kind, OrphanAction.Release, decision.DaysOrphaned,
                        $"{decision.Reason}; the warehouse knows {email}: the campaign-less copy is deleted and the lead returns to routing"),
                RecoveryAction.Reassign => Finding(lead, email, kind, OrphanAction.ManualReview, decision.DaysOrphaned,
                    $"{decision.Reason}; but the warehouse does not know this lead (a list lead or added by hand?): review before anything is deleted"),
                _ => Finding(lead, email, kind, OrphanAction.ManualReview, decision.DaysOrphaned, decision.Reason),
            };
        }

        // In one of our campaigns and moving: only a lead the warehouse does not track needs anything.
        if (lead.CampaignId is null || tracked.Tracks(lead.Id, email, lead.CampaignId)) return null;
        if (email is null)
            return Finding(lead, null, "untracked", OrphanAction.ManualReview, 0, "in one of our campaigns but has no email to track it by");
        return Finding(lead, email, "untracked", OrphanAction.Adopt, 0,
            $"in campaign {lead.CampaignId} (status {lead.Status}) but not tracked by the warehouse: adopted as active, never re-added");
    }

    private static OrphanFinding Finding(InstantlyLead lead, string? email, string kind, OrphanAction action, int days, string reason) =>
        new(lead.Id, email, lead.CampaignId, kind, action, days, lead.Status, reason);
}
