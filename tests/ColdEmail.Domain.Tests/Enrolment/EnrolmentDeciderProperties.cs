using ColdEmail.Domain.Enrolment;
using ColdEmail.Domain.Retry;
using CsCheck;
using static ColdEmail.Domain.Tests.Enrolment.EnrolmentScript;

namespace ColdEmail.Domain.Tests.Enrolment;

/// <summary>
/// The decider against a model of Instantly: some leads carry bad data (a 422 names the first of them in the batch
/// sent), some are already in our campaign or elsewhere in the workspace (skip_if_in_workspace: not created), and the
/// first reconciliations may fail. Whatever the mix, every lead is settled once, the right way, and never created twice.
/// </summary>
public class EnrolmentDeciderProperties
{
    private enum Kind { Fresh, BadData, InCampaign, Elsewhere }

    private static readonly Gen<Kind[]> GenBatch = Gen.Enum<Kind>().Array[1, 60];

    [Fact]
    public void Every_lead_is_settled_once_as_the_model_says_and_none_is_created_twice() =>
        GenBatch.Sample(kinds =>
        {
            var (settled, creates, sends) = Run(kinds, failFirstFinds: 0);
            Assert.Equal(kinds.Length, settled.Count);
            Assert.Equal(kinds.Length, settled.Select(o => o.Email).Distinct().Count());
            for (var i = 0; i < kinds.Length; i++)
            {
                var o = settled.Single(s => s.Email == EmailOf(i));
                var expected = kinds[i] switch
                {
                    Kind.BadData => SettlementKind.Quarantine,
                    Kind.Elsewhere => SettlementKind.Skipped,
                    _ => SettlementKind.Active,
                };
                Assert.Equal(expected, o.Kind);
                if (kinds[i] == Kind.InCampaign) Assert.Equal($"existing-{i}", o.InstantlyLeadId);
            }
            Assert.All(creates.GroupBy(c => c), g => Assert.Single(g));
            // Bisection bound: each bad lead costs at most a path of splits, never a send per lead of the batch twice over.
            var bad = kinds.Count(k => k == Kind.BadData);
            Assert.True(sends <= 1 + 2 * bad * (int)Math.Ceiling(Math.Log2(kinds.Length) + 1), $"{sends} sends for {kinds.Length} leads, {bad} bad");
        });

    [Fact]
    public void A_batch_whose_reconciliation_fails_is_left_open_whole_and_nothing_is_settled_as_failed() =>
        Gen.OneOfConst(Kind.Fresh, Kind.InCampaign, Kind.Elsewhere).Array[0, 60].Sample(more =>
        {
            Kind[] kinds = [Kind.Elsewhere, .. more]; // at least one lead the add skips, so Instantly must be asked
            var (settled, _, _) = Run(kinds, failFirstFinds: int.MaxValue);
            Assert.True(EnrolmentDecider.LeavesBatchOpen(settled));
            Assert.DoesNotContain(settled, o => o.Kind is SettlementKind.DeadLetter or SettlementKind.Quarantine or SettlementKind.Skipped);
        });

    private static (IReadOnlyList<LeadSettlement> Settled, List<string> Creates, int Sends) Run(Kind[] kinds, int failFirstFinds)
    {
        var world = new Dictionary<string, FoundLead>();
        for (var i = 0; i < kinds.Length; i++)
        {
            if (kinds[i] == Kind.InCampaign) world[EmailOf(i)] = new FoundLead($"existing-{i}", "ours");
            if (kinds[i] == Kind.Elsewhere) world[EmailOf(i)] = new FoundLead($"other-{i}", "theirs");
        }
        var creates = new List<string>();
        var sends = 0;
        var finds = 0;
        var s = new EnrolmentScript(kinds.Length);
        for (var step = 0; step < 10_000; step++)
        {
            switch (s.Next)
            {
                case SendLeads send:
                    sends++;
                    var badAt = send.Leads.ToList().FindIndex(lead => kinds[lead] == Kind.BadData);
                    if (badAt >= 0)
                    {
                        s.Answer(Http(422, $"body/leads/{badAt}/email must match format \"email\""));
                        break;
                    }
                    var created = new List<CreatedLeadRef>();
                    for (var pos = 0; pos < send.Leads.Count; pos++)
                    {
                        var email = EmailOf(send.Leads[pos]);
                        if (world.ContainsKey(email)) continue;
                        world[email] = new FoundLead($"new-{send.Leads[pos]}", "ours");
                        creates.Add(email);
                        created.Add(new CreatedLeadRef(pos, $"new-{send.Leads[pos]}", email));
                    }
                    s.Answer(Added(created));
                    break;
                case FindLeads find:
                    if (finds++ < failFirstFinds)
                    {
                        s.Answer(new FindFailed(503, "Http 503"));
                        break;
                    }
                    var held = find.Emails.Where(world.ContainsKey).ToList();
                    s.Answer(new LeadsFound(new Reconciliation(
                        held.Where(e => world[e].CampaignId == "ours").ToDictionary(e => e, e => world[e]),
                        held.Where(e => world[e].CampaignId != "ours").ToDictionary(e => e, e => world[e]))));
                    break;
                case PauseBeforeRetry:
                    s.Answer(PauseOver.Instance);
                    break;
                case EnrolmentFinished done:
                    return (done.Settled, creates, sends);
            }
        }
        throw new InvalidOperationException("the decider did not finish");
    }
}
