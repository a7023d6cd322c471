using ColdEmail.Domain.Leads;
using ColdEmail.Domain.Scoring;
using CsCheck;

namespace ColdEmail.Domain.Tests.Scoring;

public class LeadScoreProperties
{
    private static readonly string?[] Zones = [null, "", "Europe/London", "America/New_York", "Asia/Kolkata", "bogus/zone", "UTC"];
    private static readonly string?[] Codes = [null, "", "CA", "ny", "US", "gb", "AU", "DE", " tx "];

    private static readonly Gen<Prospect> GenProspect =
        from revenue in Gen.Decimal.Nullable()
        from klaviyo in Gen.Bool
        from products in Gen.Int.Nullable()
        from price in Gen.Decimal.Nullable()
        from state in Gen.OneOfConst(Codes)
        from country in Gen.OneOfConst(Codes)
        from zone in Gen.OneOfConst(Zones)
        select new Prospect("a@b.com", null, null, state, country, revenue, null, products, price,
            klaviyo ? DateTimeOffset.UnixEpoch : null, zone);

    private static readonly Gen<DateTimeOffset> GenNow =
        Gen.Long[DateTimeOffset.UnixEpoch.UtcTicks, new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks]
            .Select(t => new DateTimeOffset(t, TimeSpan.Zero));

    [Fact]
    public void Score_is_within_0_and_100_and_equals_its_parts() =>
        Gen.Select(GenProspect, GenNow).Sample((p, now) =>
        {
            var s = LeadScore.Calculate(p, now);
            Assert.InRange(s.Total, 0, 100);
            Assert.Equal(s.Parts.Sum(x => x.Points), s.Total);
        });
}
