using ColdEmail.Pipeline.Protocol;

namespace ColdEmail.Pipeline.Catalog;

/// <summary>The campaign catalog's messages (the singleton's proxy carries them across nodes).</summary>
public sealed class CatalogProtocol : IProtocolRegistration
{
    public void Register(ProtocolRegistry r) => r
        .Add<ApplyCatalog>("catalog.apply")
        .Add<CatalogApplied>("catalog.applied")
        .Add<StartCampaign>("catalog.start-campaign")
        .Add<RetireCampaign>("catalog.retire-campaign")
        .Add<HandOverCatalog>("catalog.hand-over")
        .Add<GetCatalogStatus>("catalog.get-status")
        .Add<CatalogStatus>("catalog.status");
}
