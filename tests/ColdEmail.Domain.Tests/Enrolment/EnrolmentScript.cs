using ColdEmail.Domain.Enrolment;
using ColdEmail.Domain.Retry;

namespace ColdEmail.Domain.Tests.Enrolment;

/// <summary>Drives the decider step by step in a test: what it asked for, and the answer given back.</summary>
internal sealed class EnrolmentScript
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
    public static readonly EnrolmentPolicy Policy = new(3, TimeSpan.FromSeconds(1));

    public EnrolmentScript(int leads, decimal? revenue = null, int prior = 0, string? runStop = null)
        : this(Enumerable.Range(0, leads).Select(i => new EnrolmentLead(EmailOf(i), revenue, prior)).ToList(), runStop)
    {
    }

    public EnrolmentScript(IReadOnlyList<EnrolmentLead> leads, string? runStop = null)
    {
        Leads = leads;
        (State, Next) = EnrolmentDecider.Start(leads, Policy, runStop);
    }

    public IReadOnlyList<EnrolmentLead> Leads { get; }
    public EnrolmentState State { get; private set; }
    public EnrolmentDecision Next { get; private set; }
    public DateTimeOffset Now { get; set; } = T0;

    public static string EmailOf(int i) => $"lead{i}@shop{i}.example";

    public EnrolmentScript Answer(EnrolmentEvent e)
    {
        (State, Next) = EnrolmentDecider.Decide(State, e, Now);
        return this;
    }

    public IReadOnlyList<int> ExpectSend() => Assert.IsType<SendLeads>(Next).Leads;

    public IReadOnlyList<string> ExpectFind() => Assert.IsType<FindLeads>(Next).Emails;

    public EnrolmentFinished ExpectFinished() => Assert.IsType<EnrolmentFinished>(Next);

    public LeadSettlement Settled(int lead) => Assert.Single(ExpectFinished().Settled, s => s.Email == EmailOf(lead));

    /// <summary>Instantly created every lead sent, with ids "id-N" for lead N.</summary>
    public EnrolmentScript CreateAll()
    {
        var sent = ExpectSend();
        return Answer(Added(sent.Select((lead, pos) => new CreatedLeadRef(pos, IdOf(lead), null)).ToList()));
    }

    public static string IdOf(int lead) => $"id-{lead}";

    public static LeadsAdded Added(IReadOnlyList<CreatedLeadRef> created, int blocklisted = 0, int? remaining = null) =>
        new(created, blocklisted, 0, 0, 0, remaining, 42);

    public static AddFailed Http(int status, string message = "failed") =>
        new(new InstantlyFailure(AnswerKind.Http, status, message, $"Http {status}: {message}"), 42);

    public static AddFailed NoAnswer() => new(new InstantlyFailure(AnswerKind.NoAnswer, null, "timeout", "Timeout: timeout"), 42);

    public static LeadsFound Found(IReadOnlyDictionary<int, string>? inCampaign = null, IReadOnlyDictionary<int, string>? elsewhere = null) =>
        new(new Reconciliation(
            (inCampaign ?? new Dictionary<int, string>()).ToDictionary(p => EmailOf(p.Key), p => new FoundLead(p.Value, "ours")),
            (elsewhere ?? new Dictionary<int, string>()).ToDictionary(p => EmailOf(p.Key), p => new FoundLead(p.Value, "theirs"))));
}
