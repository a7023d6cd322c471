using ColdEmail.Domain.Routing;
using ColdEmail.Domain.Leads;
using ColdEmail.Domain.Verification;
using ColdEmail.Warehouse.Tests.DuckDb;
using static ColdEmail.Warehouse.Tests.DuckDb.TempWarehouse;

namespace ColdEmail.Warehouse.Tests.Contract;

/// <summary>Which eligible leads are ready, and why the others are not: the same scenarios for every engine; each engine supplies a fresh warehouse.</summary>
public abstract class ReadyLeadsContract
{
    protected abstract Task<IWarehouseHarness> CreateAsync();

    /// <summary>A warehouse whose adapter was opened with the configuration file's coldemail.feature-flags.email-verification-enabled.</summary>
    protected abstract Task<IWarehouseHarness> CreateAsync(bool fileVerificationFlag);

    protected static ReadyLeadQuery All(int pageSize = 1000, int? limit = null, DateTimeOffset? now = null) =>
        new(CampaignRouting.Default, null, PageSize: pageSize, Limit: limit, Now: now ?? TempWarehouse.Now);

    [Fact]
    public async Task Emails_are_normalised_and_duplicates_keep_the_highest_revenue_then_the_first_merchant()
    {
        await using var t = await CreateAsync();
        await t.LoadAsync(
            Lead(" Anna@Shop.COM ", revenue: 100_000m, merchant: "B"),
            Lead("anna@shop.com", revenue: 200_000m, merchant: "Z"),
            Lead("ANNA@shop.com\t", revenue: 200_000m, merchant: "A"),
            Lead("ben@shop.com", revenue: 50_000m));

        var ready = await t.Warehouse.StreamReadyLeadsAsync(All()).ToListAsync();

        Assert.Equal(["anna@shop.com", "ben@shop.com"], ready.Select(p => p.Email).Order());
        var anna = ready.Single(p => p.Email == "anna@shop.com");
        Assert.Equal("A", anna.MerchantName);
        Assert.Equal(200_000m, anna.EstimatedSalesYearly);
    }

    [Fact]
    public async Task Rows_without_exactly_one_at_sign_or_without_email_are_never_ready()
    {
        await using var t = await CreateAsync();
        await t.LoadAsync(Lead(null), Lead(""), Lead("   "), Lead("a@b@c.com"), Lead("nobody.example.com"), Lead("ok@fine.com"));

        var ready = await t.Warehouse.StreamReadyLeadsAsync(All()).ToListAsync();
        Assert.Equal(["ok@fine.com"], ready.Select(p => p.Email));

        var rows = await t.Warehouse.StreamEligibilityAsync(CampaignRouting.Default, 100, verificationEnabled: true).ToListAsync();
        Assert.Equal(6, rows.Count);
        Assert.Contains(rows, r => r.Prospect.Email == "" && r.ExclusionReason == "email is missing");
        Assert.Contains(rows, r => r.Prospect.Email == "" && r.ExclusionReason == "email is empty");
        var reasons = rows.Where(r => r.Prospect.Email.Length > 0).ToDictionary(r => r.Prospect.Email, r => r.ExclusionReason);
        Assert.Equal("email is empty", reasons["   "]);
        Assert.Equal("email does not contain exactly one @", reasons["a@b@c.com"]);
        Assert.Equal("email does not contain exactly one @", reasons["nobody.example.com"]);
        Assert.Null(reasons["ok@fine.com"]);
    }

    [Theory]
    // Wednesday 2026-11-25 15:00 UTC.
    [InlineData(6_000_000.0, true, 2000, 150.0, " ca ", "US", "America/New_York", 100, "midsize")] // 40+15+10+5+20+10
    [InlineData(1_000_000.0, false, 10, 20.0, "OH", "US", "America/Los_Angeles", 30, "midsize")]   // 20+10, 07:00 local
    [InlineData(5_000_000.0, false, 1000, 100.0, null, "us", "America/Chicago", 50, "midsize")]    // 30+10+10 (09:00 counts)
    [InlineData(999_999.99, false, 1001, 100.01, null, "GB", "Europe/Athens", 40, "smb")]          // 20+10+5+5, 17:00 does not
    [InlineData(null, false, null, null, null, " gb ", "Mars/Olympus", 15, "smb")]                 // unknown revenue: 10+5, bad zone: 0
    [InlineData(-5.0, false, null, null, null, "DE", "Europe/Berlin", 20, "smb")]                 // negative = unknown: 10, 16:00 +10
    [InlineData(500_001.0, true, null, null, "TX", "CA", "Asia/Tokyo", 55, "smb")]               // 20+15+20, Thursday 00:00
    [InlineData(500_000.0, false, null, null, null, "AU", null, 15, "smb")]                       // 10+5
    public async Task Score_and_segment_follow_the_shared_rules(double? revenue, bool klaviyo, int? products, double? avgPrice,
        string? state, string? country, string? zone, int expectedScore, string expectedSegment)
    {
        await using var t = await CreateAsync();
        await t.LoadAsync(Lead("lead@shop.com", revenue: (decimal?)revenue, state: state, country: country, timezone: zone,
            products: products, avgPrice: (decimal?)avgPrice, klaviyo: klaviyo ? TempWarehouse.Now.AddYears(-1) : null));

        var lead = Assert.Single(await t.Warehouse.StreamReadyLeadsAsync(All()).ToListAsync());

        Assert.Equal(expectedScore, lead.Score);
        Assert.Equal(expectedSegment, lead.SequenceTarget);
    }

