using System.Globalization;
using System.Text;
using ColdEmail.Cli.Reports;
using ColdEmail.Pipeline.Gateway;
using static ColdEmail.Cli.Reports.HtmlReport;
using ColdEmail.Domain.Throttling;

namespace ColdEmail.Cli.Http.Status;

/// <summary>
/// The live status page: one self-contained HTML document (inline CSS and SVG, the same charts as `report --html`, no
/// script, font or image from anywhere) that the browser reloads every 30 s.
/// </summary>
public static class StatusPageRenderer
{
    public const int RefreshSeconds = 30;

    public static string Render(StatusPageModel m)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append(CultureInfo.InvariantCulture, $"<meta http-equiv=\"refresh\" content=\"{RefreshSeconds}\">")
            .Append("<title>ColdEmail status</title><style>")
            .Append("body{font-family:system-ui,sans-serif;margin:1.5rem 2rem;color:#111}table{border-collapse:collapse;margin:.5rem 0 1rem}")
            .Append("th,td{border:1px solid #ccc;padding:.3rem .6rem;text-align:right}th{background:#f3f4f6}td:first-child,th:first-child{text-align:left}")
            .Append("h2{margin-top:1.6rem}.cards{display:flex;gap:1rem;flex-wrap:wrap}.card{border:1px solid #ddd;border-radius:6px;padding:.6rem 1rem;min-width:12rem}")
            .Append(".ok{color:#15803d}.bad{color:#b91c1c}.muted{color:#6b7280}.legend span{display:inline-block;margin-right:1rem}</style></head><body>")
            .Append("<h1>ColdEmail status</h1><p class=\"muted\">As of ").Append(E(Time(m.Now)))
            .Append(CultureInfo.InvariantCulture, $" · this page reloads every {RefreshSeconds} s</p>");
        foreach (var problem in m.Problems)
        {
            html.Append("<p class=\"bad\">").Append(E(problem)).Append("</p>");
        }

        html.Append("<div class=\"cards\">").Append(BreakerCard(m)).Append(LimiterCard(m)).Append(WebhookCard(m)).Append("</div>");

        html.Append("<h2>Campaigns</h2><table><tr><th>campaign</th><th>active</th><th>target</th><th>inventory</th><th>dead letters waiting</th></tr>");
        foreach (var c in m.Campaigns)
        {
            html.Append("<tr><td>").Append(E(c.Campaign)).Append("</td><td>").Append(Count(c.Active)).Append("</td><td>").Append(Count(c.Target))
                .Append("</td><td>").Append(Gauge(c.Active, c.Target)).Append("</td><td")
                .Append(c.DeadLetters > 0 ? " class=\"bad\">" : ">").Append(c.DeadLetters).Append("</td></tr>");
        }
        html.Append("</table>");

        var window = m.Window?.Describe() ?? $"last {StatusPageLoader.ChartDays} days";
        var campaigns = m.Daily.Select(r => r.SequenceTarget).Distinct().Order(StringComparer.Ordinal).ToList();
        html.Append("<h2>Leads added per day</h2><p class=\"muted\">").Append(E(window)).Append("</p>")
            .Append(BarChart(m.Daily, campaigns, r => r.LeadsAdded))
            .Append("<h2>Leads drained per day (completed and replied)</h2>")
            .Append(BarChart(m.Daily, campaigns, r => r.LeadsCompleted + r.LeadsReplied))
            .Append(Legend(campaigns))
            .Append(CultureInfo.InvariantCulture, $"<p>Over this window: added {m.Daily.Sum(r => r.LeadsAdded)}, completed {m.Daily.Sum(r => r.LeadsCompleted)}, ")
            .Append(CultureInfo.InvariantCulture, $"replied {m.Daily.Sum(r => r.LeadsReplied)}, bounced {m.Daily.Sum(r => r.LeadsBounced)}.</p>");

