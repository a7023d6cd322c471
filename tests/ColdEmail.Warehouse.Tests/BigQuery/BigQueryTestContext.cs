using ColdEmail.Warehouse.BigQuery;
using Microsoft.Extensions.Time.Testing;

namespace ColdEmail.Warehouse.Tests.BigQuery;

/// <summary>A token source that never talks to Google and counts its calls.</summary>
public sealed class StaticTokenSource(string token) : IBigQueryTokenSource
{
    public int Calls;

    public Task<string> GetAccessTokenAsync(CancellationToken ct)
    {
        Interlocked.Increment(ref Calls);
        return Task.FromResult(token);
    }
}

public sealed class BigQueryTestContext : IAsyncDisposable
{
    public const string Token = "ya29.test-token-never-logged";
    public static readonly DateTimeOffset Now = new(2026, 11, 25, 15, 0, 0, TimeSpan.Zero);

    private readonly HttpClient _http;

    private BigQueryTestContext(FakeBigQueryServer server, HttpClient http, BigQueryLeadWarehouse warehouse, StaticTokenSource tokens)
    {
        Server = server;
        _http = http;
        Warehouse = warehouse;
        Tokens = tokens;
    }

    public FakeBigQueryServer Server { get; }
    public BigQueryLeadWarehouse Warehouse { get; }
    public StaticTokenSource Tokens { get; }

    public static async Task<BigQueryTestContext> StartAsync(int dmlBatchSize = 5_000)
    {
        var server = await FakeBigQueryServer.StartAsync();
        var http = new HttpClient();
        var tokens = new StaticTokenSource(Token);
        var options = new BigQueryWarehouseOptions("acme-prod", "email_analytics", "EU", Endpoint: server.BaseAddress,
            TimeProvider: new FakeTimeProvider(Now), DmlBatchSize: dmlBatchSize,
            TransientRetryDelays: [TimeSpan.Zero, TimeSpan.Zero]);
        return new BigQueryTestContext(server, http, new BigQueryLeadWarehouse(http, options, tokens), tokens);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await Server.DisposeAsync();
    }
}
