using System.Globalization;

namespace ColdEmail.Domain.Inventory;

/// <summary>
/// The seed's auto-scaling multiplier: base 3.5 × volatility buffer (1 + 2·stddev of the daily drain
/// rate) × day of week (Mon/Tue 1.2, Fri 0.8, else 1.0) × performance (7-day reply rate &gt; 3% → 1.3).
/// The seed let a bad input (negative or NaN std dev) or a wild one run the stock away; here inputs
/// that are not finite or are negative count as 0 (said in the reasons), and the result is clamped to
/// [Min, Max] so the planner can never be told to hold a negative or absurd stock.
/// </summary>
public static class InventoryMultiplier
{
    public static MultiplierResult Calculate(MultiplierInputs inputs, MultiplierPolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        policy ??= MultiplierPolicy.Default;
        var (min, max, baseValue) = SaneBounds(policy);
        var reasons = new List<string>();

        var stdDev = Sanitize(inputs.DrainRateStdDev, "drain rate std dev", reasons);
        var replyRate = Sanitize(inputs.ReplyRate7Day, "7-day reply rate", reasons);

        var volatility = 1 + 2 * stdDev;
        reasons.Add($"volatility buffer 1 + 2 × {F(stdDev)} = {F(volatility)}");

        var dow = inputs.Day switch
        {
            DayOfWeek.Monday or DayOfWeek.Tuesday => 1.2,
            DayOfWeek.Friday => 0.8,
            _ => 1.0,
        };
        reasons.Add($"{inputs.Day} factor {F(dow)}");

        var performance = replyRate > 0.03 ? 1.3 : 1.0;
        reasons.Add(replyRate > 0.03
            ? $"reply rate {replyRate:P1} > 3%: performance 1.3"
            : $"reply rate {replyRate:P1} ≤ 3%: performance 1.0");

        var raw = baseValue * volatility * dow * performance;
        var value = double.IsNaN(raw) ? min : Math.Clamp(raw, min, max);
        reasons.Add(value == raw
            ? $"{F(baseValue)} × {F(volatility)} × {F(dow)} × {F(performance)} = {F(value)}"
            : $"{F(baseValue)} × {F(volatility)} × {F(dow)} × {F(performance)} = {F(raw)}, clamped to {F(value)} (bounds {F(min)}..{F(max)})");
        return new MultiplierResult(value, raw, volatility, dow, performance, reasons);
    }

    public static MultiplierResult Calculate(double drainRateStdDev, double replyRate7Day, DateTimeOffset now, MultiplierPolicy? policy = null) =>
        Calculate(new MultiplierInputs(drainRateStdDev, replyRate7Day, now.DayOfWeek), policy);

    private static double Sanitize(double value, string name, List<string> reasons)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            reasons.Add($"{name} is {value.ToString(CultureInfo.InvariantCulture)}: treated as 0");
            return 0;
        }
        if (value < 0)
        {
            reasons.Add($"{name} {F(value)} is negative: treated as 0");
            return 0;
        }
        return value;
    }

    /// <summary>A misconfigured policy must not break the guarantee either: bounds become finite and ordered.</summary>
    private static (double Min, double Max, double Base) SaneBounds(MultiplierPolicy p)
    {
        var min = double.IsFinite(p.Min) && p.Min >= 0 ? p.Min : 1.0;
        var max = double.IsFinite(p.Max) && p.Max >= min ? p.Max : Math.Max(min, 10.0);
        var b = double.IsFinite(p.Base) && p.Base >= 0 ? p.Base : 3.5;
        return (min, max, b);
    }

    private static string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
}
