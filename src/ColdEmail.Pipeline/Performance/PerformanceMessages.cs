using ColdEmail.Pipeline.Campaigns;

namespace ColdEmail.Pipeline.Performance;

/// <summary>Capture now; answered with a <see cref="PerformanceSnapshot"/>.</summary>
public sealed record CapturePerformance
{
    public static readonly CapturePerformance Instance = new();
}

/// <summary>Live reload: new interval, flag or campaign list.</summary>
public sealed record ApplyPerformanceSettings(PerformanceOptions Options, IReadOnlyList<ConfiguredCampaign> Campaigns);
