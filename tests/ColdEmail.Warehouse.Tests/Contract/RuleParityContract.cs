using ColdEmail.Domain.Eligibility;
using ColdEmail.Domain.Leads;
using ColdEmail.Domain.Routing;
using ColdEmail.Domain.Scoring;
using ColdEmail.Domain.Verification;
using ColdEmail.Warehouse.Generation;
using CsCheck;

namespace ColdEmail.Warehouse.Tests.Contract;

/// <summary>
/// The SQL views are what runs; the domain's C# rules are their executable specification. For generated worlds
/// (prospect rows at revenue boundaries, with nulls, states, countries, Klaviyo dates, catalogue sizes, prices and time
/// zones, plus state rows, drains, suppressions, erasures, dead letters and verdicts, at a generated clock) the view
/// must decide every row as <see cref="EligibilityRules"/>, <see cref="CampaignRouting"/> and <see cref="LeadScore"/> do.
/// Each engine supplies a fresh warehouse per world.
/// </summary>
public abstract class RuleParityContract
{
    protected abstract Task<IWarehouseHarness> CreateAsync();

    /// <summary>Worlds per run: each loads a fresh warehouse, so the engines' costs set it.</summary>
    protected abstract int Iterations { get; }

    [Fact]
    public void The_generated_routing_is_a_valid_configuration() => Assert.Empty(ParityGen.Routing.Conflicts());

    [Fact]
    public Task The_view_decides_eligibility_campaign_and_score_as_the_csharp_rules_do() =>
        ParityGen.World.SampleAsync(CheckAsync, iter: Iterations, threads: 1, print: w => w?.ToString() ?? "");

    private async Task CheckAsync(ParityWorld world)
    {
        await using var t = await CreateAsync();
        await world.WriteAsync(t);
        t.Clock.SetUtcNow(world.Now);

        var rows = await t.Warehouse.StreamEligibilityAsync(world.Routing, 10_000, world.VerificationEnabled).ToListAsync();
        Assert.Equal(world.Rows.Count, rows.Count);
        var byPlatform = rows.ToDictionary(r => r.Prospect.PlatformDomain!);
        foreach (var (row, i) in world.Rows.Select((r, i) => (r, i)))
        {
            var view = byPlatform[row.PlatformDomain!];
            var expected = world.Expected(i);
            var what = $"row {i} '{row.Email}' (revenue {row.EstimatedSalesYearly}, {row.CountryCode}/{row.State}, zone '{row.Timezone}')";
            Assert.True(expected.Decision.Exclusion == KindOf(view.ExclusionReason),
                $"{what}: C# says {expected.Decision.Exclusion?.ToString() ?? "eligible"}, the view says '{view.ExclusionReason ?? "eligible"}'");
            Assert.True(expected.Campaign == view.Prospect.SequenceTarget,
                $"{what}: C# routes to '{expected.Campaign}', the view to '{view.Prospect.SequenceTarget}'");
            Assert.True(expected.Score.Total == view.Prospect.Score,
                $"{what}: C# scores {expected.Score}, the view {view.Prospect.Score}");
        }

        // The sync reads per campaign exactly the eligible rows the rules route there.
        foreach (var route in world.Routing.Routes)
        {
            var read = await t.Warehouse.StreamReadyLeadsAsync(new ReadyLeadQuery(world.Routing, route.Name, Now: world.Now, VerificationEnabled: world.VerificationEnabled)).ToListAsync();
            var expected = world.Rows.Select((r, i) => (r, e: world.Expected(i)))
                .Where(x => x.e.Decision.Eligible && x.e.Campaign == route.Name)
                .Select(x => EmailIdentity.Key(x.r.Email)).Order(StringComparer.Ordinal);
            Assert.Equal(expected, read.Select(p => p.Email).Order(StringComparer.Ordinal));
        }
    }

