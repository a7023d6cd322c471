namespace ColdEmail.Sandbox.State;

/// <summary>The counters of <c>GET /api/v2/campaigns/analytics</c> for one campaign.</summary>
public sealed record CampaignCounters(
    string CampaignId,
    string CampaignName,
    int CampaignStatus,
    int LeadsCount,
    int ContactedCount,
    int EmailsSentCount,
    int OpenCount,
    int OpenCountUnique,
    int ReplyCount,
    int ReplyCountAutomatic,
    int LinkClickCount,
    int BouncedCount,
    int UnsubscribedCount,
    int CompletedCount);

public sealed partial class SandboxState
{
    /// <summary>Counters over the campaign's live leads.</summary>
    public CampaignCounters? Analytics(string campaignId)
    {
        lock (Gate)
        {
            if (!_campaigns.TryGetValue(campaignId, out var c)) return null;
            int leads = 0, contacted = 0, sent = 0, opens = 0, uniqueOpens = 0, replies = 0, auto = 0, clicks = 0, bounced = 0, unsub = 0, completed = 0;
            foreach (var l in c.Leads.All())
            {
                leads++;
                if (l.StepsSent > 0) contacted++;
                sent += l.StepsSent;
                opens += l.EmailOpenCount;
                if (l.EmailOpenCount > 0) uniqueOpens++;
                auto += l.AutoReplyCount;
                replies += l.EmailReplyCount - l.AutoReplyCount;
                clicks += l.EmailClickCount;
                if (l.Status == -1) bounced++;
                if (l.Status == -2) unsub++;
                if (l.Status == 3) completed++;
            }
            return new CampaignCounters(c.Id, c.Name, c.Status, leads, contacted, sent, opens, uniqueOpens, replies, auto, clicks, bounced, unsub, completed);
        }
    }
}
