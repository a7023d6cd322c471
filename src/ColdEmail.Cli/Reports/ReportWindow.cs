using System.Globalization;
using ColdEmail.Warehouse;

namespace ColdEmail.Cli.Reports;

/// <summary>Why the report's window ends where it does.</summary>
public enum ReportWindowBasis
{
    /// <summary>The window ends today: there was activity in the last days.</summary>
    Today,
    /// <summary>Nothing happened in the last days, so the window ends at the latest recorded activity (e.g. a demo on its simulated clock).</summary>
    LatestActivity,
    /// <summary>The user chose the end with --until.</summary>
    Until,
}

/// <summary>
/// The days the daily performance covers: <see cref="Days"/> days up to and including <see cref="Until"/>.
/// It follows the data rather than the wall clock, so a warehouse filled on another clock (the demo runs in
/// January 2026) or left idle for a while still shows its activity instead of "(no activity)".
/// </summary>
public sealed record ReportWindow(DateOnly Since, DateOnly Until, int Days, ReportWindowBasis Basis)
{
    /// <summary>How the window reads in a header, e.g. "the 30 days up to 2026-01-30, the latest activity".</summary>
    public string Describe() => Basis switch
    {
        ReportWindowBasis.Today => $"last {Days} days",
        ReportWindowBasis.LatestActivity => $"the {Days} days up to {Format(Until)}, the latest activity (none in the last {Days} days)",
        _ => $"the {Days} days up to {Format(Until)}",
    };

    /// <summary>
    /// Picks the window and its rows. An explicit <paramref name="until"/> wins; otherwise the window ends today
    /// unless it would be empty while older (or newer) activity exists, then it ends at the latest activity.
    /// </summary>
    public static async Task<(ReportWindow Window, IReadOnlyList<DailyPerformanceRow> Rows)> ResolveAsync(
        ILeadWarehouse warehouse, DateTimeOffset now, int days, DateOnly? until, CancellationToken ct)
    {
        if (until is { } end)
        {
            return await LoadAsync(warehouse, end, days, ReportWindowBasis.Until, ct);
        }
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var recent = await LoadAsync(warehouse, today, days, ReportWindowBasis.Today, ct);
        if (recent.Rows.Count > 0)
        {
            return recent;
        }
        // One wide read finds the latest day with activity; the view is aggregated per day and campaign, so it is small.
        var all = await warehouse.DailyPerformanceAsync(now.AddYears(-100), 0, ct);
        return all.Count == 0
            ? recent
            : await LoadAsync(warehouse, all.Max(r => r.Date), days, ReportWindowBasis.LatestActivity, ct);
    }

    private static async Task<(ReportWindow Window, IReadOnlyList<DailyPerformanceRow> Rows)> LoadAsync(
        ILeadWarehouse warehouse, DateOnly until, int days, ReportWindowBasis basis, CancellationToken ct)
    {
        // Same span as before this window existed: the warehouse returns days on or after (end - days).
        var since = until.AddDays(-days);
        var end = new DateTimeOffset(until.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var rows = await warehouse.DailyPerformanceAsync(end, days, ct);
        // The warehouse query has no upper bound; the window does.
        return (new ReportWindow(since, until, days, basis), rows.Where(r => r.Date <= until).ToList());
    }

    /// <summary>Reads --until: a calendar date, the window's last day (inclusive).</summary>
    public static DateOnly? ParseUntil(string? text)
    {
        if (text is null)
        {
            return null;
        }
        return DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new CliUsageException($"--until must be a date like 2026-01-31, not '{text}'");
    }

    private static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
