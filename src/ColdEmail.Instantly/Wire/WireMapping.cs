using ColdEmail.Domain.Verification;

namespace ColdEmail.Instantly.Wire;

/// <summary>Wire shapes (source-generated DTOs) to our models; lead pages and bulk adds use <see cref="ElementReaders"/>. A missing required field makes the whole answer invalid (Ok = false).</summary>
internal static class WireMapping
{
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
