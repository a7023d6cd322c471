using ColdEmail.Domain.Drain;
using ColdEmail.Domain.Orphans;
using ColdEmail.Instantly;
using ColdEmail.Pipeline.Drain;
using ColdEmail.Warehouse;
using ColdEmail.Domain.Leads;

namespace ColdEmail.Pipeline.Orphans;

/// <summary>
/// Decides per Instantly lead, with the domain's <see cref="OrphanClassifier"/> for the orphan kinds and
/// the warehouse's tracking for ownership. The workspace is shared, so a lead is only ever removed when it
/// is provably ours: never a lead in a lead list, never one in a campaign that exists and is not configured
/// here, never one our own sync recorded as skipped (it was someone else's lead, already in the workspace).
/// A lead we would remove is first classified by the drain (<see cref="DrainClassifier"/>), so its outcome
/// (an unsubscribe, a reply, a bounce) is recorded and never lost with the delete.
/// The list API does not return the step count, so a lead counts as "no step sent" while it has no
/// last-contact time; its activity is its last contact or reply.
/// </summary>
public static class OrphanTriage
{
    private const string Skipped = "skipped";
    private const string Completed = "completed";

    /// <param name="workspaceCampaigns">Every campaign Instantly lists: a lead in one of them that is not ours belongs to someone.</param>
    public static OrphanFinding? Decide(InstantlyLead lead, TrackedLeads tracked, IReadOnlySet<string> knownCampaigns,
        IReadOnlySet<string> workspaceCampaigns, OrphanOptions options, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(lead);
        ArgumentNullException.ThrowIfNull(tracked);
        ArgumentNullException.ThrowIfNull(options);
        var email = lead.Email is null ? null : EmailIdentity.Key(lead.Email);

        // Not ours, whatever else is true of it: someone's lead list, or a lead our sync found already there and skipped.
        if (lead.ListId is not null || SkippedByUs(lead, email, tracked)) return null;

        var candidate = new OrphanCandidate(lead.Id, email ?? "", lead.CampaignId, lead.Status,
            lead.TimestampLastContact is null ? 0 : 1, lead.TimestampLastContact ?? lead.TimestampLastReply, lead.TimestampCreated);
        var decision = OrphanClassifier.Classify(candidate, knownCampaigns, options.Policy, now);

        if (decision.IsOrphan)
        {
            var kind = decision.KindCode!;
            var days = decision.DaysOrphaned;
            switch (decision.Kind)
            {
                case OrphanKind.DeletedCampaign when workspaceCampaigns.Contains(lead.CampaignId!):
                    // Another team's campaign (it exists, we do not manage it): never touched, not even reported.
                    return null;
                case OrphanKind.DeletedCampaign:
                    return Ours(lead, email, tracked)
                        ? Remove(lead, email, kind, days, tracked, options, now, $"campaign {lead.CampaignId} no longer exists")
                        : null;
                case OrphanKind.NoCampaign when !Ours(lead, email, tracked):
                    return Finding(lead, email, kind, OrphanAction.Report, days,
                        $"{decision.Reason}; but nothing shows it is ours (the warehouse never enrolled this lead): left alone");
                case OrphanKind.NoCampaign:
                    return Remove(lead, email, kind, days, tracked, options, now, "the lead we enrolled is in no campaign");
                default:
                    return Finding(lead, email, kind, OrphanAction.ManualReview, days, decision.Reason);
            }
        }

        // In one of our campaigns and moving: only a lead the warehouse does not track needs anything.
        if (lead.CampaignId is null || tracked.Tracks(lead.Id, email, lead.CampaignId)) return null;
        if (email is null)
            return Finding(lead, null, "untracked", OrphanAction.ManualReview, 0, "in one of our campaigns but has no email to track it by");
        return Finding(lead, email, "untracked", OrphanAction.Adopt, 0,
            $"in campaign {lead.CampaignId} (status {lead.Status}) but not tracked by the warehouse: adopted as active, never re-added");
    }

