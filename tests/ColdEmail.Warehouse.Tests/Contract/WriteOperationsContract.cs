using ColdEmail.Domain.Routing;
using ColdEmail.Domain.Leads;
using ColdEmail.Warehouse.Tests.DuckDb;
using static ColdEmail.Warehouse.Tests.Contract.ReadyLeadsContract;
using static ColdEmail.Warehouse.Tests.DuckDb.TempWarehouse;

namespace ColdEmail.Warehouse.Tests.Contract;

/// <summary>Writes, drains, dead letters, config, runs, suppression and reports: the same scenarios for every engine; each engine supplies a fresh warehouse.</summary>
public abstract class WriteOperationsContract
{
    protected abstract Task<IWarehouseHarness> CreateAsync();

    private static readonly DateTimeOffset T0 = TempWarehouse.Now;

    [Fact]
    public async Task Drain_reasons_are_counted_over_the_days_asked_for()
    {
        await using var t = await CreateAsync();
        var day = DateOnly.FromDateTime(T0.UtcDateTime);
        var midnight = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        DrainRecord Drain(string email, string reason, DateTimeOffset at) => new(email, "c1", "L-" + email, reason, "success", at, 3, 1, 0, 0, 0, null);
        await t.Warehouse.RecordDrainsAsync(
        [
            Drain("a@x.com", "replied", midnight.AddDays(-10)),          // the window's first instant
            Drain("b@x.com", "replied", midnight.AddHours(23).AddMinutes(59)),
            Drain("c@x.com", "unsubscribed", midnight.AddDays(-3)),
            Drain("d@x.com", "completed", midnight.AddDays(-10).AddTicks(-10)), // just before it
            Drain("e@x.com", "completed", midnight.AddDays(1)),          // the day after the last
        ]);

        var counts = await t.Warehouse.DrainReasonCountsAsync(day.AddDays(-10), day.AddDays(1));

        Assert.Equal(new Dictionary<string, long> { ["replied"] = 2, ["unsubscribed"] = 1 }, counts);
        Assert.Empty(await t.Warehouse.DrainReasonCountsAsync(day.AddDays(-100), day.AddDays(-50)));
    }

    [Fact]
    public async Task Lead_states_upsert_by_email_and_campaign_and_keep_created_at_and_known_ids()
    {
        await using var t = await CreateAsync();
        await t.Warehouse.UpsertLeadStatesAsync(
        [
            new LeadStateRow("a@x.com", "c1", "SMB", LeadState.Active, "L1", 1, null, T0, ApiResponseTimeMs: 120),
            new LeadStateRow("b@x.com", "c1", "SMB", LeadState.Active, "L2", 1, null, T0),
            new LeadStateRow("a@x.com", "c2", "Midsize", LeadState.Skipped, null, null, "exists", T0),
        ]);
        await t.Warehouse.UpsertLeadStatesAsync(
        [
            new LeadStateRow("a@x.com", "c1", null, LeadState.Quarantine, null, 422, "first", T0.AddHours(1)),
            // The last row of a batch for the same key wins.
            new LeadStateRow("a@x.com", "c1", null, LeadState.Quarantine, null, 422, "bad address", T0.AddHours(2), RetryCount: 3),
        ]);

        var dossier = await t.Warehouse.ExplainAsync(" A@X.com ");
        var c1 = dossier.States.Single(s => s.CampaignId == "c1");
        Assert.Equal(LeadState.Quarantine, c1.State);
        Assert.Equal("L1", c1.InstantlyLeadId);
        Assert.Equal("SMB", c1.CampaignName);
        Assert.Equal("bad address", c1.Reason);
        Assert.Equal(3, c1.RetryCount);
        Assert.Equal(120, c1.ApiResponseTimeMs);
        Assert.Equal(T0.AddHours(2), c1.At);
        Assert.Equal(LeadState.Skipped, dossier.States.Single(s => s.CampaignId == "c2").State);

        var active = await t.Warehouse.CountActiveByCampaignAsync();
        Assert.Equal(new Dictionary<string, int> { ["c1"] = 1 }, active);
    }

