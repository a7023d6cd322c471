using ColdEmail.Warehouse.Generation;

namespace ColdEmail.Warehouse.Tests.Generation;

public sealed class ProspectGeneratorTests
{
    [Fact]
    public void The_same_seed_gives_the_same_rows_and_another_seed_does_not()
    {
        var a = new ProspectGenerator(5).Generate(2_000).ToList();
        var b = new ProspectGenerator(5).Generate(2_000).ToList();
        var c = new ProspectGenerator(6).Generate(2_000).ToList();

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Rows_cover_segments_geography_and_every_kind_of_dirt()
    {
        var rows = new ProspectGenerator(1).Generate(20_000).ToList();
        var emails = rows.Select(r => r.Email).ToList();

        Assert.Contains(rows, r => r.EstimatedSalesYearly == 1_000_000m);
        Assert.Contains(rows, r => r.EstimatedSalesYearly is < 1_000_000m and >= 0);
        Assert.Contains(rows, r => r.EstimatedSalesYearly > 5_000_000m);
        Assert.Contains(rows, r => r.EstimatedSalesYearly is null);
        Assert.Contains(rows, r => r.EstimatedSalesYearly < 0);
        Assert.Contains(rows, r => r.CountryCode == "US" && r.State is "CA" or "NY" or "TX" or "FL");
        Assert.Contains(rows, r => r.CountryCode is "GB" or "AU" or "DE");
        Assert.Contains(rows, r => r.Timezone == "Mars/Olympus_Mons");
        Assert.Contains(emails, e => e is null);
        Assert.Contains(emails, e => e is not null && e.Count(ch => ch == '@') == 2);
        Assert.Contains(emails, e => e is not null && !e.Contains('@'));
        Assert.Contains(emails, e => e is not null && e.StartsWith("info@", StringComparison.Ordinal));
        Assert.Contains(emails, e => e is not null && e.EndsWith("@mailinator.com", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.MerchantName?.Length == 10_000);
        Assert.Contains(rows, r => r.MerchantName?.Contains("DROP TABLE", StringComparison.Ordinal) == true);
        // Duplicates differ only by case and whitespace.
        var normalised = emails.Where(e => e is not null).Select(e => e!.Trim().ToLowerInvariant()).ToList();
        Assert.True(normalised.Count - normalised.Distinct().Count() > 200);
        Assert.Contains(emails, e => e is not null && e != e.Trim());
    }

    [Fact]
    public void A_clean_mix_has_no_invalid_rows_and_no_duplicates()
    {
        var rows = new ProspectGenerator(2, ProspectMix.Clean).Generate(10_000).ToList();

        Assert.All(rows, r => Assert.Equal(1, r.Email!.Count(ch => ch == '@')));
        Assert.All(rows, r => Assert.True(r.EstimatedSalesYearly is null or >= 0));
        Assert.Equal(rows.Count, rows.Select(r => r.Email!.Trim().ToLowerInvariant()).Distinct().Count());
    }
}
