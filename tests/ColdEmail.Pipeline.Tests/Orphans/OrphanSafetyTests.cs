using ColdEmail.Domain.Leads;
using ColdEmail.Pipeline.Campaigns;
using ColdEmail.Pipeline.Orphans;
using ColdEmail.Pipeline.Tests.OpsSupport;
using ColdEmail.Sandbox.Faults;
using ColdEmail.Sandbox.Hosting;
using ColdEmail.Warehouse;

namespace ColdEmail.Pipeline.Tests.Orphans;

/// <summary>
/// Issue 10, finding 4, against the sandbox over HTTP (through the gateway) and a DuckDB file: orphan recovery
/// never loses an outcome and never touches what is not ours. SMB and Midsize are ours; Retired was ours (we
/// enrolled leads in it) and is deleted in Instantly during the test.
/// </summary>
public sealed class OrphanSafetyTests : SandboxGatewayTestKit
{
    protected override IReadOnlyList<CampaignSpec> Campaigns => [new("SMB", 50, 5), new("Midsize", 30, 7), new("Retired", 50, 5)];

    private static readonly IReadOnlyList<ConfiguredCampaign> Ours = [new("SMB", null), new("Midsize", null)];

    private static readonly OrphanOptions Everything = new() { Scope = OrphanScanScope.Workspace, AllowDelete = true, AllowRelease = true };

    private OrphanRecovery Recovery(OrphanOptions options) => new(Api, Warehouse.Leads, Warehouse.Ops, Clock, options);

    private Task Track(string email, string campaignId, string? leadId) =>
        Warehouse.Leads.UpsertLeadStatesAsync([new LeadStateRow(email, campaignId, null, LeadState.Active, leadId, 1, "enrolled", Clock.GetUtcNow())]);

    [Fact]
    public async Task An_unsubscribed_lead_of_a_deleted_campaign_is_suppressed_before_it_is_deleted_and_never_silently()
    {
        var retired = Sandbox.CampaignIds["Retired"];
        var ids = await AddLeadsAsync("Retired", "gone.unsub@shop-one.com", "gone.active@shop-one.com");
        var unsub = ids["gone.unsub@shop-one.com"];
        await Track("gone.unsub@shop-one.com", retired, unsub);
        await Track("gone.active@shop-one.com", retired, ids["gone.active@shop-one.com"]);
        Assert.NotNull(Sandbox.State.SetStatus(unsub, -2));
        Assert.True(Sandbox.State.DeleteCampaign(retired));

        // Default settings: only our configured campaigns are scanned; nothing of Retired is touched.
        await Recovery(new OrphanOptions()).RunAsync(Ours, dryRun: false);
        Assert.NotNull(Sandbox.State.FindById(unsub));

        // Workspace scope, deleting off: the lead stays, but the unsubscribe is on the suppression list at once.
        var reported = await Recovery(Everything with { AllowDelete = false }).RunAsync(Ours, dryRun: false);
        Assert.Equal(1, reported.Suppressed);
        Assert.NotNull(Sandbox.State.FindById(unsub));
        Assert.Equal("unsubscribed", (await Warehouse.Leads.FindSuppressionAsync("gone.unsub@shop-one.com"))?.Reason);

        // Deleting on, and Instantly refuses both delete forms: recorded first (history + suppression), the delete stays open.
        Sandbox.ArmFault(SandboxOperation.BulkDelete, new RefuseFault(403, "forbidden") { Times = 10 });
        Sandbox.ArmFault(SandboxOperation.DeleteLead, new RefuseFault(403, "forbidden") { Times = 10 });
        var refused = await Recovery(Everything).RunAsync(Ours, dryRun: false);
        Assert.Equal(0, refused.Deleted);
        Assert.Contains(refused.Failures, f => f.Contains(unsub, StringComparison.Ordinal));
        Assert.NotNull(Sandbox.State.FindById(unsub));
        var dossier = await Warehouse.Leads.ExplainAsync("gone.unsub@shop-one.com");
        Assert.Equal("unsubscribed", Assert.Single(dossier.History, h => h.EventType == "drained").DrainReason);
        Assert.Equal("unsubscribed", dossier.Suppression?.Reason);
        var open = Assert.Single(await Warehouse.Leads.ListDeadLettersAsync(includeResolved: false, 10));
        Assert.Equal(OrphanRecovery.DeadLetterId(unsub), open.Id);

        // The next scan retries the delete only: confirmed, the letter resolved, the history not written twice.
        Sandbox.ClearScriptedFaults();
        var retried = await Recovery(Everything).RunAsync(Ours, dryRun: false);
        Assert.Equal(1, retried.Deleted);
        Assert.Null(Sandbox.State.FindById(unsub));
        Assert.Empty(await Warehouse.Leads.ListDeadLettersAsync(includeResolved: false, 10));
        Assert.Single((await Warehouse.Leads.ExplainAsync("gone.unsub@shop-one.com")).History, h => h.EventType == "drained");

        // The active lead of the gone campaign: the drain keeps it, so recovery leaves it (reported) until its sequence is over.
        Assert.NotNull(Sandbox.State.FindById(ids["gone.active@shop-one.com"]));
        Assert.Null(await Warehouse.Leads.FindSuppressionAsync("gone.active@shop-one.com"));
    }

    [Fact]
    public async Task A_lead_list_lead_whose_email_the_warehouse_knows_is_untouched()
    {
        var listed = Assert.Single(Sandbox.State.AddListLeads(Guid.NewGuid().ToString(), ["listed@shop-two.com"]));
        // We know the person: the warehouse tracks them in SMB (under an earlier lead of ours).
        await Track("listed@shop-two.com", Sandbox.CampaignIds["SMB"], Guid.NewGuid().ToString());

        var report = await Recovery(Everything).RunAsync(Ours, dryRun: false);

        Assert.DoesNotContain(report.Findings, f => f.LeadId == listed.Id);
        Assert.NotNull(Sandbox.State.FindById(listed.Id));
        Assert.Equal(LeadState.Active, Assert.Single((await Warehouse.Leads.ExplainAsync("listed@shop-two.com")).States).State);
        Assert.Empty(await Warehouse.Leads.ListDeadLettersAsync(includeResolved: true, 10));
    }
}