    /// <summary>The view spells its reasons for people; each starts with the rule that excluded the row.</summary>
    private static ExclusionKind? KindOf(string? reason) => reason switch
    {
        null => null,
        EmailIdentity.MissingReason or EmailIdentity.EmptyReason or EmailIdentity.WhiteSpaceReason
            or EmailIdentity.NonAsciiReason or EmailIdentity.AtSignReason => ExclusionKind.InvalidEmail,
        _ when reason.StartsWith("duplicate of a row", StringComparison.Ordinal) => ExclusionKind.Duplicate,
        _ when reason.StartsWith("suppressed: ", StringComparison.Ordinal) => ExclusionKind.Suppressed,
        "erased" => ExclusionKind.Erased,
        _ when reason.StartsWith("suppressed domain ", StringComparison.Ordinal) => ExclusionKind.SuppressedDomain,
        _ when reason.StartsWith("already ", StringComparison.Ordinal) => ExclusionKind.AlreadyInInstantly,
        _ when reason.StartsWith("skipped by Instantly", StringComparison.Ordinal) => ExclusionKind.Skipped,
        _ when reason.StartsWith("quarantined (", StringComparison.Ordinal) => ExclusionKind.Quarantined,
        _ when reason.StartsWith("permanent failure: ", StringComparison.Ordinal) => ExclusionKind.DeadLetterPermanent,
        _ when reason.StartsWith("email verification failed", StringComparison.Ordinal) => ExclusionKind.VerificationInvalid,
        _ when reason.StartsWith("cooldown until ", StringComparison.Ordinal) => ExclusionKind.Cooldown,
        _ when reason.StartsWith("retry scheduled at ", StringComparison.Ordinal) => ExclusionKind.DeadLetterPending,
        _ => throw new InvalidOperationException($"unknown exclusion reason '{reason}'"),
    };
}

/// <summary>What the warehouse holds about one address of the generated pool besides its eligible_leads rows.</summary>
public sealed record ParityFacts(
    LeadState[] States,
    (int DaysAgo, int? CooldownDays)[] Drains,
    bool Suppressed,
    bool Erased,
    (bool Permanent, int? RetryInHours, bool Resolved)[] DeadLetters,
    VerificationStatus? Verification);