    [Fact]
    public async Task Drain_candidates_are_active_leads_not_checked_within_the_interval()
    {
        await using var t = await CreateAsync();
        await t.Warehouse.UpsertLeadStatesAsync(
        [
            new LeadStateRow("never@x.com", "c1", "SMB", LeadState.Active, "L1", 1, null, T0.AddDays(-3)),
            new LeadStateRow("stale@x.com", "c1", "SMB", LeadState.Active, "L2", 1, null, T0.AddDays(-3)),
            new LeadStateRow("fresh@x.com", "c1", "SMB", LeadState.Active, "L3", 1, null, T0.AddDays(-3)),
            new LeadStateRow("engaged@x.com", "c1", "SMB", LeadState.Engaged, "L4", 1, null, T0.AddDays(-3)),
            new LeadStateRow("skipped@x.com", "c1", "SMB", LeadState.Skipped, "L5", 1, null, T0.AddDays(-3)),
            new LeadStateRow("noid@x.com", "c1", "SMB", LeadState.Active, null, 1, null, T0.AddDays(-3)),
        ]);
        await t.Warehouse.MarkDrainCheckedAsync([new LeadKey("stale@x.com", "c1")], T0.AddHours(-30));
        await t.Warehouse.MarkDrainCheckedAsync([new LeadKey("fresh@x.com", "c1")], T0.AddHours(-2));

        var due = await t.Warehouse.LeadsDueForDrainAsync(T0, TimeSpan.FromHours(24), 10);

        Assert.Equal(["engaged@x.com", "never@x.com", "stale@x.com"], due.Select(d => d.Email).Order());
        Assert.Equal(T0.AddHours(-30), due.Single(d => d.Email == "stale@x.com").LastDrainCheck);
        Assert.Equal(T0.AddDays(-3), due.Single(d => d.Email == "never@x.com").AddedAt);
        Assert.Equal("L1", due.Single(d => d.Email == "never@x.com").InstantlyLeadId);
        // Never-checked leads come before ones checked long ago.
        Assert.NotEqual("stale@x.com", due[0].Email);
        Assert.Single(await t.Warehouse.LeadsDueForDrainAsync(T0, TimeSpan.FromHours(24), 1));
    }

    [Fact]
    public async Task Recording_drains_writes_history_state_and_suppression_once()
    {
        await using var t = await CreateAsync();
        await t.LoadAsync(Lead("r@x.com"));
        await t.Warehouse.UpsertLeadStatesAsync([new LeadStateRow("r@x.com", "c-smb", "SMB", LeadState.Active, "L-r@x.com", 1, null, T0.AddDays(-30))]);
        var drains = new[]
        {
            Drain("r@x.com", T0, "replied", reason: "replied") with { DetailsJson = """{"sentiment":"positive"}""" },
            Drain("done@x.com", T0, null),
        };

        await t.Warehouse.RecordDrainsAsync(drains);
        await t.Warehouse.RecordDrainsAsync(drains); // a retried batch changes nothing

        var r = await t.Warehouse.ExplainAsync("r@x.com");
        var h = Assert.Single(r.History);
        Assert.Equal(("drained", "success", "replied", 30), (h.EventType, h.Outcome, h.DrainReason, h.DaysInCampaign));
        Assert.Equal(T0, h.EventTimestamp);
        var state = Assert.Single(r.States);
        Assert.Equal(LeadState.Completed, state.State);
        Assert.Equal("SMB", state.CampaignName);
        Assert.Equal("replied", r.Suppression?.Reason);
        Assert.Equal(T0, r.Suppression?.Since);
        Assert.Equal("suppressed: replied", r.ExclusionReason);
        Assert.Equal("r@x.com", r.Eligible?.Email);
        Assert.Equal("not in eligible_leads", (await t.Warehouse.ExplainAsync("done@x.com")).ExclusionReason);

        var done = await t.Warehouse.ExplainAsync("done@x.com");
        Assert.Equal(LeadState.Completed, Assert.Single(done.States).State);
        Assert.Null(done.Suppression);
        Assert.Null(await t.Warehouse.FindSuppressionAsync("done@x.com"));
        Assert.Empty(await t.Warehouse.LeadsDueForDrainAsync(T0.AddDays(5), TimeSpan.FromHours(24), 10));
    }