    [Fact]
    public async Task Business_hours_use_the_query_clock_and_weekends_get_nothing()
    {
        await using var t = await CreateAsync();
        await t.LoadAsync(Lead("ny@shop.com", timezone: "America/New_York"));
        var saturday = new DateTimeOffset(2026, 11, 28, 15, 0, 0, TimeSpan.Zero);

        var weekday = Assert.Single(await t.Warehouse.StreamReadyLeadsAsync(All()).ToListAsync());
        var weekend = Assert.Single(await t.Warehouse.StreamReadyLeadsAsync(All(now: saturday)).ToListAsync());

        Assert.Equal(weekday.Score - 10, weekend.Score);
    }

    /// <summary>Three campaigns and a regional one: smb-uk takes small British and Irish shops, smb the other small
    /// ones (and unknown revenue), midsize up to 5,000,000.5 (a fractional bound), enterprise the rest.</summary>
    internal static readonly CampaignRouting FourCampaigns = new([
        new CampaignRoute("smb", null, 1_000_000m, takesUnknownRevenue: true, countries: ["US", "CA", "AU"]),
        new CampaignRoute("smb-uk", null, 1_000_000m, countries: ["gb", " IE "]),
        new CampaignRoute("midsize", 1_000_000m, 5_000_000.5m),
        new CampaignRoute("enterprise", 5_000_000.5m, null),
    ]);

    [Fact]
    public async Task Each_lead_gets_the_one_campaign_its_revenue_and_region_route_it_to()
    {
        await using var t = await CreateAsync();
        await t.LoadAsync(
            Lead("us@x.com", revenue: 999_999.99m, country: "US"),
            Lead("uk@x.com", revenue: 10m, country: " gb "),
            Lead("ie@x.com", revenue: null, country: "IE"),
            Lead("unknown@x.com", revenue: null, country: "us"),
            Lead("de@x.com", revenue: 10m, country: "DE"),
            Lead("mid@x.com", revenue: 5_000_000.49m, country: "DE"),
            Lead("edge@x.com", revenue: 5_000_000.5m, country: null),
            Lead("big@x.com", revenue: 90_000_000m, country: "GB"));

        var all = (await t.Warehouse.StreamReadyLeadsAsync(new ReadyLeadQuery(FourCampaigns, null, Now: TempWarehouse.Now)).ToListAsync())
            .ToDictionary(p => p.Email, p => p.SequenceTarget);
        var plan = (await t.Warehouse.StreamEligibilityAsync(FourCampaigns, 100, verificationEnabled: true).ToListAsync()).ToDictionary(r => r.Prospect.Email, r => r.Prospect.SequenceTarget);
        var explained = await t.Warehouse.ExplainAsync("uk@x.com", FourCampaigns, verificationEnabled: true);

        var expected = new Dictionary<string, string?>
        {
            ["us@x.com"] = "smb", ["uk@x.com"] = "smb-uk", ["ie@x.com"] = null, ["unknown@x.com"] = "smb", ["de@x.com"] = null,
            ["mid@x.com"] = "midsize", ["edge@x.com"] = "enterprise", ["big@x.com"] = "enterprise",
        };
        Assert.Equal(expected.OrderBy(e => e.Key), all.OrderBy(e => e.Key));
        Assert.Equal(expected.OrderBy(e => e.Key), plan.OrderBy(e => e.Key));
        Assert.Equal("smb-uk", explained.Eligible!.SequenceTarget);

        foreach (var campaign in FourCampaigns.Routes)
        {
            var read = await t.Warehouse.StreamReadyLeadsAsync(new ReadyLeadQuery(FourCampaigns, campaign.Name, Now: TempWarehouse.Now)).ToListAsync();
            Assert.Equal(expected.Where(e => e.Value == campaign.Name).Select(e => e.Key).Order(), read.Select(p => p.Email).Order());
            Assert.All(read, p => Assert.Equal(campaign.Name, p.SequenceTarget));
        }
    }

