using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ColdEmail.Warehouse.BigQuery;

/// <summary>One page of query results.</summary>
internal sealed record BqPage(IReadOnlyList<BqRow> Rows, string JobId);

/// <summary>
/// The slice of BigQuery's REST API v2 ColdEmail needs: <c>jobs.query</c> with named parameters, then
/// <c>jobs.getQueryResults</c> to wait for the job and to page with <c>pageToken</c>. Failures become
/// <see cref="WarehouseException"/>s carrying the job id (or our request id) and BigQuery's own message.
/// </summary>
internal sealed class BigQueryRestClient(HttpClient http, BigQueryWarehouseOptions options, IBigQueryTokenSource tokens)
{
    private const int WaitMs = 10_000;
    private readonly Uri _base = new(options.Endpoint ?? BigQueryWarehouseOptions.DefaultEndpoint, $"bigquery/v2/projects/{Uri.EscapeDataString(options.ProjectId)}/");

    /// <summary>Runs a statement (DDL, DML or script) and waits for it to finish.</summary>
    public async Task ExecuteAsync(string sql, IReadOnlyList<BqParameter> parameters, CancellationToken ct)
    {
        await foreach (var _ in QueryAsync(sql, parameters, pageSize: 1, ct).ConfigureAwait(false))
        {
            // Only completion matters; a script's last SELECT (if any) is not read.
            break;
        }
    }

    /// <summary>All rows of a small result.</summary>
    public async Task<IReadOnlyList<BqRow>> QueryAllAsync(string sql, IReadOnlyList<BqParameter> parameters, CancellationToken ct)
    {
        var rows = new List<BqRow>();
        await foreach (var page in QueryAsync(sql, parameters, pageSize: 10_000, ct).ConfigureAwait(false)) rows.AddRange(page.Rows);
        return rows;
    }

    /// <summary>Pages of <paramref name="pageSize"/> rows; only one page is held at a time.</summary>
    public async IAsyncEnumerable<BqPage> QueryAsync(string sql, IReadOnlyList<BqParameter> parameters, int pageSize,
        [EnumeratorCancellation] CancellationToken ct)
    {
        var requestId = Guid.NewGuid().ToString();
        var body = new JsonObject
        {
            ["query"] = sql,
            ["useLegacySql"] = false,
            ["parameterMode"] = "NAMED",
            ["queryParameters"] = new JsonArray(parameters.Select(p => (JsonNode)p.ToJson()).ToArray()),
            ["maxResults"] = pageSize,
            ["timeoutMs"] = WaitMs,
            ["requestId"] = requestId,
        };
        if (options.Location is not null) body["location"] = options.Location;

        var response = await SendAsync(HttpMethod.Post, new Uri(_base, "queries"), body, null, requestId, ct).ConfigureAwait(false);
        var jobId = response["jobReference"]?["jobId"]?.GetValue<string>();
        var location = response["jobReference"]?["location"]?.GetValue<string>() ?? options.Location;

        while (response["jobComplete"]?.GetValue<bool>() != true)
        {
            if (jobId is null) throw new WarehouseException($"BigQuery accepted query request {requestId} but returned no job reference");
            response = await GetResultsAsync(jobId, location, pageSize, null, ct).ConfigureAwait(false);
        }
        ThrowIfJobFailed(response, jobId ?? requestId);

        while (true)
        {
            var schema = response["schema"]?["fields"] as JsonArray;
            yield return new BqPage(ReadRows(response, schema), jobId ?? requestId);
            var token = response["pageToken"]?.GetValue<string>();
            if (string.IsNullOrEmpty(token) || jobId is null) yield break;
            response = await GetResultsAsync(jobId, location, pageSize, token, ct).ConfigureAwait(false);
            ThrowIfJobFailed(response, jobId);
        }
    }

    private Task<JsonObject> GetResultsAsync(string jobId, string? location, int pageSize, string? pageToken, CancellationToken ct)
    {
        var query = new StringBuilder($"queries/{Uri.EscapeDataString(jobId)}?maxResults={pageSize}&timeoutMs={WaitMs}");
        if (location is not null) query.Append("&location=").Append(Uri.EscapeDataString(location));
        if (pageToken is not null) query.Append("&pageToken=").Append(Uri.EscapeDataString(pageToken));
        return SendAsync(HttpMethod.Get, new Uri(_base, query.ToString()), null, jobId, null, ct);
    }

