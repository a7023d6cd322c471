using ColdEmail.Domain.Inventory;

namespace ColdEmail.Pipeline.Inventory;

/// <summary>
/// <c>coldemail.limits.auto-scale-multiplier</c>: off uses <see cref="FixedMultiplier"/> (the
/// <c>inventory-multiplier</c> setting); on computes the seed's multiplier from warehouse history,
/// bounded by <see cref="Policy"/>.
/// </summary>
public sealed record AutoScaleOptions
{
    public bool Enabled { get; init; }
    public double FixedMultiplier { get; init; } = 3.5;
    public MultiplierPolicy Policy { get; init; } = MultiplierPolicy.Default;
    /// <summary>Days of drain history behind the volatility (the seed's avg/std dev of the daily drain rate).</summary>
    public int DrainLookbackDays { get; init; } = 14;
    public int ReplyWindowDays { get; init; } = 7;
    /// <summary>With fewer days that had any inventory, the history says nothing yet: the fixed multiplier is used.</summary>
    public int MinDaysOfHistory { get; init; } = 3;

    public void Validate()
    {
        if (!double.IsFinite(FixedMultiplier) || FixedMultiplier < 0)
            throw new ArgumentOutOfRangeException(nameof(FixedMultiplier), FixedMultiplier, "coldemail.limits.inventory-multiplier must be a finite number ≥ 0");
        if (DrainLookbackDays is < 2 or > 366)
            throw new ArgumentOutOfRangeException(nameof(DrainLookbackDays), DrainLookbackDays, "drain lookback must be 2..366 days");
        if (ReplyWindowDays is < 1 or > 366)
            throw new ArgumentOutOfRangeException(nameof(ReplyWindowDays), ReplyWindowDays, "reply window must be 1..366 days");
        if (MinDaysOfHistory < 2 || MinDaysOfHistory > DrainLookbackDays)
            throw new ArgumentOutOfRangeException(nameof(MinDaysOfHistory), MinDaysOfHistory, $"must be 2..{DrainLookbackDays} (the lookback)");
        if (!double.IsFinite(Policy.Min) || !double.IsFinite(Policy.Max) || Policy.Min < 0 || Policy.Max < Policy.Min)
            throw new ArgumentOutOfRangeException(nameof(Policy), Policy, "auto-scale bounds must be finite with 0 ≤ min ≤ max");
    }
}