    [Fact]
    public async Task States_narrow_a_campaign_and_the_views_route_as_the_adapter_was_configured()
    {
        await using var t = await CreateAsync();
        await t.LoadAsync(Lead("ca@x.com", state: " ca ", country: "US"), Lead("oh@x.com", state: "OH", country: "US"));
        var west = new CampaignRouting([
            new CampaignRoute("west", null, null, takesUnknownRevenue: true, states: ["CA", "OR"]),
            new CampaignRoute("rest", null, null, takesUnknownRevenue: true, states: ["OH", "NY"]),
        ]);

        var routed = (await t.Warehouse.StreamReadyLeadsAsync(new ReadyLeadQuery(west, "west", Now: TempWarehouse.Now)).ToListAsync()).Select(p => p.Email);
        var byView = (await t.Warehouse.StreamEligibilityAsync(CampaignRouting.Default, 10, verificationEnabled: true).ToListAsync()).Select(r => r.Prospect.SequenceTarget);

        Assert.Equal(["ca@x.com"], routed);
        Assert.Equal(["smb", "smb"], byView); // the default routing, rendered into the view at creation
    }

    [Fact]
    public async Task Revenue_range_is_half_open_and_unknown_revenue_only_where_configured()
    {
        await using var t = await CreateAsync();
        await t.LoadAsync(Lead("low@x.com", revenue: 999_999.99m), Lead("edge@x.com", revenue: 1_000_000m),
            Lead("high@x.com", revenue: 3_000_000m), Lead("unknown@x.com", revenue: null), Lead("negative@x.com", revenue: -1m));

        var smb = await t.Warehouse.StreamReadyLeadsAsync(new ReadyLeadQuery(CampaignRouting.Default, "smb", Now: TempWarehouse.Now)).ToListAsync();
        var midsize = await t.Warehouse.StreamReadyLeadsAsync(new ReadyLeadQuery(CampaignRouting.Default, "MIDSIZE", Now: TempWarehouse.Now)).ToListAsync();

        Assert.Equal(["low@x.com", "negative@x.com", "unknown@x.com"], smb.Select(p => p.Email).Order());
        Assert.Equal(["edge@x.com", "high@x.com"], midsize.Select(p => p.Email).Order());
    }

    [Fact]
    public async Task Pages_follow_score_then_email_and_limit_caps_the_total()
    {
        await using var t = await CreateAsync();
        var rows = Enumerable.Range(0, 2_345).Select(i => Lead($"lead{i:D5}@shop.com",
            revenue: (i % 4) switch { 0 => 100_000m, 1 => 600_000m, 2 => 2_000_000m, _ => 9_000_000m })).ToArray();
        await t.LoadAsync(rows);

        var all = await t.Warehouse.StreamReadyLeadsAsync(All(pageSize: 100)).ToListAsync();
        var capped = await t.Warehouse.StreamReadyLeadsAsync(All(pageSize: 100, limit: 250)).ToListAsync();

        var expected = all.OrderByDescending(p => p.Score).ThenBy(p => p.Email, StringComparer.Ordinal).Select(p => p.Email).ToList();
        Assert.Equal(2_345, all.Count);
        Assert.Equal(expected, all.Select(p => p.Email));
        Assert.Equal(expected.Take(250), capped.Select(p => p.Email));
    }

    [Fact]
    public async Task A_stream_abandoned_early_releases_its_snapshot_and_the_next_one_sees_new_writes()
    {
        await using var t = await CreateAsync();
        await t.LoadAsync(Enumerable.Range(0, 50).Select(i => Lead($"l{i:D2}@x.com")).ToArray());

        var firstFive = new List<string>();
        await foreach (var p in t.Warehouse.StreamReadyLeadsAsync(All(pageSize: 10)))
        {
            firstFive.Add(p.Email);
            if (firstFive.Count == 5) break;
        }
        await t.Warehouse.UpsertLeadStatesAsync(firstFive.Select(e => new LeadStateRow(e, "c1", "SMB", LeadState.Active, "L", 1, null, TempWarehouse.Now)).ToList());
        var rest = await t.Warehouse.StreamReadyLeadsAsync(All(pageSize: 10)).ToListAsync();

        Assert.Equal(["l00@x.com", "l01@x.com", "l02@x.com", "l03@x.com", "l04@x.com"], firstFive);
        Assert.Equal(45, rest.Count);
        Assert.DoesNotContain(rest, p => firstFive.Contains(p.Email));
    }

