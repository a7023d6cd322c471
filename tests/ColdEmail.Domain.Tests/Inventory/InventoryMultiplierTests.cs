using ColdEmail.Domain.Inventory;
using CsCheck;

namespace ColdEmail.Domain.Tests.Inventory;

public class InventoryMultiplierTests
{
    private static double Value(double std, double reply, DayOfWeek day, MultiplierPolicy? p = null) =>
        InventoryMultiplier.Calculate(new MultiplierInputs(std, reply, day), p).Value;

    [Fact]
    public void A_calm_midweek_average_campaign_gets_the_base_3_5() =>
        Assert.Equal(3.5, Value(0, 0.01, DayOfWeek.Wednesday), 9);

    [Theory]
    [InlineData(DayOfWeek.Monday, 4.2)]
    [InlineData(DayOfWeek.Tuesday, 4.2)]
    [InlineData(DayOfWeek.Wednesday, 3.5)]
    [InlineData(DayOfWeek.Thursday, 3.5)]
    [InlineData(DayOfWeek.Friday, 2.8)]
    [InlineData(DayOfWeek.Saturday, 3.5)]
    [InlineData(DayOfWeek.Sunday, 3.5)]
    public void Day_of_week_adjusts_the_multiplier(DayOfWeek day, double expected) =>
        Assert.Equal(expected, Value(0, 0, day), 9);

    [Fact]
    public void Volatility_adds_two_standard_deviations() =>
        Assert.Equal(3.5 * 1.2, Value(0.1, 0, DayOfWeek.Thursday), 9);

    [Theory]
    [InlineData(0.03, 3.5)]
    [InlineData(0.0301, 4.55)]
    public void A_reply_rate_above_3_percent_adds_30_percent(double reply, double expected) =>
        Assert.Equal(expected, Value(0, reply, DayOfWeek.Thursday), 9);

    [Fact]
    public void Everything_together_multiplies()
    {
        var r = InventoryMultiplier.Calculate(new MultiplierInputs(0.05, 0.05, DayOfWeek.Monday));
        Assert.Equal(3.5 * 1.1 * 1.2 * 1.3, r.Value, 9);
        Assert.Equal(1.1, r.VolatilityBuffer, 9);
        Assert.Equal(1.2, r.DayOfWeekFactor);
        Assert.Equal(1.3, r.PerformanceFactor);
    }

    [Fact]
    public void A_run_away_result_is_clamped_to_the_maximum_and_says_so()
    {
        var r = InventoryMultiplier.Calculate(new MultiplierInputs(5, 0.5, DayOfWeek.Monday));
        Assert.Equal(10.0, r.Value);
        Assert.True(r.Raw > 10);
        Assert.Contains("clamped", r.Reason);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.NegativeInfinity)]
    [InlineData(-0.5)]
    public void Bad_inputs_count_as_zero_with_a_reason(double bad)
    {
        var r = InventoryMultiplier.Calculate(new MultiplierInputs(bad, bad, DayOfWeek.Wednesday));
        Assert.Equal(3.5, r.Value, 9);
        Assert.Contains("treated as 0", r.Reason);
    }

    [Fact]
    public void Bounds_are_configurable()
    {
        var policy = new MultiplierPolicy(Min: 3.0, Max: 4.0);
        Assert.Equal(3.0, Value(0, 0, DayOfWeek.Friday, policy), 9);   // 2.8 raised to the minimum
        Assert.Equal(4.0, Value(0, 0.1, DayOfWeek.Monday, policy), 9); // 5.46 lowered to the maximum
    }

    [Fact]
    public void The_time_overload_reads_the_day_of_now() =>
        Assert.Equal(4.2, InventoryMultiplier.Calculate(0, 0, new DateTimeOffset(2026, 6, 15, 10, 0, 0, TimeSpan.Zero)).Value, 9); // a Monday

    private static readonly Gen<double> AnyDouble = Gen.OneOf(
        Gen.Double,
        Gen.Double[-10, 10],
        Gen.OneOfConst(double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.MaxValue, double.MinValue, double.Epsilon, -0.0));

    [Fact]
    public void The_multiplier_always_stays_within_its_bounds() =>
        Gen.Select(AnyDouble, AnyDouble, Gen.Enum<DayOfWeek>()).Sample((std, reply, day) =>
        {
            var r = InventoryMultiplier.Calculate(new MultiplierInputs(std, reply, day));
            Assert.InRange(r.Value, 1.0, 10.0);
            Assert.False(double.IsNaN(r.Value));
        });

    [Fact]
    public void Even_a_nonsensical_policy_cannot_produce_a_negative_or_non_finite_multiplier() =>
        Gen.Select(AnyDouble, AnyDouble, AnyDouble, AnyDouble).Sample((std, min, max, b) =>
        {
            var r = InventoryMultiplier.Calculate(new MultiplierInputs(std, 0, DayOfWeek.Monday), new MultiplierPolicy(min, max, b));
            Assert.True(double.IsFinite(r.Value) && r.Value >= 0, $"got {r.Value}");
        });
}
