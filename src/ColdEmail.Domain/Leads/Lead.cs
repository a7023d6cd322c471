using ColdEmail.Domain.Routing;

namespace ColdEmail.Domain.Leads;

/// <summary>
/// A prospect that passed normalisation: its email is canonical, its company domain derived from the
/// address, and its <see cref="SequenceTarget"/> (the campaign name) set by routing on revenue.
/// </summary>
public sealed record Lead(EmailAddress Email, Prospect Prospect, RoutingDecision Routing)
{
    public string Domain => Email.Domain;
    public string SequenceTarget => Routing.Campaign?.Name ?? "";
}
