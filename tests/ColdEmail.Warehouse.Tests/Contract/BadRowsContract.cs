using ColdEmail.Domain.Routing;
using ColdEmail.Domain.Leads;
using ColdEmail.Warehouse.Generation;
using ColdEmail.Warehouse.Tests.DuckDb;
using static ColdEmail.Warehouse.Tests.DuckDb.TempWarehouse;

namespace ColdEmail.Warehouse.Tests.Contract;

/// <summary>Bad input rows: the same scenarios for every engine; each engine supplies a fresh warehouse.</summary>
public abstract class BadRowsContract
{
    protected abstract Task<IWarehouseHarness> CreateAsync();

    [Fact]
    public async Task Dirty_rows_are_excluded_with_a_reason_or_pass_intact_and_never_break_a_run()
    {
        await using var t = await CreateAsync();
        var huge = new string('x', 10_000);
        await t.LoadAsync(
            Lead(null),
            Lead("  "),
            Lead("no-at.example.com"),
            Lead("a@b@c.com"),
            Lead("negative@x.com", revenue: -250_000m),
            Lead("huge@x.com", merchant: huge),
            Lead("quote@x.com", merchant: "O'Brien \"Shop\"; DROP TABLE eligible_leads; --", state: "'; DELETE FROM config; --"),
            Lead("mars@x.com", timezone: "Mars/Olympus_Mons"),
            Lead("o'hara+tag@x.com"));

        var plan = await t.Warehouse.StreamEligibilityAsync(CampaignRouting.Default, 100, verificationEnabled: true).ToListAsync();
        var ready = (await t.Warehouse.StreamReadyLeadsAsync(new ReadyLeadQuery(CampaignRouting.Default, null)).ToListAsync()).ToDictionary(p => p.Email);

        Assert.Equal(9, plan.Count);
        Assert.Equal(4, plan.Count(r => r.ExclusionReason is not null));
        Assert.Equal(["huge@x.com", "mars@x.com", "negative@x.com", "o'hara+tag@x.com", "quote@x.com"], ready.Keys.Order());
        Assert.Null(ready["negative@x.com"].EstimatedSalesYearly);
        Assert.Equal("smb", ready["negative@x.com"].SequenceTarget);
        Assert.Equal(huge, ready["huge@x.com"].MerchantName);
        Assert.Equal("O'Brien \"Shop\"; DROP TABLE eligible_leads; --", ready["quote@x.com"].MerchantName);
        Assert.Equal(20, ready["mars@x.com"].Score); // 10 revenue + 10 US, no business hours for an unknown zone
        Assert.Equal(9, plan.Count); // eligible_leads survived the "SQL"
        await t.Warehouse.UpsertLeadStatesAsync([new LeadStateRow("quote@x.com", "c'1", "S'MB", LeadState.Quarantine, null, 422, "it's \"bad\"; --", TempWarehouse.Now)]);
        Assert.Equal("quarantined (S'MB)", (await t.Warehouse.ExplainAsync("quote@x.com")).ExclusionReason);
    }

    [Fact]
    public async Task A_generated_dirty_warehouse_plans_every_row_and_streams_only_valid_unique_emails()
    {
        await using var t = await CreateAsync();
        var rows = new ProspectGenerator(11, new ProspectMix(Invalid: 0.10, Duplicates: 0.10)).Generate(5_000).ToList();
        await t.LoadEligibleLeadsAsync(rows);

        var plan = await t.Warehouse.StreamEligibilityAsync(CampaignRouting.Default, 10_000, verificationEnabled: true).ToListAsync();
        var ready = await t.Warehouse.StreamReadyLeadsAsync(new ReadyLeadQuery(CampaignRouting.Default, null, PageSize: 700)).ToListAsync();

        Assert.Equal(rows.Count, plan.Count);
        Assert.Equal(ready.Count, plan.Count(r => r.ExclusionReason is null));
        Assert.Equal(ready.Count, ready.Select(p => p.Email).Distinct().Count());
        Assert.All(ready, p => Assert.Equal(p.Email.Trim().ToLowerInvariant(), p.Email));
        Assert.All(ready, p => Assert.Equal(1, p.Email.Count(c => c == '@')));
        Assert.Contains(plan, r => r.ExclusionReason == "email is missing");
        Assert.Contains(plan, r => r.ExclusionReason == "email does not contain exactly one @");
        Assert.Contains(plan, r => r.ExclusionReason == "duplicate of a row with higher revenue");
        Assert.InRange(plan.Count(r => r.ExclusionReason is not null), 500, 1_500);
    }
}
