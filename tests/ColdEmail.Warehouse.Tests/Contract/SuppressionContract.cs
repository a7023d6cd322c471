using ColdEmail.Domain.Routing;
using ColdEmail.Domain.Leads;
using ColdEmail.Domain.Verification;
using ColdEmail.Warehouse.Tests.DuckDb;
using static ColdEmail.Warehouse.Tests.Contract.ReadyLeadsContract;
using static ColdEmail.Warehouse.Tests.DuckDb.TempWarehouse;

namespace ColdEmail.Warehouse.Tests.Contract;

/// <summary>Cooldowns from the drain's own date, suppressions that nothing downgrades, domain suppression and erasure: every engine.</summary>
public abstract class SuppressionContract
{
    protected abstract Task<IWarehouseHarness> CreateAsync();

    private static readonly DateTimeOffset T0 = TempWarehouse.Now;

    private static ReadyLeadQuery At(DateTimeOffset now) => new(CampaignRouting.Default, null, Now: now);

    private static async Task<string[]> ReadyAt(IWarehouseHarness t, DateTimeOffset now) =>
        (await t.Warehouse.StreamReadyLeadsAsync(At(now)).ToListAsync()).Select(p => p.Email).Order().ToArray();

    [Fact]
    public async Task A_drain_with_a_30_day_cooldown_is_ready_again_after_30_days_not_90()
    {
        await using var t = await CreateAsync();
        await t.LoadAsync(Lead("thirty@x.com"), Lead("legacy@x.com"));
        await t.Warehouse.RecordDrainsAsync(
        [
            Drain("thirty@x.com", T0, null) with { CooldownUntil = T0.AddDays(30) },
            Drain("legacy@x.com", T0, null), // recorded without a cooldown: the 90-day default
        ]);

        Assert.Empty(await ReadyAt(t, T0.AddDays(29)));
        Assert.Equal(["thirty@x.com"], await ReadyAt(t, T0.AddDays(30).AddMinutes(1)));
        Assert.Equal(["thirty@x.com"], await ReadyAt(t, T0.AddDays(89)));
        Assert.Equal(["legacy@x.com", "thirty@x.com"], await ReadyAt(t, T0.AddDays(90).AddMinutes(1)));

        // explain (and plan) show the date the cooldown yields.
        var reasons = (await t.Warehouse.StreamEligibilityAsync(CampaignRouting.Default, 10, verificationEnabled: true).ToListAsync()).ToDictionary(r => r.Prospect.Email);
        Assert.Equal("cooldown until 2026-12-25", reasons["thirty@x.com"].ExclusionReason);
        Assert.Equal(T0.AddDays(30), reasons["thirty@x.com"].CooldownUntil);
        Assert.Equal("cooldown until 2027-02-23", reasons["legacy@x.com"].ExclusionReason);
        Assert.Equal("cooldown until 2026-12-25", (await t.Warehouse.ExplainAsync("Thirty@x.com")).ExclusionReason);
    }

    [Fact]
    public async Task A_later_missing_drain_never_downgrades_a_suppression_to_a_cooldown()
    {
        await using var t = await CreateAsync();
        await t.LoadAsync(Lead("gone@x.com"));
        await t.Warehouse.RecordDrainsAsync([Drain("gone@x.com", T0, "unsubscribed", reason: "unsubscribed") with { CooldownUntil = T0.AddDays(30) }]);
        // The lead later disappears from Instantly: the drain records "missing", which only earns a cooldown.
        await t.Warehouse.RecordDrainsAsync([Drain("gone@x.com", T0.AddDays(1), null, reason: "missing") with { CooldownUntil = T0.AddDays(31) }]);

        Assert.Empty(await ReadyAt(t, T0.AddDays(400)));
        var dossier = await t.Warehouse.ExplainAsync("gone@x.com");
        Assert.Equal("suppressed: unsubscribed", dossier.ExclusionReason);
        Assert.Equal("unsubscribed", dossier.Suppression?.Reason);
        Assert.Equal(["unsubscribed", "missing"], dossier.History.Select(h => h.DrainReason));
    }

