using ColdEmail.Domain.Leads;
using ColdEmail.Domain.Routing;

namespace ColdEmail.Warehouse.Ports;

/// <summary>What a sync (and `plan`) reads: the ready leads routed to a campaign, every row's eligibility, active counts.</summary>
public interface ISyncReads
{
    /// <summary>
    /// The ready leads (view <c>v_ready_for_instantly</c>'s rules at the query's clock) the query's routing sends to its
    /// campaign, best score first, then email; read page by page, never the whole set in memory.
    /// </summary>
    IAsyncEnumerable<Prospect> StreamReadyLeadsAsync(ReadyLeadQuery query, CancellationToken ct = default);

    /// <summary>
    /// Every row of <c>eligible_leads</c> with the reason the view excludes it, if it does, and the campaign <paramref name="routing"/>
    /// gives it (for <c>plan</c>); an invalid verdict excludes a row only when <paramref name="verificationEnabled"/> (the effective flag).
    /// </summary>
    IAsyncEnumerable<EligibilityRow> StreamEligibilityAsync(CampaignRouting routing, int limit, bool verificationEnabled, CancellationToken ct = default);

    /// <summary>Active leads per campaign id, from <c>ops_inst_state</c>.</summary>
    Task<IReadOnlyDictionary<string, int>> CountActiveByCampaignAsync(CancellationToken ct = default);
}
