using System.Globalization;
using System.Net;
using System.Text;
using ColdEmail.Warehouse;

namespace ColdEmail.Cli.Reports;

/// <summary>
/// A self-contained HTML page: tables plus charts drawn as inline SVG (no scripts, fonts or images from
/// anywhere), so it can be mailed or archived as one file.
/// </summary>
public static class HtmlReport
{
    private static readonly string[] Palette = ["#2563eb", "#16a34a", "#d97706", "#dc2626", "#7c3aed", "#0891b2"];

    public static string Render(ReportData data)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>ColdEmail report</title><style>")
            .Append("body{font-family:system-ui,sans-serif;margin:2rem;color:#111}table{border-collapse:collapse;margin:1rem 0}")
            .Append("th,td{border:1px solid #ccc;padding:.3rem .6rem;text-align:right}th{background:#f3f4f6}td:first-child,th:first-child{text-align:left}")
            .Append("h2{margin-top:2rem}.legend span{display:inline-block;margin-right:1rem}</style></head><body>")
            .Append("<h1>ColdEmail report</h1><p>Generated ").Append(E(data.GeneratedAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)))
            .Append(" · ").Append(E(data.WindowText)).Append("</p>");

        var campaigns = data.Daily.Select(r => r.SequenceTarget).Distinct().Order(StringComparer.Ordinal).ToList();
        html.Append("<h2>Leads added per day</h2>").Append(BarChart(data.Daily, campaigns, r => r.LeadsAdded));
        html.Append("<h2>Leads completed and replied per day</h2>").Append(BarChart(data.Daily, campaigns, r => r.LeadsCompleted + r.LeadsReplied));
        html.Append(Legend(campaigns));

        html.Append("<h2>Daily performance</h2><table><tr><th>date</th><th>campaign</th><th>added</th><th>completed</th><th>replied</th><th>reply rate</th><th>bounced</th><th>bounce rate</th></tr>");
        foreach (var r in data.Daily.OrderBy(r => r.Date).ThenBy(r => r.SequenceTarget, StringComparer.Ordinal))
        {
            html.Append("<tr><td>").Append(r.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append("</td><td>").Append(E(r.SequenceTarget))
                .Append("</td><td>").Append(r.LeadsAdded).Append("</td><td>").Append(r.LeadsCompleted).Append("</td><td>").Append(r.LeadsReplied)
                .Append("</td><td>").Append(E(ConsoleReport.Percent(r.ReplyRate))).Append("</td><td>").Append(r.LeadsBounced)
                .Append("</td><td>").Append(E(ConsoleReport.Percent(r.BounceRate))).Append("</td></tr>");
        }
        html.Append("</table>");

        html.Append("<h2>Campaign ROI</h2>").Append(RoiChart(data.Roi));
        html.Append("<table><tr><th>campaign</th><th>leads</th><th>replied</th><th>avg close rate</th><th>expected revenue</th><th>revenue per lead</th></tr>");
        foreach (var r in data.Roi)
        {
            html.Append("<tr><td>").Append(E(r.SequenceTarget)).Append("</td><td>").Append(r.TotalLeads).Append("</td><td>").Append(r.RepliedLeads)
                .Append("</td><td>").Append(E(ConsoleReport.Percent(r.AvgCloseRate))).Append("</td><td>").Append(r.ExpectedRevenue.ToString("N0", CultureInfo.InvariantCulture))
                .Append("</td><td>").Append(r.RevenuePerLead.ToString("N2", CultureInfo.InvariantCulture)).Append("</td></tr>");
        }
        html.Append("</table></body></html>");
        return html.ToString();
    }

    internal static string BarChart(IReadOnlyList<DailyPerformanceRow> rows, IReadOnlyList<string> campaigns, Func<DailyPerformanceRow, int> value)
    {
        const int width = 760, height = 220, left = 40, bottom = 20;
        var days = rows.Select(r => r.Date).Distinct().Order().ToList();
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" role=\"img\">");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" y1=\"{height - bottom}\" x2=\"{width}\" y2=\"{height - bottom}\" stroke=\"#999\"/>");
        if (days.Count == 0)
        {
            return svg.Append("<text x=\"50\" y=\"100\">no activity</text></svg>").ToString();
        }
        var totals = days.Select(d => rows.Where(r => r.Date == d).Sum(value)).ToList();
        var max = Math.Max(1, totals.Max());
        var slot = (double)(width - left) / days.Count;
        var barWidth = Math.Max(1, slot * 0.8);
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"12\" font-size=\"11\">{max}</text><text x=\"0\" y=\"{height - bottom}\" font-size=\"11\">0</text>");
        for (var i = 0; i < days.Count; i++)
        {
            var y = (double)(height - bottom);
            foreach (var (campaign, index) in campaigns.Select((c, k) => (c, k)))
            {
                var v = rows.Where(r => r.Date == days[i] && r.SequenceTarget == campaign).Sum(value);
                if (v == 0)
                {
                    continue;
                }
                var h = (height - bottom - 15) * (double)v / max;
                y -= h;
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{left + i * slot:0.#}\" y=\"{y:0.#}\" width=\"{barWidth:0.#}\" height=\"{h:0.#}\" fill=\"{Palette[index % Palette.Length]}\"><title>{E(days[i].ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))} {E(campaign)}: {v}</title></rect>");
            }
        }
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left}\" y=\"{height - 4}\" font-size=\"11\">{days[0]:yyyy-MM-dd}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{width - 70}\" y=\"{height - 4}\" font-size=\"11\">{days[^1]:yyyy-MM-dd}</text>");
        return svg.Append("</svg>").ToString();
    }

    private static string RoiChart(IReadOnlyList<CampaignRoiRow> roi)
    {
        const int width = 760, rowHeight = 28, label = 140;
        var height = Math.Max(1, roi.Count) * rowHeight + 10;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" role=\"img\">");
        var max = roi.Count == 0 ? 1 : Math.Max(1m, roi.Max(r => r.ExpectedRevenue));
        for (var i = 0; i < roi.Count; i++)
        {
            var w = (double)((width - label - 120) * roi[i].ExpectedRevenue / max);
            var y = 5 + i * rowHeight;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"{y + 17}\" font-size=\"13\">{E(roi[i].SequenceTarget)}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{label}\" y=\"{y}\" width=\"{w:0.#}\" height=\"{rowHeight - 8}\" fill=\"{Palette[i % Palette.Length]}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{label + w + 6:0.#}\" y=\"{y + 16}\" font-size=\"12\">${roi[i].ExpectedRevenue:N0}</text>");
        }
        return svg.Append("</svg>").ToString();
    }

    internal static string Legend(IReadOnlyList<string> campaigns) =>
        "<p class=\"legend\">" + string.Concat(campaigns.Select((c, i) =>
            $"<span><svg width=\"12\" height=\"12\"><rect width=\"12\" height=\"12\" fill=\"{Palette[i % Palette.Length]}\"/></svg> {E(c)}</span>")) + "</p>";

    internal static string E(string? text) => WebUtility.HtmlEncode(text ?? "");
}
