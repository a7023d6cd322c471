using ColdEmail.Cli.Reports;

namespace ColdEmail.Cli.Demo;

/// <summary>What `demo` ends with: adds per campaign, drains per reason, failures, and the warehouse dashboard.</summary>
public sealed record DemoReport(
    int Days,
    int Prospects,
    string Folder,
    double ElapsedSeconds,
    int SyncRuns,
    int DrainRuns,
    int TotalAdded,
    int TotalDrained,
    IReadOnlyDictionary<string, int> AddedPerCampaign,
    IReadOnlyDictionary<string, int> DrainedPerReason,
    IReadOnlyList<string> Failures,
    ReportData Dashboard);
