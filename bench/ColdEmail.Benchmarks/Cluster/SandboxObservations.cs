using System.Text.Json;

namespace ColdEmail.Benchmarks.Cluster;

/// <summary>What the sandbox saw: requests and 429s per wall-clock second (GET /_sandbox/requests) and the leads it holds.</summary>
public sealed record SandboxObservations(IReadOnlyList<(long Second, int Requests, int RateLimited)> Seconds, IReadOnlyList<string> LeadEmails)
{
    public static async Task<SandboxObservations> ReadAsync(HttpClient http)
    {
        using var requests = JsonDocument.Parse(await http.GetStringAsync("/_sandbox/requests"));
        var seconds = requests.RootElement.GetProperty("seconds").EnumerateArray()
            .Select(s => (s.GetProperty("t").GetInt64(), s.GetProperty("requests").GetInt32(), s.GetProperty("rate_limited").GetInt32())).ToList();
        using var leads = JsonDocument.Parse(await http.GetStringAsync("/_sandbox/leads"));
        var emails = leads.RootElement.GetProperty("items").EnumerateArray()
            .Select(l => l.TryGetProperty("email", out var e) ? e.GetString()?.Trim().ToLowerInvariant() : null).OfType<string>().ToList();
        return new SandboxObservations(seconds, emails);
    }

    public int MaxPerSecond => Seconds.Count == 0 ? 0 : Seconds.Max(s => s.Requests);

    /// <summary>The most requests in any 60 consecutive one-second buckets.</summary>
    public int MaxPerMinute
    {
        get
        {
            var bySecond = Seconds.ToDictionary(s => s.Second, s => s.Requests);
            return Seconds.Count == 0 ? 0 : Seconds.Max(s => Enumerable.Range(0, 60).Sum(i => bySecond.GetValueOrDefault(s.Second + i)));
        }
    }

    public int RateLimited => Seconds.Sum(s => s.RateLimited);

    /// <summary>429s after the first second that had one (the first adaptation is the pipeline learning the limit).</summary>
    public int RateLimitedAfterFirstAdaptation
    {
        get
        {
            var first = Seconds.FirstOrDefault(s => s.RateLimited > 0);
            return first == default ? 0 : Seconds.Where(s => s.Second > first.Second + 1).Sum(s => s.RateLimited);
        }
    }

    public int Duplicates => LeadEmails.GroupBy(e => e).Sum(g => g.Count() - 1);

    public long FirstSecond => Seconds.Count == 0 ? 0 : Seconds[0].Second;
    public long LastSecond => Seconds.Count == 0 ? 0 : Seconds[^1].Second;
}
