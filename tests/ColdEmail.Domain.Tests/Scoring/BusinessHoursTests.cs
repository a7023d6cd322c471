using ColdEmail.Domain.Scoring;
using CsCheck;

namespace ColdEmail.Domain.Tests.Scoring;

public class BusinessHoursTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 17, 15, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("America")]          // a directory of the zone database, not a zone
    [InlineData("../../etc/passwd")]
    [InlineData("/etc/passwd")]
    [InlineData("Europe\\Berlin")]
    [InlineData("Europe/Berlin\0")]
    [InlineData("   ")]
    public void Hostile_or_malformed_zone_names_are_unknown(string zone) =>
        Assert.Null(BusinessHours.LocalTime(zone, Now));

    [Fact]
    public void A_known_zone_converts_to_its_local_time()
    {
        var local = BusinessHours.LocalTime("Asia/Kolkata", Now);
        Assert.NotNull(local);
        // Looked up by exact name, as the views join pg_timezone_names: padding makes it unknown there and here.
        Assert.Null(BusinessHours.LocalTime(" Asia/Kolkata ", Now));
        Assert.Equal(TimeSpan.FromHours(5.5), local.Value.Offset);
        Assert.Equal(20, local.Value.Hour);
    }

    [Fact]
    public void A_zone_name_in_another_case_is_unknown_even_after_the_right_case_was_found()
    {
        // The BCL caches zones ignoring case; the views match names exactly (found by the parity property test).
        Assert.NotNull(BusinessHours.LocalTime("Europe/Lisbon", Now));
        Assert.Null(BusinessHours.LocalTime("europe/lisbon", Now));
        Assert.Null(BusinessHours.LocalTime("EUROPE/LISBON", Now));
    }

    [Fact]
    public void Daylight_saving_is_respected()
    {
        // 14:00 UTC is 09:00 in New York in winter (EST) and 10:00 in summer (EDT).
        Assert.Equal(9, BusinessHours.LocalTime("America/New_York", new DateTimeOffset(2026, 1, 14, 14, 0, 0, TimeSpan.Zero))!.Value.Hour);
        Assert.Equal(10, BusinessHours.LocalTime("America/New_York", new DateTimeOffset(2026, 7, 15, 14, 0, 0, TimeSpan.Zero))!.Value.Hour);
    }

    [Fact]
    public void Any_string_as_a_zone_never_throws() =>
        Gen.String.Sample(zone => { _ = BusinessHours.LocalTime(zone, Now); });
}
