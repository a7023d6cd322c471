using ColdEmail.Domain.Enrolment;
using ColdEmail.Domain.Leads;
using ColdEmail.Instantly;

namespace ColdEmail.Pipeline.Sync;

/// <summary>
/// Finds which emails Instantly already holds (list with <c>contacts</c>, in chunks of at most 100):
/// how skipped leads of a bulk add, and batches of unknown outcome, are settled without guessing.
/// </summary>
public sealed class Reconciler(IInstantlyApi api, int chunk)
{
    private readonly Serilog.ILogger _log = Serilog.Log.ForContext<Reconciler>();

    /// <summary>Null when Instantly could not be asked: the outcome stays unknown.</summary>
    public async Task<(Reconciliation? Result, InstantlyError? Error)> FindAsync(string campaignId, IReadOnlyList<string> emails, CancellationToken ct)
    {
        var inCampaign = new Dictionary<string, FoundLead>(StringComparer.Ordinal);
        var elsewhere = new Dictionary<string, FoundLead>(StringComparer.Ordinal);
        foreach (var part in emails.Distinct(StringComparer.Ordinal).Chunk(chunk))
        {
            string? cursor = null;
            do
            {
                var request = new ListLeadsRequest { Contacts = part, Limit = 100, StartingAfter = cursor };
                var page = await api.ListLeadsAsync(request, ct).ConfigureAwait(false);
                if (!page.IsSuccess) return (null, page.Error);
                var leads = page.Value.Items.ToList();
                foreach (var id in page.Value.MalformedIds)
                {
                    // One odd item must not hide a lead: it is asked for alone. If even that answer cannot be read,
                    // the outcome stays unknown (the batch stays open; `coldemail ledger abandon` releases it).
                    _log.Warning("Lead {LeadId} in a reconciliation page could not be read; asking for it alone", id);
                    var alone = await api.GetLeadAsync(id, ct).ConfigureAwait(false);
                    if (!alone.IsSuccess) return (null, alone.Error);
                    leads.Add(alone.Value);
                }
                foreach (var lead in leads)
                {
                    // Instantly's copy is normalised as every address on our side is (EmailIdentity), so keys meet.
                    if (lead.Email is null) continue;
                    var email = EmailIdentity.Key(lead.Email);
                    var found = new FoundLead(lead.Id, lead.CampaignId);
                    if (string.Equals(lead.CampaignId, campaignId, StringComparison.Ordinal)) inCampaign[email] = found;
                    else elsewhere.TryAdd(email, found);
                }
                cursor = page.Value.Items.Count == 0 && page.Value.MalformedIds.Count == 0 ? null : page.Value.NextStartingAfter;
            } while (cursor is not null);
        }
        return (new Reconciliation(inCampaign, elsewhere), null);
    }
}
