using ColdEmail.Domain.Inventory;
using ColdEmail.Domain.Leads;
using ColdEmail.Pipeline.Inventory;
using ColdEmail.Pipeline.Tests.OpsSupport;
using ColdEmail.Warehouse;
using Microsoft.Extensions.Time.Testing;

namespace ColdEmail.Pipeline.Tests.Inventory;

/// <summary>The auto-scaled multiplier from real drain history in a DuckDB file, on a fake clock.</summary>
public sealed class InventoryMultiplierServiceTests : IAsyncLifetime
{
    // A Wednesday: the day-of-week factor is 1.0.
    private static readonly DateTimeOffset Now = new(2026, 3, 4, 10, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Now);
    private OpsWarehouse _wh = null!;

    public async Task InitializeAsync() => _wh = await OpsWarehouse.CreateAsync(_time);

    public async Task DisposeAsync() => await _wh.DisposeAsync();

    private static DateOnly Today => DateOnly.FromDateTime(Now.UtcDateTime);

    private InventoryMultiplierService Service(AutoScaleOptions? options = null) =>
        new(_wh.Warehouse, _time, options ?? new AutoScaleOptions { Enabled = true });

    /// <summary>100 leads enrolled <paramref name="addedDaysAgo"/> days ago; on each of the last drains.Length days, drains[i] of them leave (the first of the last week as replied).</summary>
    private async Task SeedAsync(int[] drains, int repliedInLastWeek, int addedDaysAgo = 20)
    {
        var added = Now.AddDays(-addedDaysAgo);
        var emails = Enumerable.Range(0, 100).Select(i => $"lead{i}@inv-shop.com").ToList();
        await _wh.Warehouse.UpsertLeadStatesAsync(emails.Select(e => new LeadStateRow(e, "smb", "SMB", LeadState.Active, "id-" + e, 1, "enrolled", added)).ToList());
        var next = 0;
        var records = new List<DrainRecord>();
        for (var i = 0; i < drains.Length; i++)
        {
            var day = Today.AddDays(-drains.Length + i).ToDateTime(new TimeOnly(12, 0));
            var at = new DateTimeOffset(day, TimeSpan.Zero);
            var inLastWeek = at >= Now.AddDays(-7);
            for (var k = 0; k < drains[i]; k++, next++)
            {
                var replied = inLastWeek && repliedInLastWeek-- > 0;
                records.Add(new DrainRecord(emails[next], "smb", "id-" + emails[next], replied ? "replied" : "completed", replied ? "success" : "completed",
                    at, addedDaysAgo - (drains.Length - i), 5, 1, 0, replied ? 1 : 0, replied ? "replied" : null));
            }
        }
        await _wh.Warehouse.RecordDrainsAsync(records);
    }

    [Fact]
    public async Task Daily_counts_follow_inventory_down_as_leads_drain()
    {
        await SeedAsync([5, 0, 10, 5], repliedInLastWeek: 0);
        var days = await _wh.Warehouse.DailyDrainCountsAsync(Today.AddDays(-4), Today);
        Assert.Equal([5, 0, 10, 5], days.Select(d => d.Drained).ToArray());
        // Inventory counts the leads still in a campaign at the start of the day, including that day's drains.
        Assert.Equal([100, 95, 95, 85], days.Select(d => d.Inventory).ToArray());
    }

    [Fact]
    public async Task The_multiplier_is_the_domain_formula_over_the_warehouse_history()
    {
        var drains = new[] { 2, 2, 2, 2, 2, 2, 2, 10, 2, 2, 2, 2, 2, 2 };
        await SeedAsync(drains, repliedInLastWeek: 4);

        var answer = await Service().CurrentAsync();

        var days = await _wh.Warehouse.DailyDrainCountsAsync(Today.AddDays(-14), Today);
        var stats = DrainStatistics.From(days);
        Assert.Equal(14, stats.Days);
        Assert.True(stats.StdDev > 0);
        var replies = await _wh.Warehouse.ReplyCountsAsync(Now.AddDays(-7), Now);
        Assert.Equal(4, replies.Replied);
        var expected = InventoryMultiplier.Calculate(new MultiplierInputs(stats.StdDev, (double)replies.Replied / replies.LeadsInCampaign, DayOfWeek.Wednesday));
        Assert.True(answer.AutoScaled);
        Assert.Equal(expected.Value, answer.Value, 10);
        Assert.True(expected.PerformanceFactor > 1, "4 replies among fewer than 100 leads is above 3 %");
        Assert.Contains("std dev", answer.Reason);
    }

    [Fact]
    public async Task The_answer_stays_within_the_policy_bounds()
    {
        await SeedAsync([0, 30, 0, 30, 0, 30], repliedInLastWeek: 10);
        var answer = await Service(new AutoScaleOptions { Enabled = true, Policy = new MultiplierPolicy(Min: 1, Max: 4) }).CurrentAsync();
        Assert.True(answer.AutoScaled);
        Assert.Equal(4, answer.Value);
        Assert.Contains("clamped", answer.Reason);
    }

    [Fact]
    public async Task Off_or_without_enough_history_the_fixed_multiplier_is_used_with_the_reason()
    {
        // Enrolled two days ago: two days of history, fewer than the three asked for.
        await SeedAsync([5, 5], repliedInLastWeek: 0, addedDaysAgo: 2);
        var off = await Service(new AutoScaleOptions { Enabled = false, FixedMultiplier = 4.2 }).CurrentAsync();
        Assert.Equal(new MultiplierAnswer(4.2, false, "auto-scale off: fixed inventory multiplier 4.2"), off);

        var young = await Service(new AutoScaleOptions { Enabled = true, FixedMultiplier = 4.2, MinDaysOfHistory = 3 }).CurrentAsync();
        Assert.False(young.AutoScaled);
        Assert.Equal(4.2, young.Value);
        Assert.Contains("only", young.Reason);
    }

    [Fact]
    public async Task A_live_change_of_the_setting_applies_to_the_next_question()
    {
        await SeedAsync(Enumerable.Repeat(2, 14).ToArray(), repliedInLastWeek: 0);
        var service = Service(new AutoScaleOptions { Enabled = false, FixedMultiplier = 3.5 });
        Assert.False((await service.CurrentAsync()).AutoScaled);
        service.Apply(new AutoScaleOptions { Enabled = true, FixedMultiplier = 3.5 });
        var on = await service.CurrentAsync();
        Assert.True(on.AutoScaled);
        // A near-constant drain rate (2 of a slowly shrinking stock), no replies, a Wednesday: the base, give or take a hair.
        Assert.Equal(3.5, on.Value, 1);
    }
}

public sealed class MultiplierResolutionTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 4, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Without_a_source_or_auto_scaling_the_campaign_keeps_its_own_multiplier()
    {
        Assert.Equal(2.5, await ((IInventoryMultiplierSource?)null).ResolveAsync(2.5));
        var off = new InventoryMultiplierService(null, new FakeTimeProvider(Now), new AutoScaleOptions { Enabled = false, FixedMultiplier = 3.5 });
        Assert.Equal(2.5, await off.ResolveAsync(2.5));
        // On, but the warehouse keeps no history: not auto-scaled, so the campaign's value stands.
        var noHistory = new InventoryMultiplierService(null, new FakeTimeProvider(Now), new AutoScaleOptions { Enabled = true });
        Assert.Equal(2.5, await noHistory.ResolveAsync(2.5));
    }
}
