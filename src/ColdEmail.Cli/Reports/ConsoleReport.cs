using ColdEmail.Cli.Output;

namespace ColdEmail.Cli.Reports;

/// <summary>The dashboard as console tables.</summary>
public static class ConsoleReport
{
    public static void Write(TextWriter writer, bool terminal, ReportData data)
    {
        var daily = Tables.Create($"Daily performance, {data.WindowText}", "date", "campaign", "added", "completed", "replied", "reply rate", "bounced", "bounce rate");
        foreach (var r in data.Daily.OrderBy(r => r.Date).ThenBy(r => r.SequenceTarget, StringComparer.Ordinal))
        {
            daily.Row(r.Date.ToString("yyyy-MM-dd"), r.SequenceTarget, r.LeadsAdded, r.LeadsCompleted, r.LeadsReplied, Percent(r.ReplyRate), r.LeadsBounced, Percent(r.BounceRate));
        }
        if (data.Daily.Count == 0)
        {
            daily.Row("(no activity)", "", "", "", "", "", "", "");
        }
        Tables.Write(writer, terminal, daily);

        var roi = Tables.Create("Campaign ROI", "campaign", "leads", "replied", "avg close rate", "expected revenue", "revenue per lead");
        foreach (var r in data.Roi)
        {
            roi.Row(r.SequenceTarget, r.TotalLeads, r.RepliedLeads, Percent(r.AvgCloseRate), r.ExpectedRevenue.ToString("N0"), r.RevenuePerLead.ToString("N2"));
        }
        if (data.Roi.Count == 0)
        {
            roi.Row("(no finished leads)", "", "", "", "", "");
        }
        Tables.Write(writer, terminal, roi);

        if (data.Runs.Count > 0)
        {
            var runs = Tables.Create("Latest runs", "started", "kind", "duration", "result");
            foreach (var r in data.Runs)
            {
                runs.Row(r.StartedAt.ToString("yyyy-MM-dd HH:mm"), r.Kind, (r.FinishedAt - r.StartedAt).ToString(@"hh\:mm\:ss"), r.Succeeded ? "ok" : "failures");
            }
            Tables.Write(writer, terminal, runs);
        }
    }

    /// <summary>The warehouse gives rates already in percent (the seed's ROUND(x * 100, 2)).</summary>
    internal static string Percent(decimal? value) => value is { } v ? $"{v:0.##}%" : "–";
}
