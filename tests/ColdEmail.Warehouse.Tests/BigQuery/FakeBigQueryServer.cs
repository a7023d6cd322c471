using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ColdEmail.Warehouse.Tests.BigQuery;

public sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Query, string? Authorization, JsonObject? Body)
{
    public string Sql => Body?["query"]?.GetValue<string>() ?? "";

    public JsonObject Parameter(string name) =>
        (JsonObject)((JsonArray)Body!["queryParameters"]!).Single(p => p!["name"]!.GetValue<string>() == name)!;
}

public sealed record FakeResponse(int Status, JsonObject Body);

/// <summary>
/// BigQuery's REST v2 on Kestrel at 127.0.0.1:0: records every request and answers from a script of responses
/// in the real wire shapes (schema + f/v rows, INT64 and TIMESTAMP as strings, pageToken, jobComplete, errors).
/// </summary>
public sealed class FakeBigQueryServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Func<RecordedRequest, FakeResponse>> _script = new();

    private FakeBigQueryServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }
    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>When the script is empty: a finished DML/DDL job with no rows.</summary>
    public Func<RecordedRequest, FakeResponse> Fallback { get; set; } = _ => new FakeResponse(200, Bq.Done("job_default"));

    /// <summary>When set, answers every request instead of the script (it may wait; the token fires when the client gives up).</summary>
    public Func<RecordedRequest, CancellationToken, Task<FakeResponse>>? Responder { get; set; }

    /// <summary>Completes once at least <paramref name="count"/> requests have arrived.</summary>
    public async Task WaitForRequestsAsync(int count, CancellationToken ct = default)
    {
        while (Requests.Count < count) await Task.Delay(5, ct);
    }

    public void Enqueue(params Func<RecordedRequest, FakeResponse>[] responses)
    {
        foreach (var r in responses) _script.Enqueue(r);
    }

    public void Enqueue(params JsonObject[] bodies)
    {
        foreach (var b in bodies) _script.Enqueue(_ => new FakeResponse(200, b));
    }

    public static async Task<FakeBigQueryServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        FakeBigQueryServer? server = null;
        app.Run(async ctx =>
        {
            JsonObject? body = null;
            if (ctx.Request.ContentLength is > 0 || ctx.Request.Headers.TransferEncoding.Count > 0)
            {
                using var reader = new StreamReader(ctx.Request.Body);
                body = JsonNode.Parse(await reader.ReadToEndAsync()) as JsonObject;
            }
            var request = new RecordedRequest(ctx.Request.Method, ctx.Request.Path.Value ?? "",
                ctx.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()), ctx.Request.Headers.Authorization.ToString(), body);
            server!.Requests.Enqueue(request);
            FakeResponse response;
            if (server.Responder is { } responder)
            {
                try
                {
                    response = await responder(request, ctx.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return; // the client timed out and hung up
                }
            }
            else
            {
                var respond = server._script.TryDequeue(out var next) ? next : server.Fallback;
                response = respond(request);
            }
            ctx.Response.StatusCode = response.Status;
            ctx.Response.ContentType = "application/json; charset=UTF-8";
            await ctx.Response.WriteAsync(response.Body.ToJsonString());
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new FakeBigQueryServer(app, new Uri(address.EndsWith('/') ? address : address + "/"));
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>Response bodies exactly as BigQuery shapes them.</summary>
public static class Bq
{
    public static JsonObject Rows(string jobId, (string Name, string Type)[] schema, IEnumerable<string?[]> rows,
        string? pageToken = null, long? totalRows = null, string kind = "bigquery#queryResponse")
    {
        var rowArray = rows.Select(r => (JsonNode)new JsonObject
        {
            ["f"] = new JsonArray(r.Select(v => (JsonNode)new JsonObject { ["v"] = v is null ? null : JsonValue.Create(v) }).ToArray()),
        }).ToArray();
        var o = new JsonObject
        {
            ["kind"] = kind,
            ["schema"] = new JsonObject
            {
                ["fields"] = new JsonArray(schema.Select(f => (JsonNode)new JsonObject { ["name"] = f.Name, ["type"] = f.Type, ["mode"] = "NULLABLE" }).ToArray()),
            },
            ["jobReference"] = JobRef(jobId),
            ["totalRows"] = (totalRows ?? rowArray.Length).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["totalBytesProcessed"] = "1048576",
            ["jobComplete"] = true,
            ["cacheHit"] = false,
        };
        // BigQuery omits "rows" entirely when a page is empty.
        if (rowArray.Length > 0) o["rows"] = new JsonArray(rowArray);
        if (pageToken is not null) o["pageToken"] = pageToken;
        return o;
    }

    public static JsonObject Pending(string jobId) => new()
    {
        ["kind"] = "bigquery#queryResponse",
        ["jobReference"] = JobRef(jobId),
        ["jobComplete"] = false,
    };

    public static JsonObject Done(string jobId, long affected = 0) => new()
    {
        ["kind"] = "bigquery#queryResponse",
        ["jobReference"] = JobRef(jobId),
        ["totalBytesProcessed"] = "0",
        ["jobComplete"] = true,
        ["cacheHit"] = false,
        ["numDmlAffectedRows"] = affected.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public static FakeResponse Error(int status, string reason, string message) => new(status, new JsonObject
    {
        ["error"] = new JsonObject
        {
            ["code"] = status,
            ["message"] = message,
            ["errors"] = new JsonArray(new JsonObject { ["message"] = message, ["domain"] = "global", ["reason"] = reason }),
            ["status"] = status == 400 ? "INVALID_ARGUMENT" : "INTERNAL",
        },
    });

    private static JsonObject JobRef(string jobId) => new() { ["projectId"] = "acme-prod", ["jobId"] = jobId, ["location"] = "EU" };
}
