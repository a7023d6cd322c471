using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ColdEmail.Cli.Tests.Http;

/// <summary>
/// The daemon's HTTP face over real HTTP: a `coldemail run` process against a sandbox Instantly, probed the way
/// Kubernetes and Prometheus do. Waits are bounds on the daemon getting somewhere, not timing assertions.
/// </summary>
public sealed partial class DaemonHttpTests
{
    [Fact]
    public async Task Health_readiness_and_metrics_follow_the_daemon_and_its_first_sync()
    {
        // A drain interval longer than the test: only the start's sync and drain run.
        await using var daemon = await RunningDaemon.StartAsync(300, "coldemail.schedules { sync-interval = 1d, drain-interval = 1d }");

        var health = await daemon.Client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);

        var ready = await daemon.PollAsync("/readyz", (status, _) => status == HttpStatusCode.OK);
        Assert.True(ready.Status == HttpStatusCode.OK, ready.Body + "\n" + daemon.Process.Output);
        using (var json = JsonDocument.Parse(ready.Body))
        {
            Assert.Equal("ready", json.RootElement.GetProperty("status").GetString());
            foreach (var check in new[] { "warehouse", "journal", "campaigns" })
            {
                Assert.True(json.RootElement.GetProperty("checks").GetProperty(check).GetProperty("ready").GetBoolean(), ready.Body);
            }
        }

        // The start's sync is recorded (its run summary went through the metrics) once its success timestamp shows.
        var scrape = await daemon.PollAsync("/metrics", (_, body) => body.Contains("coldemail_last_run_success_timestamp_seconds{", StringComparison.Ordinal)
                                                                      && body.Contains("kind=\"sync\"", StringComparison.Ordinal));
        var metrics = PrometheusText.Parse(scrape.Body);
        var created = SyncedLines().Matches(daemon.Process.Output).ToDictionary(m => m.Groups["campaign"].Value, m => int.Parse(m.Groups["created"].Value));
        Assert.True(created.Count == 2 && created.Values.Sum() > 0, daemon.Process.Output);
        foreach (var (campaign, count) in created)
        {
            Assert.Equal(count, metrics.Sum("coldemail_leads_enrolled_total", ("campaign", campaign)));
            // The sandbox started empty, so what the sync created is what is active now; the target is the sync plan's.
            Assert.True(count == metrics.Sum("coldemail_inventory_active", ("campaign", campaign)), $"{campaign}: {count}\n{scrape.Body}\n{daemon.Process.Output}");
            Assert.True(metrics.Sum("coldemail_inventory_target", ("campaign", campaign)) >= count, scrape.Body);
            Assert.Equal(0, metrics.Sum("coldemail_dead_letters", ("campaign", campaign)));
        }
        Assert.Equal("counter", metrics.Types["coldemail_leads_enrolled_total"]);
        Assert.True(metrics.Sum("coldemail_instantly_requests_total", ("operation", "leads.add"), ("status", "ok")) >= 1, scrape.Body);
        Assert.Equal("histogram", metrics.Types["coldemail_instantly_request_seconds"]);
        Assert.Equal(metrics.Sum("coldemail_instantly_requests_total"), metrics.Sum("coldemail_instantly_request_seconds_count"));
        // Buckets sized for seconds, not the exporter's millisecond defaults.
        Assert.Contains(metrics.Find("coldemail_instantly_request_seconds_bucket"), s => s.Labels["le"] == "0.1");
        Assert.True(metrics.Sum("coldemail_rate_limiter_delay_seconds_count") >= metrics.Sum("coldemail_instantly_requests_total"), scrape.Body);
        Assert.Equal(0, metrics.Sum("coldemail_circuit_open", ("breaker", "instantly")));
        Assert.Single(metrics.Find("coldemail_circuit_open"));
        Assert.Equal(1, metrics.Sum("coldemail_run_duration_seconds_count", ("kind", "sync")));
        var lastSync = metrics.Sum("coldemail_last_run_success_timestamp_seconds", ("kind", "sync"));
        Assert.InRange(DateTimeOffset.FromUnixTimeMilliseconds((long)(lastSync * 1000)), DateTimeOffset.UtcNow.AddMinutes(-10), DateTimeOffset.UtcNow);
        // The runtime's and the process's own series.
        Assert.Contains(metrics.Samples, s => s.Name.StartsWith("dotnet_gc_", StringComparison.Ordinal));
        Assert.Contains(metrics.Samples, s => s.Name.StartsWith("dotnet_process_memory_working_set", StringComparison.Ordinal));
        // Counts and names only: no address of the 300 prospects in any label.
        Assert.DoesNotContain("@", scrape.Body);

        // The warehouse file replaced by garbage under the running daemon (chmod 000 would not do: tests may run as root,
        // who reads anyway). The daemon's open handle still reads the old file, but its next start would fail: not ready.
        var garbage = daemon.Workspace.WarehousePath + ".garbage";
        await File.WriteAllTextAsync(garbage, new string('x', 4096));
        File.Move(garbage, daemon.Workspace.WarehousePath, overwrite: true);
        var broken = await daemon.Client.GetAsync("/readyz");
        var body = await broken.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, broken.StatusCode);
        using (var json = JsonDocument.Parse(body))
        {
            Assert.Equal("not_ready", json.RootElement.GetProperty("status").GetString());
            Assert.Equal(new[] { "warehouse" }, json.RootElement.GetProperty("not_ready").EnumerateArray().Select(e => e.GetString()!).ToArray());
            Assert.Contains("not a DuckDB database", json.RootElement.GetProperty("checks").GetProperty("warehouse").GetProperty("detail").GetString());
        }
        // Liveness is about the actor system, not the warehouse.
        Assert.Equal(HttpStatusCode.OK, (await daemon.Client.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task A_port_already_in_use_is_a_configuration_error_naming_the_key_with_exit_2()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        using var ws = new TempWorkspace($"coldemail.http.urls = \"http://127.0.0.1:{port}\"");
        await ws.SeedProspectsAsync(10);

        var result = await ws.RunAsync("run", "--sandbox");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("coldemail.http.urls", result.Err);
        Assert.Contains($"127.0.0.1:{port}", result.Err);
        Assert.True(!result.ToString().Contains("   at ", StringComparison.Ordinal), result.ToString());
        Assert.DoesNotContain("Synced", result.ToString());
    }

    [Fact]
    public void A_malformed_url_is_refused_naming_the_key()
    {
        using var ws = new TempWorkspace("coldemail.http.urls = \"127.0.0.1:8780\"");
        var e = Assert.Throws<Pipeline.Settings.SettingsException>(() =>
            Pipeline.Settings.SettingsLoader.Load(new Pipeline.Settings.SettingsSources(ConfigFile: ws.ConfigFile)));
        Assert.Contains(e.Errors, x => x.Key == "coldemail.http.urls" && x.Message.Contains("http://HOST:PORT", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"Synced ""?(?<campaign>\w+)""?: (?<created>\d+) created")]
    private static partial Regex SyncedLines();
}
