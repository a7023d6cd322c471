namespace ColdEmail.Pipeline.Campaigns;

/// <summary>A campaign from the configuration: its name and, when configured, its Instantly id.</summary>
public sealed record ConfiguredCampaign(string Name, string? InstantlyCampaignId);

/// <summary>A configured campaign whose Instantly id is known.</summary>
public sealed record ResolvedCampaign(string Name, string Id);
