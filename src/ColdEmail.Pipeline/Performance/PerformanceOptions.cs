namespace ColdEmail.Pipeline.Performance;

/// <summary>How often campaign analytics are captured into <c>ops_campaign_performance</c>.</summary>
public sealed record PerformanceOptions
{
    public bool Enabled { get; init; } = true;
    /// <summary>Captures during a day overwrite that day's row, so the last one of the day is the daily snapshot.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromHours(1);

    public void Validate()
    {
        if (Interval < TimeSpan.FromSeconds(1))
            throw new ArgumentOutOfRangeException(nameof(Interval), Interval, "coldemail performance interval must be at least 1 second");
    }
}
