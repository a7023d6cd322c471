using ColdEmail.Domain.Routing;
using ColdEmail.Domain.Leads;
using ColdEmail.Warehouse.Tests.DuckDb;
using CsCheck;
using static ColdEmail.Warehouse.Tests.DuckDb.TempWarehouse;

namespace ColdEmail.Warehouse.Tests.Contract;

/// <summary>
/// One identity: the engine's eligibility view normalises an email exactly as <see cref="EmailIdentity"/> does,
/// so a suppression written by C# matches every spelling of the address a warehouse may hold.
/// </summary>
public abstract class IdentityContract
{
    protected abstract Task<IWarehouseHarness> CreateAsync();

    private static readonly HashSet<string> IdentityReasons =
    [
        EmailIdentity.MissingReason, EmailIdentity.EmptyReason, EmailIdentity.WhiteSpaceReason,
        EmailIdentity.NonAsciiReason, EmailIdentity.AtSignReason,
    ];

    [Theory]
    [InlineData("\u00a0jane@acme.com")]
    [InlineData("jane@acme.com\u00a0")]
    [InlineData("\u3000JANE@acme.com\u2003")]
    [InlineData("\u200bjane@acme.com\ufeff")]
    [InlineData("\u2060\tJane@Acme.Com\u200d ")]
    public async Task A_unicode_padded_copy_of_a_suppressed_address_is_not_ready(string raw)
    {
        await using var t = await CreateAsync();
        await t.LoadAsync(Lead(raw), Lead("other@acme.com"));
        await t.Warehouse.AddSuppressionsAsync([new Suppression("jane@acme.com", "unsubscribed", TempWarehouse.Now.AddDays(-3))]);

        var ready = await t.Warehouse.StreamReadyLeadsAsync(ReadyLeadsContract_All()).ToListAsync();

        Assert.Equal(["other@acme.com"], ready.Select(p => p.Email));
        var row = Assert.Single(await t.Warehouse.StreamEligibilityAsync(CampaignRouting.Default, 10, verificationEnabled: true).ToListAsync(), r => r.Prospect.Email == raw);
        Assert.Equal("suppressed: unsubscribed", row.ExclusionReason);
        Assert.Equal("suppressed: unsubscribed", (await t.Warehouse.ExplainAsync(raw)).ExclusionReason);
    }

    [Theory]
    [InlineData("ja\u00a0ne@acme.com", EmailIdentity.WhiteSpaceReason)]
    [InlineData("jane@ac\u200bme.com", EmailIdentity.WhiteSpaceReason)]
    [InlineData("jane@acme.com\u0001", EmailIdentity.WhiteSpaceReason)]
    [InlineData("j\u00e4ne@acme.com", EmailIdentity.NonAsciiReason)]
    public async Task An_address_with_white_space_control_or_non_ascii_inside_is_excluded_with_its_reason(string raw, string reason)
    {
        await using var t = await CreateAsync();
        await t.LoadAsync(Lead(raw));

        Assert.Empty(await t.Warehouse.StreamReadyLeadsAsync(ReadyLeadsContract_All()).ToListAsync());
        Assert.Equal(reason, Assert.Single(await t.Warehouse.StreamEligibilityAsync(CampaignRouting.Default, 10, verificationEnabled: true).ToListAsync()).ExclusionReason);
        Assert.False(EmailAddress.TryParse(raw, out _, out var why));
        Assert.Equal(reason, why);
    }

    // The characters an address can be spelled with in a warehouse: ASCII pieces of addresses, every Unicode space
    // and zero-width character, tabs and line breaks, C0/C1 controls (not NUL: PostgreSQL text cannot hold it),
    // and non-ASCII letters whose case mapping differs between engines (Kelvin sign, dotted and dotless I, sharp s)
    // plus a character outside the BMP (two UTF-16 units, one code point).
    private static readonly Gen<string> Piece = Gen.OneOf(
        Gen.OneOfConst("jane", "JANE", "Jo.Doe", "x+tag", "@", "@", "acme", "ACME", ".com", ".Co", "-", "_", "9"),
        Gen.Char["\u0009\u000a\u000b\u000c\u000d \u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"].Select(c => c.ToString()),
        Gen.Char["\u200b\u200c\u200d\u2060\ufeff\u180e"].Select(c => c.ToString()),
        Gen.Char["\u0001\u001f\u007f\u0080\u009f"].Select(c => c.ToString()),
        Gen.OneOfConst("\u00e4", "\u00c4", "\u00df", "\u212a", "\u0130", "\u0131", "\u00e9", "\U0001F600"));

    private static readonly Gen<string> Raw = Gen.OneOf(
        Piece.Array[0, 8].Select(ps => string.Concat(ps)),
        // Mostly well-formed addresses wrapped in Unicode padding, so the "usable" branch is exercised too.
        Gen.Select(Piece.Array[0, 3], Gen.OneOfConst("Jane@Acme.com", "BOB@X.IO", "a.b+c@d-e.org"), Piece.Array[0, 3],
            (pre, core, post) => string.Concat(pre) + core + string.Concat(post)));

    [Fact]
    public async Task The_view_normalises_and_excludes_exactly_as_the_csharp_normaliser()
    {
        await using var t = await CreateAsync();
        await Raw.Array[150, 250].SampleAsync(async batch =>
        {
            await t.LoadEligibleLeadsAsync(batch.Select(raw => Lead(raw)));
            foreach (var row in await t.ReadViewIdentitiesAsync())
            {
                var expected = EmailIdentity.Normalise(row.RawEmail);
                var shown = Show(row.RawEmail);
                Assert.True(expected.Email == row.Email, $"{shown}: C# normalises to {Show(expected.Email)}, the view to {Show(row.Email)}");
                var viewReason = row.StaticReason is { } r && IdentityReasons.Contains(r) ? r : null;
                Assert.True(expected.Reason == viewReason, $"{shown}: C# says {expected.Reason ?? "usable"}, the view {viewReason ?? "usable"}");
                // TryParse never accepts what the view excludes.
                if (expected.Reason is not null && expected.Reason != EmailIdentity.AtSignReason)
                    Assert.False(EmailAddress.TryParse(row.RawEmail, out _, out _), shown);
            }
        }, iter: 6, threads: 1);
    }

    private static string Show(string? s) =>
        s is null ? "null" : "\"" + string.Concat(s.Select(c => c is >= ' ' and <= '~' ? c.ToString() : $"\\u{(int)c:x4}")) + "\"";

    private static ReadyLeadQuery ReadyLeadsContract_All() =>
        new(CampaignRouting.Default, null, Now: TempWarehouse.Now);
}
