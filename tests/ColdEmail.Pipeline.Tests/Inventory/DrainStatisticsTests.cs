using ColdEmail.Pipeline.Inventory;
using ColdEmail.Warehouse;

namespace ColdEmail.Pipeline.Tests.Inventory;

public sealed class DrainStatisticsTests
{
    private static readonly DateOnly Day = new(2026, 1, 5);

    [Fact]
    public void Rate_is_drained_over_inventory_and_std_dev_is_the_population_one()
    {
        // Rates 0.1, 0.3: mean 0.2, population std dev 0.1.
        var stats = DrainStatistics.From([new DailyDrainCount(Day, 10, 100), new DailyDrainCount(Day.AddDays(1), 30, 100)]);
        Assert.Equal(2, stats.Days);
        Assert.Equal(0.2, stats.MeanRate, 10);
        Assert.Equal(0.1, stats.StdDev, 10);
    }

    [Fact]
    public void Days_without_inventory_are_left_out_rather_than_counted_as_calm()
    {
        var stats = DrainStatistics.From([new DailyDrainCount(Day, 0, 0), new DailyDrainCount(Day.AddDays(1), 20, 100), new DailyDrainCount(Day.AddDays(2), 20, 100)]);
        Assert.Equal(2, stats.Days);
        Assert.Equal(0.2, stats.MeanRate, 10);
        Assert.Equal(0, stats.StdDev, 10);
    }

    [Fact]
    public void No_history_gives_zero_days()
    {
        var stats = DrainStatistics.From([]);
        Assert.Equal(new DrainStatistics(0, 0, 0), stats);
    }

    [Fact]
    public void A_rate_above_one_is_capped()
    {
        // More drained than the day's inventory can only be a counting artefact; the volatility must not explode.
        var stats = DrainStatistics.From([new DailyDrainCount(Day, 50, 10)]);
        Assert.Equal(1.0, stats.MeanRate, 10);
    }
}