    [Fact]
    public async Task Each_exclusion_is_applied_with_its_reason()
    {
        await using var t = await CreateAsync();
        var now = TempWarehouse.Now;
        string[] emails =
        [
            "active@x.com", "engaged@x.com", "skipped@x.com", "quarantined@x.com", "completed@x.com",
            "recent@x.com", "old@x.com", "suppressed@x.com", "invalid@x.com", "permanent@x.com",
            "retrylater@x.com", "retrydue@x.com", "resolved@x.com", "clean@x.com",
        ];
        await t.LoadAsync(emails.Select(e => Lead(e)).Append(Lead("CLEAN@x.com ", revenue: 1m)).ToArray());

        await t.Warehouse.UpsertLeadStatesAsync(
        [
            new LeadStateRow("active@x.com", "c-smb", "SMB", LeadState.Active, "L1", 1, null, now),
            new LeadStateRow("engaged@x.com", "c-mid", "Midsize", LeadState.Engaged, "L2", 1, null, now),
            new LeadStateRow("skipped@x.com", "c-smb", "SMB", LeadState.Skipped, null, null, "skipped by Instantly", now),
            new LeadStateRow("quarantined@x.com", "c-smb", "SMB", LeadState.Quarantine, null, 422, "invalid email", now),
            new LeadStateRow("completed@x.com", "c-smb", "SMB", LeadState.Completed, "L5", 3, null, now),
        ]);
        await t.Warehouse.RecordDrainsAsync(
        [
            Drain("recent@x.com", now.AddDays(-10), null),
            Drain("old@x.com", now.AddDays(-100), null),
        ]);
        await t.Warehouse.AddSuppressionsAsync([new Suppression("suppressed@x.com", "unsubscribed", now.AddDays(-1))]);
        await ((IOpsWarehouse)t.Warehouse).SaveVerificationsAsync([new StoredVerification("invalid@x.com", VerificationStatus.Invalid, CatchAllState.No, 1m, now)]);
        await t.Warehouse.UpsertDeadLettersAsync(
        [
            Dead("d1", "permanent@x.com", permanent: true, next: null),
            Dead("d2", "retrylater@x.com", permanent: false, next: now.AddHours(2)),
            Dead("d3", "retrydue@x.com", permanent: false, next: now.AddHours(-2)),
            Dead("d4", "resolved@x.com", permanent: true, next: null),
        ]);
        await t.Warehouse.ResolveDeadLettersAsync(["d4"], "fixed by hand", now);

        // The reader's flag is the effective setting (HOCON overlaid by the config table): the first read runs with it off.
        var reasons = (await t.Warehouse.StreamEligibilityAsync(CampaignRouting.Default, 100, verificationEnabled: false).ToListAsync())
            .ToDictionary(r => r.Prospect.Email, r => (r.ExclusionReason, r.CooldownUntil));
        var ready = (await t.Warehouse.StreamReadyLeadsAsync(All() with { VerificationEnabled = false }).ToListAsync()).Select(p => p.Email).Order().ToList();

        Assert.Equal("already active in Instantly (SMB)", reasons["active@x.com"].ExclusionReason);
        Assert.Equal("already engaged in Instantly (Midsize)", reasons["engaged@x.com"].ExclusionReason);
        Assert.Equal("skipped by Instantly (SMB)", reasons["skipped@x.com"].ExclusionReason);
        Assert.Equal("quarantined (SMB)", reasons["quarantined@x.com"].ExclusionReason);
        Assert.Equal("cooldown until 2027-02-13", reasons["recent@x.com"].ExclusionReason);
        Assert.Equal(now.AddDays(80), reasons["recent@x.com"].CooldownUntil);
        Assert.Equal("suppressed: unsubscribed", reasons["suppressed@x.com"].ExclusionReason);
        Assert.Equal("permanent failure: Validation", reasons["permanent@x.com"].ExclusionReason);
        Assert.Equal("retry scheduled at 2026-11-25 17:00:00 UTC", reasons["retrylater@x.com"].ExclusionReason);
        Assert.Equal("duplicate of a row with higher revenue", reasons["CLEAN@x.com "].ExclusionReason);
        // Verification failures only count while the feature flag is on.
        Assert.Null(reasons["invalid@x.com"].ExclusionReason);
        Assert.Equal(["clean@x.com", "completed@x.com", "invalid@x.com", "old@x.com", "resolved@x.com", "retrydue@x.com"], ready);

        // With no config table row at all (the shipped default, on): excluded, by the sync's read, plan's and explain's alike.
        var withFlag = (await t.Warehouse.StreamEligibilityAsync(CampaignRouting.Default, 100, verificationEnabled: true).ToListAsync()).Single(r => r.Prospect.Email == "invalid@x.com");
        Assert.Equal("email verification failed (invalid)", withFlag.ExclusionReason);
        Assert.DoesNotContain("invalid@x.com", (await t.Warehouse.StreamReadyLeadsAsync(All()).ToListAsync()).Select(p => p.Email));
        Assert.Equal("email verification failed (invalid)", (await t.Warehouse.ExplainAsync("invalid@x.com", CampaignRouting.Default, verificationEnabled: true)).ExclusionReason);
    }

