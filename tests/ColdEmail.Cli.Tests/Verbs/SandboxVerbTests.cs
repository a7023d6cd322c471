using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace ColdEmail.Cli.Tests.Verbs;

public sealed class SandboxVerbTests
{
    [Fact]
    public async Task Sandbox_serves_the_api_until_stopped()
    {
        using var ws = new TempWorkspace();
        using var stop = new CancellationTokenSource();
        var output = new ConcurrentLog();
        var running = ws.RunAsync(output, new StringWriter(), stop.Token, "sandbox", "--urls", "http://127.0.0.1:0", "--api-key", "k-test");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        Match address = Match.Empty;
        while (!running.IsCompleted && DateTime.UtcNow < deadline && !(address = Regex.Match(Read(output), @"listening on (http://\S+)")).Success)
        {
            await Task.Delay(50);
        }
        Assert.True(address.Success, Read(output));
        Assert.Contains("campaign smb", Read(output));

        using var http = new HttpClient { BaseAddress = new Uri(address.Groups[1].Value) };
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/v2/campaigns?limit=10");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "k-test");
        using var response = await http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, response.StatusCode.ToString());
        Assert.Contains("midsize", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);

        stop.Cancel();
        var r = await running;
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("sandbox stopped", r.Out);
    }

    private static string Read(ConcurrentLog writer) => writer.ToString();
}
