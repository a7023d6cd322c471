namespace ColdEmail.Domain.Enrolment;

/// <summary>A lead Instantly holds: its id and the campaign it is in (null: in no campaign, e.g. a lead list).</summary>
public sealed record FoundLead(string Id, string? CampaignId);

/// <summary>What Instantly holds for some emails (keys are <see cref="Leads.EmailIdentity"/> keys): in our campaign, or elsewhere.</summary>
public sealed record Reconciliation(IReadOnlyDictionary<string, FoundLead> InCampaign, IReadOnlyDictionary<string, FoundLead> Elsewhere)
{
    public static Reconciliation Nothing { get; } = new(new Dictionary<string, FoundLead>(), new Dictionary<string, FoundLead>());
}