    [Fact]
    public async Task Dead_letters_add_update_list_come_due_and_resolve()
    {
        await using var t = await CreateAsync();
        await t.Warehouse.UpsertDeadLettersAsync(
        [
            Dead("d1", "a@x.com", permanent: false, next: T0.AddMinutes(-1)),
            Dead("d2", "b@x.com", permanent: false, next: T0.AddMinutes(5)),
            Dead("d3", "c@x.com", permanent: true, next: null),
            Dead("d4", "d@x.com", permanent: false, next: null) with { PayloadJson = """{"email":"d@x.com","quote":"it's"}""" },
        ]);
        await t.Warehouse.UpsertDeadLettersAsync([Dead("d2", "b@x.com", permanent: false, next: T0.AddMinutes(-2)) with { RetryCount = 2, Message = "429 again" }]);

        var due = await t.Warehouse.DeadLettersDueAsync(T0, 10);
        Assert.Equal(["d1", "d2", "d4"], due.Select(d => d.Id).Order());
        var d2 = due.Single(d => d.Id == "d2");
        Assert.Equal((2, "429 again", 422), (d2.RetryCount, d2.Message, d2.HttpStatus));
        Assert.Equal("""{"email":"d@x.com","quote":"it's"}""", due.Single(d => d.Id == "d4").PayloadJson);

        await t.Warehouse.ResolveDeadLettersAsync(["d1", "d3", "missing"], "retried: created", T0);

        Assert.Equal(["d2", "d4"], (await t.Warehouse.ListDeadLettersAsync(false, 10)).Select(d => d.Id).Order());
        var all = await t.Warehouse.ListDeadLettersAsync(true, 10);
        Assert.Equal(4, all.Count);
        var d1 = all.Single(d => d.Id == "d1");
        Assert.Equal((T0, "retried: created"), (d1.ResolvedAt!.Value, d1.Resolution!));
        Assert.Equal(T0.AddDays(-1), d1.FirstFailureAt);
        Assert.Equal(2, (await t.Warehouse.ListDeadLettersAsync(true, 2)).Count);
    }

    [Fact]
    public async Task Config_runs_and_suppression_round_trip()
    {
        await using var t = await CreateAsync();
        await t.Warehouse.WriteConfigAsync("feature_flags", """{"a":true}""", T0);
        await t.Warehouse.WriteConfigAsync("feature_flags", """{"a":false}""", T0.AddMinutes(1));
        await t.Warehouse.WriteConfigAsync("processing_limits", """{"max_leads_per_run":100}""", T0);
        Assert.Equal(
            [new ConfigEntry("feature_flags", """{"a":false}""", T0.AddMinutes(1)), new ConfigEntry("processing_limits", """{"max_leads_per_run":100}""", T0)],
            await t.Warehouse.ReadConfigAsync());

        await t.Warehouse.RecordRunAsync(new RunRecord("r1", "sync", T0, T0.AddMinutes(1), true, """{"created":10}"""));
        await t.Warehouse.RecordRunAsync(new RunRecord("r2", "drain", T0.AddHours(1), T0.AddHours(1.5), false, """{"failed":1}"""));
        await t.Warehouse.RecordRunAsync(new RunRecord("r1", "sync", T0, T0.AddMinutes(2), true, """{"created":11}"""));
        var runs = await t.Warehouse.ListRunsAsync(10);
        Assert.Equal(["r2", "r1"], runs.Select(r => r.RunId));
        Assert.Equal("""{"created":11}""", runs[1].SummaryJson);
        Assert.False(runs[0].Succeeded);
        Assert.Single(await t.Warehouse.ListRunsAsync(1));

        await t.Warehouse.AddSuppressionsAsync([new Suppression("u@x.com", "unsubscribed", T0), new Suppression("u@x.com", "bounced", T0.AddDays(1))]);
        await t.Warehouse.AddSuppressionsAsync([new Suppression("u@x.com", "replied", T0.AddDays(2))]);
        Assert.Equal(new Suppression("u@x.com", "unsubscribed", T0), await t.Warehouse.FindSuppressionAsync(" U@x.com"));
        Assert.Null(await t.Warehouse.FindSuppressionAsync("other@x.com"));
    }