    private async Task<JsonObject> SendAsync(HttpMethod method, Uri uri, JsonObject? body, string? jobId, string? requestId, CancellationToken ct)
    {
        var delays = options.TransientRetryDelays ?? BigQueryWarehouseOptions.DefaultRetryDelays;
        var time = options.TimeProvider ?? TimeProvider.System;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await SendOnceAsync(method, uri, body, jobId, requestId, ct).ConfigureAwait(false);
            }
            catch (TransientBigQueryException ex)
            {
                if (attempt >= delays.Count)
                    throw new WarehouseException($"{ex.Message} (gave up after {attempt + 1} attempts)", ex.InnerException, ex.JobId);
                // Retried below: for jobs.query the same requestId makes BigQuery return the job it already started.
            }
            await Task.Delay(delays[attempt], time, ct).ConfigureAwait(false);
        }
    }

    private async Task<JsonObject> SendOnceAsync(HttpMethod method, Uri uri, JsonObject? body, string? jobId, string? requestId, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, uri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.GetAccessTokenAsync(ct).ConfigureAwait(false));
        if (body is not null) request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");

        var what = jobId is not null ? $"BigQuery job {jobId}" : $"BigQuery query request {requestId}";
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new TransientBigQueryException($"{what} could not reach BigQuery: {ex.Message}", ex, jobId);
        }
        using var _ = response;
        var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        JsonObject? json;
        try
        {
            json = JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            json = null;
        }
        if (!response.IsSuccessStatusCode)
        {
            var message = json?["error"]?["message"]?.GetValue<string>() ?? Truncate(text);
            var reason = (json?["error"]?["errors"] as JsonArray)?.FirstOrDefault()?["reason"]?.GetValue<string>();
            var status = (int)response.StatusCode;
            var failure = $"{what} failed with HTTP {status}{(reason is null ? "" : $" ({reason})")}: {message}";
            if (status is 429 or >= 500) throw new TransientBigQueryException(failure, null, jobId);
            throw new WarehouseException(failure, null, jobId);
        }
        return json ?? throw new WarehouseException($"{what} answered HTTP {(int)response.StatusCode} with a body that is not a JSON object: {Truncate(text)}", null, jobId);
    }

    private static void ThrowIfJobFailed(JsonObject response, string jobId)
    {
        // A finished job that failed reports errorResult (jobs.get) or a non-empty errors list without rows.
        var error = response["status"]?["errorResult"] ?? response["errorResult"];
        if (error is null && response["errors"] is JsonArray { Count: > 0 } errors && response["rows"] is null && response["schema"] is null)
            error = errors[0];
        if (error is null) return;
        var message = error["message"]?.GetValue<string>() ?? error.ToJsonString();
        var reason = error["reason"]?.GetValue<string>();
        throw new WarehouseException($"BigQuery job {jobId} failed{(reason is null ? "" : $" ({reason})")}: {message}", null, jobId);
    }

    private static List<BqRow> ReadRows(JsonObject response, JsonArray? schema)
    {
        var rows = new List<BqRow>();
        if (response["rows"] is not JsonArray raw || raw.Count == 0) return rows;
        if (schema is null) throw new WarehouseException("BigQuery returned rows without a schema");
        var columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < schema.Count; i++) columns[schema[i]!["name"]!.GetValue<string>()] = i;
        foreach (var row in raw)
        {
            if (row?["f"] is not JsonArray cells || cells.Count != schema.Count)
                throw new WarehouseException($"BigQuery returned a row that does not match its {schema.Count}-column schema: {Truncate(row?.ToJsonString() ?? "null")}");
            rows.Add(new BqRow(columns, cells));
        }
        return rows;
    }

    private static string Truncate(string text) => text.Length <= 500 ? text : text[..497] + "...";
}

/// <summary>A failure worth retrying (429, 5xx, connection lost); surfaces as a <see cref="WarehouseException"/> once retries run out.</summary>
internal sealed class TransientBigQueryException(string message, Exception? inner, string? jobId) : WarehouseException(message, inner, jobId);