public sealed record ParityWorld(
    DateTimeOffset Now,
    bool VerificationEnabled,
    bool DomainSuppressed,
    CampaignRouting Routing,
    IReadOnlyList<EligibleLeadRow> Rows,
    IReadOnlyList<ParityFacts> Facts,
    bool? ConfigTableFlag = null)
{
    public const string SuppressedDomain = "shop0.com";

    public sealed record Expectation(EligibilityDecision Decision, string? Campaign, LeadScore Score);

    public Expectation Expected(int index)
    {
        var row = Rows[index];
        var prospect = ProspectOf(row);
        var email = EmailIdentity.Normalise(row.Email).Email;
        var facts = new EligibilityFacts();
        if (email is not null)
        {
            var primary = Rows.Select(ProspectOf).Where(p => EmailIdentity.Normalise(p.Email).Email == email)
                .Order(EligibilityFactRules.Precedence).First();
            var pool = ParityGen.PoolIndex(email);
            var f = pool is { } i ? Facts[i] : null;
            facts = new EligibilityFacts(
                IsPrimary: primary.PlatformDomain == row.PlatformDomain,
                Suppressed: f is { Suppressed: true },
                Erased: f is { Erased: true },
                DomainSuppressed: DomainSuppressed && email.EndsWith("@" + SuppressedDomain, StringComparison.Ordinal),
                CurrentState: f is null ? null : EligibilityFactRules.CurrentState(f.States),
                PermanentDeadLetter: f is not null && f.DeadLetters.Any(d => d.Permanent && !d.Resolved),
                Verification: f?.Verification,
                CooldownUntil: f is null ? null : EligibilityFactRules.CooldownUntil(f.Drains.Select(d =>
                    (Now.AddDays(-d.DaysAgo), d.CooldownDays is { } c ? Now.AddDays(-d.DaysAgo + c) : (DateTimeOffset?)null))),
                RetryUntil: f is null ? null : EligibilityFactRules.RetryUntil(f.DeadLetters.Select(d =>
                    (d.Permanent, d.RetryInHours is { } h ? Now.AddHours(h) : (DateTimeOffset?)null, d.Resolved))));
        }
        return new Expectation(
            EligibilityRules.Evaluate(row.Email, facts, VerificationEnabled, Now),
            Routing.Route(row.EstimatedSalesYearly, row.CountryCode, row.State),
            LeadScore.Calculate(prospect, Now));
    }

    private static Prospect ProspectOf(EligibleLeadRow r) => new(r.Email!, r.MerchantName, r.PlatformDomain, r.State, r.CountryCode,
        r.EstimatedSalesYearly, r.EmployeeCount, r.ProductCount, r.AvgPrice, r.KlaviyoInstalledAt, r.Timezone);

    public async Task WriteAsync(IWarehouseHarness t)
    {
        var w = t.Warehouse;
        var at = Now.AddDays(-1);
        for (var i = 0; i < Facts.Count; i++)
        {
            var email = ParityGen.Pool(i);
            var f = Facts[i];
            if (f.Erased) await w.ForgetAsync(email, at); // first: an erasure deletes the address's other rows
            await w.UpsertLeadStatesAsync(f.States.Select((s, k) => new LeadStateRow(email, $"c{k}", $"C{k}", s, $"L{i}-{k}", 1, null, at.AddMinutes(k))).ToList());
            await w.RecordDrainsAsync(f.Drains.Select((d, k) => new DrainRecord(email, $"d{k}", $"D{i}-{k}", "completed", "success",
                Now.AddDays(-d.DaysAgo), 30, 5, 1, 0, 0, null, null, d.CooldownDays is { } c ? Now.AddDays(-d.DaysAgo + c) : null)).ToList());
            if (f.Suppressed) await w.AddSuppressionsAsync([new Suppression(email, "unsubscribed", at)]);
            var letters = f.DeadLetters.Select((d, k) => new DeadLetter($"dl-{i}-{k}", "create", email, "c0", "Validation", 422, "bad lead", null, 1,
                d.RetryInHours is { } h ? Now.AddHours(h) : null, at, at, d.Permanent)).ToList();
            await w.UpsertDeadLettersAsync(letters);
            await w.ResolveDeadLettersAsync(letters.Where((_, k) => f.DeadLetters[k].Resolved).Select(l => l.Id).ToList(), "fixed", at);
            if (f.Verification is { } v)
                await ((IOpsWarehouse)w).SaveVerificationsAsync([new StoredVerification(email, v, CatchAllState.No, 1m, at)]);
        }
        if (DomainSuppressed) await w.AddDomainSuppressionsAsync([new DomainSuppression(SuppressedDomain, "asked", at)]);
        // The effective flag (VerificationEnabled) is what the reads are handed; a config table row that agrees, disagrees
        // or is missing must change nothing, because the daemon's effective setting already holds it.
        if (ConfigTableFlag is { } row) await w.WriteConfigAsync("feature_flags", row ? """{"email_verification_enabled": true}""" : """{"email_verification_enabled": false}""", at);
        await t.LoadEligibleLeadsAsync(Rows);
    }

    public override string ToString() =>
        $"now {Now:O}, verification {VerificationEnabled} (table row {ConfigTableFlag?.ToString() ?? "none"}), domain suppressed {DomainSuppressed}, {Rows.Count} rows: " +
        string.Join("; ", Rows.Select(r => $"'{r.Email}' {r.EstimatedSalesYearly} {r.CountryCode}/{r.State} '{r.Timezone}'"));
}

/// <summary>The generators: boundary values first, arbitrary values between them.</summary>
public static class ParityGen
{
    private const int PoolSize = 8;

    public static string Pool(int i) => $"lead{i}@shop{i % 3}.com";

    public static int? PoolIndex(string normalised)
    {
        for (var i = 0; i < PoolSize; i++) if (Pool(i) == normalised) return i;
        return null;
    }

    private static readonly string?[] Broken =
        [null, "", "   ", "a@b@c.com", "nobody.example.com", "wh ite@x.com", "ünï@x.com", "a@b", "zero\u200Bwidth@x.com"];

    private static readonly Gen<string?> Email = Gen.OneOf(
        Gen.Int[0, PoolSize - 1].Select(Gen.Int[0, 4], (i, variant) => (string?)(variant switch
        {
            0 => Pool(i),
            1 => Pool(i).ToUpperInvariant(),
            2 => "  " + Pool(i) + "\t",
            3 => "\u00A0" + Pool(i) + "\uFEFF",
            _ => Pool(i).Replace("lead", "Lead", StringComparison.Ordinal),
        })),
        Gen.OneOfConst(Broken));

    private static readonly Gen<decimal?> Money = Gen.Frequency(
        (6, Gen.OneOfConst<decimal?>(null, -5m, 0m, 499_999.99m, 500_000m, 500_000.01m, 999_999.99m, 1_000_000m, 1_000_000.01m,
            4_999_999.99m, 5_000_000m, 5_000_000.01m, 50_000_000m)),
        (2, Gen.Long[0, 9_000_000_000L].Select(cents => (decimal?)(cents / 100m))));

