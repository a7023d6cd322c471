using System.CommandLine;
using System.Net;
using System.Text.Json;
using ColdEmail.Cli.Http;
using ColdEmail.Cli.Output;
using ColdEmail.Pipeline.Cluster.Status;
using ColdEmail.Pipeline.Settings;

namespace ColdEmail.Cli.Commands;

/// <summary>
/// `cluster status [--json] [--url URL]...`: asks a running node's HTTP face (GET /cluster) for the cluster as that node sees
/// it. Why HTTP and not a short-lived client node: joining as a member would change the membership the cluster decides on
/// (split-brain majority, minimum-members, singleton age), needs a remoting port every node can reach, and takes seconds to join
/// and leave; every node already serves HTTP and answers from its own cluster state, asking the other members over remoting.
/// </summary>
public static class ClusterCommand
{
    private static readonly TimeSpan RequestTimeout = ClusterStatusEndpoints.NodeTimeout + TimeSpan.FromSeconds(10);

    public static Command Create(CliConsole console)
    {
        var json = new Option<bool>("--json") { Description = "Print the status as JSON" };
        var urls = new Option<string[]>("--url")
        {
            Description = "A running node's HTTP endpoint, e.g. http://node-1:8780 (repeatable; the first that answers is used). Default: coldemail.http.urls",
        };
        var status = new Command("status", "Members, where each campaign and singleton runs, the workspace budget's grants and the breakers") { json, urls };
        status.SetVerbAction(console, async (ctx, ct) =>
        {
            var targets = Targets(ctx, ctx.Get(urls) ?? []);
            var failures = new List<string>();
            using var http = new HttpClient { Timeout = RequestTimeout };
            foreach (var target in targets)
            {
                var view = await AskAsync(http, target, failures, ct);
                if (view is null) continue;
                if (ctx.Get(json)) await ctx.Console.Out.WriteLineAsync(JsonSerializer.Serialize(view, ClusterStatusJson.Options));
                else await ClusterStatusText.WriteAsync(ctx.Console.Out, view);
                return ExitCodes.Ok;
            }
            throw new CliUsageException("no node answered: " + string.Join("; ", failures)
                + ". Start a node (`coldemail run` with coldemail.cluster.enabled = on) or point --url (or coldemail.http.urls) at a running node's HTTP endpoint");
        });
        return new Command("cluster", "Inspect a running cluster (coldemail.cluster.enabled = on)") { status };
    }

    /// <summary>--url, or this configuration's own HTTP endpoint (a node's config), with a wildcard listen address asked on loopback.</summary>
    private static IReadOnlyList<Uri> Targets(VerbContext ctx, string[] given)
    {
        if (given.Length > 0)
        {
            return given.Select(u => Uri.TryCreate(u, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
                ? url
                : throw new CliUsageException($"--url '{u}' is not an address like http://node-1:8780")).ToList();
        }
        var settings = ctx.LoadFileSettings().Settings;
        if (!settings.Cluster.Enabled)
            throw new CliUsageException("cluster mode is off: set coldemail.cluster.enabled = on in the node's configuration (--config), or pass --url http://NODE:8780 of a running node");
        if (!settings.Http.Enabled)
            throw new CliUsageException("coldemail.http.enabled = off: nodes serve their status over HTTP; turn it on, or pass --url of a node that serves it");
        var ports = settings.Http.Urls.Where(u => u.Port == 0).ToList();
        if (ports.Count > 0)
            throw new CliUsageException($"coldemail.http.urls has port 0 (a free port picked at start): pass --url with the port the node logged (\"HTTP endpoint listening on …\")");
        return settings.Http.Urls.Select(Reachable).ToList();
    }

    private static Uri Reachable(Uri url) =>
        url.Host is "0.0.0.0" or "[::]" or "*" or "+" ? new UriBuilder(url) { Host = IPAddress.Loopback.ToString() }.Uri : url;

    private static async Task<ClusterStatusView?> AskAsync(HttpClient http, Uri node, List<string> failures, CancellationToken ct)
    {
        var url = new Uri(node, ClusterStatusEndpoints.Route);
        try
        {
            using var response = await http.GetAsync(url, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            if (response.StatusCode == HttpStatusCode.NotFound && body.Contains("coldemail.cluster.enabled", StringComparison.Ordinal))
                throw new CliUsageException($"the node at {node} runs with cluster mode off (coldemail.cluster.enabled = off)");
            if (!response.IsSuccessStatusCode)
            {
                failures.Add($"{url} answered {(int)response.StatusCode}");
                return null;
            }
            return JsonSerializer.Deserialize<ClusterStatusView>(body, ClusterStatusJson.Options);
        }
        catch (HttpRequestException e)
        {
            failures.Add($"{url}: {e.Message}");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            failures.Add($"{url}: no answer within {RequestTimeout.TotalSeconds} s");
        }
        catch (JsonException)
        {
            failures.Add($"{url} did not answer with a cluster status (another service on that port?)");
        }
        return null;
    }
}
