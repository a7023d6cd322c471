namespace ColdEmail.Domain.Inventory;

/// <summary>
/// History the auto-scaler reads: the standard deviation of the daily drain rate (a fraction, 0.1 = 10
/// points), the last 7 days' reply rate (a fraction) and the day it plans for.
/// </summary>
public sealed record MultiplierInputs(double DrainRateStdDev, double ReplyRate7Day, DayOfWeek Day);

/// <summary>The auto-scaler's bounds; <see cref="Base"/> is the seed's 3.5.</summary>
public sealed record MultiplierPolicy(double Min = 1.0, double Max = 10.0, double Base = 3.5)
{
    public static readonly MultiplierPolicy Default = new();
}

public sealed record MultiplierResult(
    double Value,
    double Raw,
    double VolatilityBuffer,
    double DayOfWeekFactor,
    double PerformanceFactor,
    IReadOnlyList<string> Reasons)
{
    public string Reason => string.Join("; ", Reasons);
}
