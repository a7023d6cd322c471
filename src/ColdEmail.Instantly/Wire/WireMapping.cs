using ColdEmail.Domain.Verification;

namespace ColdEmail.Instantly.Wire;

/// <summary>Wire shapes to our models. A missing required field makes the whole answer invalid (Ok = false).</summary>
internal static class WireMapping
{
    private static readonly (bool, InstantlyLead) NoLead = (false, null!);

    public static (bool Ok, InstantlyLead Value) Lead(LeadDto d)
    {
        if (d.Id is null || d.Status is null || d.TimestampCreated is null) return NoLead;
        return (true, new InstantlyLead(
            d.Id, d.Email, d.Campaign, (int)d.Status.Value,
            (int)(d.EmailOpenCount ?? 0), (int)(d.EmailReplyCount ?? 0), (int)(d.EmailClickCount ?? 0),
            (int?)d.LtInterestStatus, d.TimestampCreated.Value, d.TimestampUpdated, d.TimestampLastContact,
            d.TimestampLastReply, (int?)d.VerificationStatus, (int?)d.EspCode, d.Payload));
    }

    public static (bool Ok, LeadPage Value) Page(LeadPageDto d)
    {
        if (d.Items is null) return (false, null!);
        var items = new List<InstantlyLead>(d.Items.Count);
        foreach (var item in d.Items)
        {
            var (ok, lead) = Lead(item);
            if (!ok) return (false, null!);
            items.Add(lead);
        }
        return (true, new LeadPage(items, d.NextStartingAfter));
    }

    public static (bool Ok, BulkAddResult Value) BulkAdd(BulkAddDto d)
    {
        if (d.TotalSent is null || d.LeadsUploaded is null || d.CreatedLeads is null) return (false, null!);
        var created = new List<CreatedLead>(d.CreatedLeads.Count);
        foreach (var c in d.CreatedLeads)
        {
            if (c.Index is null || c.Id is null) return (false, null!);
            created.Add(new CreatedLead(c.Index.Value, c.Id, c.Email));
        }
        return (true, new BulkAddResult(
            d.Status ?? "success", d.TotalSent.Value, d.LeadsUploaded.Value, d.InBlocklist ?? 0, d.BlocklistUsed,
            d.DuplicatedLeads ?? 0, d.SkippedCount ?? 0, d.InvalidEmailCount ?? 0, d.IncompleteCount ?? 0,
            d.DuplicateEmailCount ?? 0, d.RemainingInPlan, created));
    }

    public static (bool Ok, Campaign Value) Campaign(CampaignDto d) =>
        d.Id is null || d.Name is null || d.Status is null
            ? (false, null!)
            : (true, new Campaign(d.Id, d.Name, (int)d.Status.Value, (int?)d.DailyLimit, (int?)d.DailyMaxLeads,
                d.StopOnReply, d.StopOnAutoReply, d.TimestampCreated));

    public static (bool Ok, CampaignPage Value) CampaignPage(CampaignPageDto d)
    {
        if (d.Items is null) return (false, null!);
        var items = new List<Campaign>(d.Items.Count);
        foreach (var item in d.Items)
        {
            var (ok, c) = Campaign(item);
            if (!ok) return (false, null!);
            items.Add(c);
        }
        return (true, new CampaignPage(items, d.NextStartingAfter));
    }

    public static (bool Ok, IReadOnlyList<CampaignAnalytics> Value) Analytics(List<CampaignAnalyticsDto> list)
    {
        var result = new List<CampaignAnalytics>(list.Count);
        foreach (var d in list)
        {
            if (d.CampaignId is null) return (false, null!);
            result.Add(new CampaignAnalytics(d.CampaignId, d.CampaignName, (int)(d.CampaignStatus ?? 0),
                I(d.LeadsCount), I(d.ContactedCount), I(d.EmailsSentCount), I(d.OpenCount), I(d.ReplyCount),
                I(d.ReplyCountAutomatic), I(d.LinkClickCount), I(d.BouncedCount), I(d.UnsubscribedCount), I(d.CompletedCount)));
        }
        return (true, result);
    }

    public static (bool Ok, EmailVerification Value) Verification(EmailVerificationDto d)
    {
        if (d.Email is null) return (false, null!);
        VerificationStatus? status = d.VerificationStatus switch
        {
            "pending" => VerificationStatus.Pending,
            "verified" => VerificationStatus.Verified,
            "invalid" => VerificationStatus.Invalid,
            _ => null,
        };
        if (status is null) return (false, null!);
        return (true, new EmailVerification(d.Email, status.Value, d.CatchAll ?? CatchAllState.Pending, d.Credits, d.CreditsUsed));
    }

    private static int I(double? v) => (int)(v ?? 0);
}
