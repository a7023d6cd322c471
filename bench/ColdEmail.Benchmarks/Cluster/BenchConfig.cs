using System.Globalization;

namespace ColdEmail.Benchmarks.Cluster;

/// <summary>The settings files of the bench: the sandbox's and each node's (same campaigns, revenue bands that do not overlap).</summary>
public static class BenchConfig
{
    /// <summary>Campaign name and its revenue band (USD; null = open).</summary>
    public static readonly (string Name, long? Min, long? Max)[] Campaigns =
    [
        ("smb", null, 250_000), ("small", 250_000, 500_000), ("growth", 500_000, 1_000_000),
        ("midsize", 1_000_000, 5_000_000), ("upper", 5_000_000, 20_000_000), ("enterprise", 20_000_000, null),
    ];

    /// <summary>Every campaign's inventory target (daily-limit x 3.5) can hold all the leads, whatever the routing gives it.</summary>
    private static string CampaignsHocon(int leads, IReadOnlyDictionary<string, string>? ids)
    {
        var daily = (int)Math.Ceiling(leads / 3.5) + 10;
        return string.Join("\n", Campaigns.Select(c => $$"""
            coldemail.campaigns.{{c.Name}} {
              id = "{{(ids?[c.Name] ?? Guid.NewGuid().ToString())}}"
              min-revenue = {{Band(c.Min)}}
              max-revenue = {{Band(c.Max)}}
              daily-limit = {{daily}}
              sequence-length = 5
              enabled = on
            }
            """));
    }

    private static string Band(long? v) => v?.ToString(CultureInfo.InvariantCulture) ?? "null";

    public static string Sandbox(int leads) => CampaignsHocon(leads, null) + "\ncoldemail.routing.unknown-revenue-campaign = smb\n";

    public static string Node(int leads, IReadOnlyDictionary<string, string> ids, string sandboxUrl, int port, IReadOnlyList<int> ports, int httpPort) => $$"""
        coldemail {
          instantly.base-url = "{{sandboxUrl}}"
          warehouse.kind = postgres
          persistence { kind = postgres, postgres.auto-initialize = off }
          http.urls = "http://127.0.0.1:{{httpPort}}"
          cluster {
            enabled = on
            hostname = "127.0.0.1"
            port = {{port}}
            seed-nodes = [{{string.Join(", ", ports.Select(p => $"\"akka.tcp://coldemail@127.0.0.1:{p}\""))}}]
            expected-nodes = 3
            minimum-members = 2
          }
          schedules { sync-interval = 20s, drain-interval = 24h, run-on-start = on }
          limits { max-leads-per-run = {{leads}}, max-api-pages = 10000 }
          # No pause between a node's own requests (the default 500ms paces each node at 2/s): the workspace budget, shared
          # by the three nodes, is what must hold Instantly's 100/s and 6,000/min.
          rate-limit.min-delay = 0s
          live-tuning.watch-file = off
        }
        coldemail.routing.unknown-revenue-campaign = smb
        {{CampaignsHocon(leads, ids)}}
        """;
}