    /// <summary>Ours: the warehouse holds this Instantly id, or this email in this (gone) campaign, from a decision other than a skip.</summary>
    private static bool Ours(InstantlyLead lead, string? email, TrackedLeads tracked) =>
        email is not null && tracked.ByEmail(email).Any(r => r.Status != Skipped &&
            (r.InstantlyLeadId == lead.Id || (lead.CampaignId is not null && r.CampaignId == lead.CampaignId)));

    /// <summary>Our sync met this lead already in the workspace and recorded that it skipped it: the lead is someone else's.</summary>
    private static bool SkippedByUs(InstantlyLead lead, string? email, TrackedLeads tracked) =>
        email is not null && tracked.ByEmail(email).Any(r => r.Status == Skipped && (r.InstantlyLeadId == lead.Id || r.InstantlyLeadId is null));

    /// <summary>Our lead that has to go: the drain decides what its outcome is, and the settings whether it may be removed.</summary>
    private static OrphanFinding Remove(InstantlyLead lead, string? email, string kind, int days, TrackedLeads tracked,
        OrphanOptions options, DateTimeOffset now, string why)
    {
        if (email is null)
            return Finding(lead, null, kind, OrphanAction.ManualReview, days, $"{why}, and it has no email to record its outcome by: review");
        var verdict = DrainClassifier.Classify(LeadSnapshots.From(lead, email), options.DrainPolicy, now);
        if (verdict is DrainDecision.Drain drain)
        {
            var mine = tracked.ByEmail(email).Where(r => r.Status != Skipped && r.InstantlyLeadId == lead.Id).ToList();
            var recorded = mine.Any(r => r.Status == Completed);
            var campaign = lead.CampaignId ?? mine.Select(r => r.CampaignId).FirstOrDefault() ?? "";
            var outcome = new OrphanDrain(campaign, drain.Code, drain.HistoryOutcome, drain.SuppressionReason,
                lead.EmailOpenCount, lead.EmailClickCount, lead.EmailReplyCount, drain.Explanation, recorded);
            return options.AllowDelete
                ? Finding(lead, email, kind, OrphanAction.Delete, days, $"{why}; the drain says {drain.Code} ({drain.Explanation}): recorded, then deleted", outcome)
                : Finding(lead, email, kind, OrphanAction.Report, days,
                    $"{why}; the drain says {drain.Code} ({drain.Explanation}); deleting is off (coldemail.orphans.delete): reported only", outcome);
        }
        // A kept lead can still carry a suppressing fact (an Interested label, a fresh genuine reply): the person goes on
        // the list now, and a campaign-less copy is never released, because routing would enrol that person again.
        if (verdict.SuppressionReason is { } suppress)
            return Finding(lead, email, kind, OrphanAction.Report, days,
                $"{why}; the drain keeps the lead ({verdict.Explanation}) and suppresses the person ({suppress}): reported, never released", keptSuppression: suppress);
        if (lead.CampaignId is null)
        {
            return options.AllowRelease
                ? Finding(lead, email, kind, OrphanAction.Release, days,
                    $"{why} and the drain keeps it ({verdict.Explanation}): the campaign-less copy is deleted and the lead returns to routing")
                : Finding(lead, email, kind, OrphanAction.Report, days,
                    $"{why} and the drain keeps it ({verdict.Explanation}); releasing is off (coldemail.orphans.release): reported only");
        }
        return Finding(lead, email, kind, OrphanAction.Report, days,
            $"{why}, but the drain keeps the lead ({verdict.Explanation}): left until its sequence is over");
    }

    private static OrphanFinding Finding(InstantlyLead lead, string? email, string kind, OrphanAction action, int days, string reason,
        OrphanDrain? drain = null, string? keptSuppression = null) =>
        new(lead.Id, email, lead.CampaignId, kind, action, days, lead.Status, reason, drain, keptSuppression);
}