    [Fact]
    public async Task A_config_table_row_does_not_overrule_the_flag_the_reader_runs_with()
    {
        // The row is already part of the effective setting the reader was handed; reading it again in SQL would be a second home.
        await using var t = await CreateAsync();
        await t.LoadAsync(Lead("invalid@x.com"), Lead("clean@x.com"));
        await ((IOpsWarehouse)t.Warehouse).SaveVerificationsAsync([new StoredVerification("invalid@x.com", VerificationStatus.Invalid, CatchAllState.No, 1m, TempWarehouse.Now)]);

        await t.Warehouse.WriteConfigAsync("feature_flags", """{"email_verification_enabled": false}""", TempWarehouse.Now);
        Assert.Equal(["clean@x.com"], (await t.Warehouse.StreamReadyLeadsAsync(All()).ToListAsync()).Select(p => p.Email));
        Assert.Equal("email verification failed (invalid)", (await t.Warehouse.ExplainAsync("invalid@x.com", CampaignRouting.Default, verificationEnabled: true)).ExclusionReason);

        await t.Warehouse.WriteConfigAsync("feature_flags", """{"email_verification_enabled": true}""", TempWarehouse.Now.AddMinutes(1));
        Assert.Equal(["clean@x.com", "invalid@x.com"], (await t.Warehouse.StreamReadyLeadsAsync(All() with { VerificationEnabled = false }).ToListAsync()).Select(p => p.Email).Order());
        Assert.Null((await t.Warehouse.ExplainAsync("invalid@x.com", CampaignRouting.Default, verificationEnabled: false)).ExclusionReason);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_ready_view_takes_the_config_table_row_over_the_configuration_files_flag(bool fileFlag)
    {
        // v_ready_for_instantly is read by people, not the daemon: with no row it follows the file the adapter was opened
        // with (on by default, as the daemon's setting is), and a feature_flags row overrides it, as it does the daemon's.
        await using var t = await CreateAsync(fileFlag);
        await t.LoadAsync(Lead("invalid@x.com"), Lead("clean@x.com"));
        await ((IOpsWarehouse)t.Warehouse).SaveVerificationsAsync([new StoredVerification("invalid@x.com", VerificationStatus.Invalid, CatchAllState.No, 1m, TempWarehouse.Now)]);
        string[] onlyClean = ["clean@x.com"], both = ["clean@x.com", "invalid@x.com"];

        Assert.Equal(fileFlag ? onlyClean : both, await t.ReadReadyViewAsync());

        await t.Warehouse.WriteConfigAsync("feature_flags", fileFlag ? """{"email_verification_enabled": false}""" : """{"email_verification_enabled": true}""", TempWarehouse.Now);
        Assert.Equal(fileFlag ? both : onlyClean, await t.ReadReadyViewAsync());
    }

    internal static DrainRecord Drain(string email, DateTimeOffset at, string? suppression, string reason = "completed") =>
        new(email, "c-smb", "L-" + email, reason, "success", at, 30, 5, 2, 1, 0, suppression);

    internal static DeadLetter Dead(string id, string email, bool permanent, DateTimeOffset? next) =>
        new(id, "create", email, "c-smb", "Validation", 422, "bad lead", null, 1, next,
            TempWarehouse.Now.AddDays(-1), TempWarehouse.Now.AddHours(-1), permanent);
}
