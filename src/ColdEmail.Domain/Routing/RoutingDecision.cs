namespace ColdEmail.Domain.Routing;

/// <summary>Where a lead goes and why. <see cref="Campaign"/> is null only when no campaign can take it.</summary>
public sealed record RoutingDecision(CampaignDefinition? Campaign, string Reason)
{
    public bool IsRouted => Campaign is not null;
}