    [Fact]
    public async Task A_suppressed_domain_excludes_every_address_at_it_and_nothing_else()
    {
        await using var t = await CreateAsync();
        await t.LoadAsync(Lead("bob@acme.com"), Lead(" ALICE@Acme.COM"), Lead("carol@sub.acme.com"), Lead("dan@notacme.com"));
        await t.Warehouse.AddDomainSuppressionsAsync(
        [
            new DomainSuppression(" Acme.COM ", "replied: stop", T0),
            new DomainSuppression("acme.com", "later reason", T0.AddDays(1)), // the first suppression of a domain wins
        ]);
        await t.Warehouse.AddDomainSuppressionsAsync([new DomainSuppression("acme.com", "again", T0.AddDays(2))]);

        Assert.Equal(["carol@sub.acme.com", "dan@notacme.com"], await ReadyAt(t, T0));
        var bob = await t.Warehouse.ExplainAsync("bob@acme.com");
        Assert.Equal("suppressed domain acme.com: replied: stop", bob.ExclusionReason);
        Assert.Equal(new DomainSuppression("acme.com", "replied: stop", T0), bob.DomainSuppression);
        Assert.Null((await t.Warehouse.ExplainAsync("dan@notacme.com")).DomainSuppression);
        await Assert.ThrowsAsync<ArgumentException>(() => t.Warehouse.AddDomainSuppressionsAsync([new DomainSuppression("a@b.com", "x", T0)]));
    }

    [Fact]
    public async Task Forgetting_an_address_deletes_its_data_keeps_only_its_hash_and_excludes_a_later_import()
    {
        await using var t = await CreateAsync();
        await t.LoadAsync(Lead(" Jane@Acme.com"), Lead("jane@acme.com\u00a0"), Lead("bob@acme.com"));
        await t.Warehouse.UpsertLeadStatesAsync(
        [
            new LeadStateRow("jane@acme.com", "c-smb", "SMB", LeadState.Active, "L1", 1, null, T0.AddDays(-10)),
            new LeadStateRow("bob@acme.com", "c-smb", "SMB", LeadState.Active, "L2", 1, null, T0.AddDays(-10)),
        ]);
        await t.Warehouse.RecordDrainsAsync([Drain("jane@acme.com", T0.AddDays(-1), "unsubscribed", reason: "unsubscribed")]);
        await t.Warehouse.UpsertDeadLettersAsync([Dead("d1", "jane@acme.com", permanent: true, next: null)]);
        await ((IOpsWarehouse)t.Warehouse).SaveVerificationsAsync([new StoredVerification("jane@acme.com", VerificationStatus.Verified, CatchAllState.No, 0.25m, T0)]);

        var report = await t.Warehouse.ForgetAsync("JANE@acme.com ", T0);
        await t.Warehouse.ForgetAsync("jane@acme.com", T0.AddDays(1)); // again: nothing changes, nothing fails

        Assert.Equal(EmailIdentity.Sha256Hex("jane@acme.com"), report.EmailSha256);
        Assert.Contains(report.Tables, x => x.Table == "ops_inst_state");
        var jane = await t.Warehouse.ExplainAsync("jane@acme.com");
        Assert.True(jane.Erased);
        Assert.Null(jane.Eligible);
        Assert.Empty(jane.States);
        Assert.Empty(jane.History);
        Assert.Empty(jane.DeadLetters);
        Assert.Null(jane.Suppression);
        Assert.Empty(await ((IOpsWarehouse)t.Warehouse).FindVerificationsAsync(["jane@acme.com"]));
        Assert.Empty(await t.Warehouse.ListDeadLettersAsync(true, 10));
        var plan = await t.Warehouse.StreamEligibilityAsync(CampaignRouting.Default, 10, verificationEnabled: true).ToListAsync();
        Assert.DoesNotContain(plan, r => r.Prospect.Email.Contains("ane@", StringComparison.OrdinalIgnoreCase));

        // Someone else's data is untouched.
        var bob = await t.Warehouse.ExplainAsync("bob@acme.com");
        Assert.False(bob.Erased);
        Assert.Single(bob.States);
        Assert.Null(bob.ExclusionReason is { } r && r.StartsWith("erased", StringComparison.Ordinal) ? r : null);

        // The address comes back in a later import: excluded as erased, in any spelling.
        await t.LoadAsync(Lead("\ufeffJANE@ACME.COM"));
        Assert.DoesNotContain("jane@acme.com", await ReadyAt(t, T0.AddDays(400)));
        Assert.Equal("erased", (await t.Warehouse.ExplainAsync("jane@acme.com")).ExclusionReason);
        await Assert.ThrowsAsync<ArgumentException>(() => t.Warehouse.ForgetAsync("not an address", T0));
    }
}