    [Fact]
    public async Task Reports_count_per_day_and_segment_and_model_roi()
    {
        await using var t = await CreateAsync();
        await t.LoadAsync(Lead("a@x.com", revenue: 2_000_000m), Lead("b@x.com", revenue: 400_000m), Lead("c@x.com", revenue: 3_000_000m));
        await t.Warehouse.UpsertLeadStatesAsync(
        [
            new LeadStateRow("a@x.com", "c-mid", "Midsize", LeadState.Active, "L1", 1, null, T0.AddDays(-1)),
            new LeadStateRow("c@x.com", "c-mid", "Midsize", LeadState.Active, "L3", 1, null, T0.AddDays(-1)),
            new LeadStateRow("b@x.com", "c-smb", "SMB", LeadState.Active, "L2", 1, null, T0.AddDays(-1)),
            new LeadStateRow("old@x.com", "c-smb", "SMB", LeadState.Active, "L9", 1, null, T0.AddDays(-60)),
        ]);
        await t.Warehouse.RecordDrainsAsync(
        [
            new DrainRecord("a@x.com", "c-mid", "L1", "replied", "success", T0, 1, 3, 2, 1, 1, "replied"),
            new DrainRecord("c@x.com", "c-mid", "L3", "bounced_hard", "bounce", T0, 1, 1, 0, 0, 0, "bounced"),
        ]);

        var daily = await t.Warehouse.DailyPerformanceAsync(T0, 30);
        var mid = daily.Single(d => d.SequenceTarget == "Midsize");
        Assert.Equal(DateOnly.FromDateTime(T0.AddDays(-1).UtcDateTime), mid.Date);
        Assert.Equal((2, 2, 1, 1), (mid.LeadsAdded, mid.LeadsCompleted, mid.LeadsReplied, mid.LeadsBounced));
        Assert.Equal(50.00m, mid.ReplyRate);
        Assert.Equal(50.00m, mid.BounceRate);
        var smb = daily.Single(d => d.SequenceTarget == "SMB");
        Assert.Equal((1, 0), (smb.LeadsAdded, smb.LeadsCompleted));
        Assert.Null(smb.ReplyRate);
        Assert.Equal(2, daily.Count); // the 60-day-old lead is outside the window

        var roi = Assert.Single(await t.Warehouse.CampaignRoiAsync());
        Assert.Equal("midsize", roi.SequenceTarget); // the routing rendered into the view (the default configuration)
        Assert.Equal((2, 1), (roi.TotalLeads, roi.RepliedLeads));
        Assert.Equal(1.00m, roi.AvgCloseRate);            // (2 % + 0 %) / 2
        Assert.Equal(4_000m, roi.ExpectedRevenue);         // 2,000,000 × 10 % × 2 %
        Assert.Equal(2_000m, roi.RevenuePerLead);
    }

    [Fact]
    public async Task Schema_creation_is_idempotent_and_keeps_data()
    {
        await using var t = await CreateAsync();
        await t.LoadAsync(Lead("keep@x.com"));
        await t.Warehouse.WriteConfigAsync("k", "{}", T0);

        await t.Warehouse.EnsureSchemaAsync();
        await t.Warehouse.EnsureSchemaAsync();

        Assert.Single(await t.Warehouse.ReadConfigAsync());
        Assert.Equal("keep@x.com", Assert.Single(await t.Warehouse.StreamReadyLeadsAsync(new ReadyLeadQuery(CampaignRouting.Default, null)).ToListAsync()).Email);
    }
}
