using ColdEmail.Cli.Commands;
using ColdEmail.Cli.Reports;
using ColdEmail.Warehouse;

namespace ColdEmail.Cli.Tests.Reports;

public sealed class ReportRenderingTests
{
    private static readonly ReportData Data = new(
        new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero), 7,
        [
            new DailyPerformanceRow(new DateOnly(2026, 3, 1), "SMB", 40, 10, 2, 20m, 1, 2.5m),
            new DailyPerformanceRow(new DateOnly(2026, 3, 1), "Midsize", 20, 5, 1, 20m, 0, 0m),
            new DailyPerformanceRow(new DateOnly(2026, 3, 2), "SMB", 35, 8, 0, null, 0, 0m),
        ],
        [new CampaignRoiRow("SMB <&>", 100, 5, 1.4m, 12_000m, 120m), new CampaignRoiRow("Midsize", 50, 4, 1.6m, 200_000m, 4000m)],
        []);

    [Fact]
    public void Html_is_self_contained_with_inline_svg_and_escaped_text()
    {
        var html = HtmlReport.Render(Data);
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Equal(3, html.Split("<svg xmlns").Length - 1);
        Assert.Contains("SMB &lt;&amp;&gt;", html);
        Assert.DoesNotContain("SMB <&>", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<link", html);
        Assert.DoesNotContain("<img", html);
        Assert.Contains("2026-03-01 SMB: 40", html);
    }

    [Fact]
    public void Console_tables_show_rates_and_placeholders()
    {
        var writer = new StringWriter();
        ConsoleReport.Write(writer, false, Data);
        var text = writer.ToString();
        Assert.Contains("2026-03-01", text);
        Assert.Contains("20%", text);
        Assert.Contains("–", text);
        Assert.Contains("200,000", text);
    }

    [Fact]
    public void Config_set_maps_keys_onto_the_seed_rows()
    {
        var table = new List<ConfigEntry> { new("processing_limits", """{"max_leads_per_run": 100}""", DateTimeOffset.UtcNow) };
        var limits = ConfigTableEdit.Apply(table, "coldemail.limits.inventory-multiplier", "4");
        Assert.Equal("processing_limits", limits.Row);
        Assert.Equal("""{"max_leads_per_run":100,"inventory_multiplier":4}""", limits.ValueJson);

        var campaign = ConfigTableEdit.Apply([], "coldemail.campaigns.smb.daily-limit", "70");
        Assert.Equal(("campaign_config", """{"campaigns":{"smb":{"daily_limit":70}}}"""), (campaign.Row, campaign.ValueJson));

        var other = ConfigTableEdit.Apply([], "coldemail.schedules.sync-interval", "10m");
        Assert.Equal(("coldemail.schedules.sync-interval", "\"10m\""), (other.Row, other.ValueJson));

        Assert.Throws<CliUsageException>(() => ConfigTableEdit.Apply([], "coldemail.nope", "1"));
        Assert.Throws<CliUsageException>(() => ConfigTableEdit.Apply([], "feature_flags", "[1]"));
    }
}