        html.Append("<h2>Drain reasons</h2><p class=\"muted\">Leads drained by reason, ").Append(E(window)).Append("</p>");
        if (m.DrainedByReason.Count == 0)
        {
            html.Append("<p>(no drain yet)</p>");
        }
        else
        {
            html.Append("<table><tr><th>reason</th><th>leads</th></tr>");
            foreach (var (reason, count) in m.DrainedByReason.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal))
            {
                html.Append("<tr><td>").Append(E(reason)).Append("</td><td>").Append(count).Append("</td></tr>");
            }
            html.Append("</table>");
        }

        html.Append("<h2>Last runs</h2>");
        if (m.Runs.Count == 0)
        {
            html.Append("<p>(no run yet)</p>");
        }
        else
        {
            html.Append("<table><tr><th>started</th><th>kind</th><th>duration</th><th>result</th></tr>");
            foreach (var r in m.Runs)
            {
                html.Append("<tr><td>").Append(E(Time(r.StartedAt))).Append("</td><td>").Append(E(r.Kind)).Append("</td><td>")
                    .Append(E((r.FinishedAt - r.StartedAt).ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture))).Append("</td><td")
                    .Append(r.Succeeded ? " class=\"ok\">ok" : " class=\"bad\">failures").Append("</td></tr>");
            }
            html.Append("</table>");
        }
        return html.Append("</body></html>").ToString();
    }

    private static string BreakerCard(StatusPageModel m)
    {
        var state = m.Circuit?.State ?? m.Status.Circuit;
        var text = state switch
        {
            CircuitState.Closed => "<span class=\"ok\">closed</span> (requests flow)",
            CircuitState.HalfOpen => "<span class=\"bad\">half-open</span> (probing)",
            _ => "<span class=\"bad\">open</span>" + (m.Circuit?.OpenUntil is { } until ? " until " + E(Time(until)) : ""),
        };
        var detail = m.Circuit is { } c ? $"<br><span class=\"muted\">{c.Failures} failures in the last {c.Samples} calls</span>" : "";
        return $"<div class=\"card\"><b>Instantly circuit breaker</b><br>{text}{detail}</div>";
    }

    private static string LimiterCard(StatusPageModel m)
    {
        if (m.Limiter is not { } l)
        {
            return "<div class=\"card\"><b>Rate limiter</b><br><span class=\"muted\">unknown</span></div>";
        }
        var paused = l.PausedUntil is { } until ? $"<br><span class=\"bad\">paused until {E(Time(until))}</span>" : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"<div class=\"card\"><b>Rate limiter</b><br>delay {l.CurrentDelay.TotalMilliseconds:0} ms between requests<br>" +
            $"<span class=\"muted\">{l.Queued} waiting · {l.Granted} granted · {l.RateLimitedCount} answered 429</span>{paused}</div>");
    }

    private static string WebhookCard(StatusPageModel m)
    {
        if (m.Webhooks is not { } w)
        {
            return "<div class=\"card\"><b>Instantly webhooks</b><br><span class=\"muted\">not set up</span></div>";
        }
        var lines = string.Concat(w.Lines.Select(l => "<br><span class=\"muted\">" + E(l) + "</span>"));
        return $"<div class=\"card\"><b>Instantly webhooks</b><br><span class=\"{(w.Healthy ? "ok" : "bad")}\">{E(w.Headline)}</span>{lines}</div>";
    }

    /// <summary>Active against target as a bar: green up to the target, the rest of the target grey.</summary>
    private static string Gauge(int? active, int? target)
    {
        const int width = 160;
        if (active is not { } a || target is not { } t || t <= 0)
        {
            return "<span class=\"muted\">–</span>";
        }
        var filled = Math.Min(width, width * (double)a / t);
        return string.Create(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"12\" role=\"img\"><title>{a} of {t}</title>" +
            $"<rect width=\"{width}\" height=\"12\" fill=\"#e5e7eb\"/><rect width=\"{filled:0.#}\" height=\"12\" fill=\"#16a34a\"/></svg>");
    }

    private static string Count(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "–";

    private static string Time(DateTimeOffset at) => at.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
