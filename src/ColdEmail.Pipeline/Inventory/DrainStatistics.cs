using ColdEmail.Warehouse;

namespace ColdEmail.Pipeline.Inventory;

/// <summary>The daily drain rate (drained ÷ inventory that day) over the days that had inventory: mean and population std dev.</summary>
public sealed record DrainStatistics(int Days, double MeanRate, double StdDev)
{
    public static DrainStatistics From(IEnumerable<DailyDrainCount> days)
    {
        ArgumentNullException.ThrowIfNull(days);
        // A day with no inventory has no rate; counting it as 0 % would fake calm.
        var rates = days.Where(d => d.Inventory > 0).Select(d => Math.Min(1.0, (double)d.Drained / d.Inventory)).ToList();
        if (rates.Count == 0) return new DrainStatistics(0, 0, 0);
        var mean = rates.Average();
        var variance = rates.Sum(r => (r - mean) * (r - mean)) / rates.Count;
        return new DrainStatistics(rates.Count, mean, Math.Sqrt(variance));
    }
}
