using System.Buffers;
using System.Net.Http.Headers;
using System.Text.Json;

namespace ColdEmail.Benchmarks.Instantly;

/// <summary>Load on the sandbox without a client's serialisation: prepared request bytes, answers skimmed.</summary>
internal sealed class RawSandboxLoad(Uri baseAddress, string key, string campaignId)
{
    private readonly HttpClient _http = new() { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };

    public List<byte[]> BulkBodies(int batches, int size)
    {
        var bodies = new List<byte[]>(batches);
        for (var b = 0; b < batches; b++)
        {
            var buffer = new ArrayBufferWriter<byte>(size * 200);
            using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                w.WriteString("campaign_id", campaignId);
                w.WriteBoolean("skip_if_in_workspace", true);
                w.WriteStartArray("leads");
                for (var i = 0; i < size; i++)
                {
                    w.WriteStartObject();
                    w.WriteString("email", $"raw{b}x{i}@firm{i % 89}.com");
                    w.WriteString("first_name", "First");
                    w.WriteString("last_name", "Last");
                    w.WriteString("company_name", "Company");
                    w.WriteStartObject("custom_variables");
                    w.WriteString("merchantName", "Shop");
                    w.WriteNumber("score", i);
                    w.WriteEndObject();
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            bodies.Add(buffer.WrittenSpan.ToArray());
        }
        return bodies;
    }

    public async Task<long> AddAsync(List<byte[]> bodies, int concurrency)
    {
        var next = -1;
        long added = 0;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int b;
            while ((b = Interlocked.Increment(ref next)) < bodies.Count)
            {
                using var doc = await SendAsync("api/v2/leads/add", bodies[b]);
                Interlocked.Add(ref added, doc.RootElement.GetProperty("leads_uploaded").GetInt32());
            }
        }));
        return added;
    }

    public async Task<long> ListAllAsync()
    {
        long listed = 0;
        string? cursor = null;
        while (true)
        {
            var body = cursor is null
                ? $$"""{"campaign":"{{campaignId}}","limit":100}"""
                : $$"""{"campaign":"{{campaignId}}","limit":100,"starting_after":"{{cursor}}"}""";
            using var doc = await SendAsync("api/v2/leads/list", System.Text.Encoding.UTF8.GetBytes(body));
            var items = doc.RootElement.GetProperty("items").GetArrayLength();
            if (items == 0) return listed;
            listed += items;
            cursor = doc.RootElement.GetProperty("next_starting_after").GetString();
        }
    }

    private async Task<JsonDocument> SendAsync(string path, byte[] body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await _http.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{path}: HTTP {(int)response.StatusCode}");
        return JsonDocument.Parse(bytes);
    }
}