    private static readonly Gen<string?> State = Gen.OneOfConst<string?>(null, "", "CA", "ca", " ny ", "TX", "Fl", "OH", "WA", "C", "\tTX\n");

    private static readonly Gen<string?> Country = Gen.OneOfConst<string?>(null, "", "US", " us", "GB", "gb ", "CA", "AU", "IE", "DE", "U");

    private static readonly Gen<string?> Zone = Gen.OneOfConst<string?>(null, "", "America/New_York", "America/Los_Angeles",
        "Europe/Athens", "Asia/Tokyo", "Australia/Sydney", "UTC", "Etc/GMT+5", "Mars/Olympus", " America/Chicago", "america/new_york");

    private static readonly Gen<EligibleLeadRow> Row =
        Gen.Select(Email, Money, State, Country, Gen.OneOfConst<int?>(null, 0, 1000, 1001, 25_000), Gen.OneOfConst<decimal?>(null, 0m, 99.99m, 100m, 100.01m, 1_250m),
            Gen.OneOfConst<DateTimeOffset?>(null, new DateTimeOffset(2020, 2, 29, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2027, 1, 1, 12, 0, 0, TimeSpan.Zero)))
        .Select(Zone, Gen.OneOfConst<string?>(null, "A", "B", "Z"), (x, zone, merchant) =>
            new EligibleLeadRow(x.Item1, merchant, "", null, x.Item3, x.Item4, x.Item2, 5, x.Item5, x.Item6, x.Item7, zone));

    private static readonly Gen<ParityFacts> Facts = Gen.Select(
        Gen.OneOfConst(LeadState.Active, LeadState.Engaged, LeadState.Skipped, LeadState.Quarantine, LeadState.Completed, LeadState.Eligible).Array[0, 2],
        Gen.Select(Gen.OneOfConst(1, 10, 89, 91, 200), Gen.OneOfConst<int?>(null, 5, 30, 365)).Array[0, 2],
        Gen.Int[0, 9],
        Gen.Select(Gen.Bool, Gen.OneOfConst<int?>(null, -2, 3), Gen.Bool).Array[0, 2],
        Gen.OneOfConst<VerificationStatus?>(null, VerificationStatus.Invalid, VerificationStatus.Verified))
        .Select(x => new ParityFacts(x.Item1, x.Item2, x.Item3 == 0, x.Item3 == 1, x.Item4, x.Item5));

    private static readonly DateTimeOffset[] Clocks =
    [
        new(2026, 11, 25, 15, 0, 0, TimeSpan.Zero),   // Wednesday: 10:00 New York, 07:00 Los Angeles, 17:00 Athens
        new(2026, 11, 27, 21, 59, 0, TimeSpan.Zero),  // Friday 16:59 in New York, Saturday in Tokyo
        new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero),   // Saturday everywhere that matters
        new(2026, 11, 29, 23, 30, 0, TimeSpan.Zero),  // Sunday in the Americas, Monday morning in Tokyo and Sydney
        new(2027, 3, 15, 13, 0, 0, TimeSpan.Zero),    // the Monday after New York moved its clocks: 09:00 local
    ];

    /// <summary>Three campaigns, one of them regional, with a gap no campaign serves (DE, small shops).</summary>
    public static readonly CampaignRouting Routing = new([
        new CampaignRoute("smb", null, 1_000_000m, takesUnknownRevenue: true, countries: ["US", "CA", "AU"]),
        new CampaignRoute("smb-uk", null, 1_000_000m, countries: ["GB", "IE"]),
        new CampaignRoute("midsize", 1_000_000m, 5_000_000.01m),
        new CampaignRoute("enterprise", 5_000_000.01m, null, states: ["CA", "NY", "TX", "FL", "WA", "OH"]),
        new CampaignRoute("enterprise-west", 5_000_000.01m, null, states: ["NV", "OR"]),
    ]);

    public static readonly Gen<ParityWorld> World = Gen.Select(
            Gen.OneOfConst(Clocks), Gen.Bool, Gen.Bool, Row.Array[1, 60], Facts.Array[PoolSize], Gen.OneOfConst<bool?>(null, false, true))
        .Select(x => new ParityWorld(x.Item1, x.Item2, x.Item3, Routing,
            x.Item4.Select((r, i) => r with { PlatformDomain = $"p{i:D2}.myshopify.com" }).ToArray(), x.Item5, x.Item6));
}
