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
/// Under load: 429/5xx, short-term rate limits and timeouts are retried with backoff on the injected clock
/// (<see cref="BigQueryFailure"/>), a job aborted by a concurrent update is submitted again, writes to one table
/// are serialised inside the process (<see cref="TableWriteLocks"/>), and every job has a deadline.
/// </summary>
internal sealed class BigQueryRestClient(HttpClient http, BigQueryWarehouseOptions options, IBigQueryTokenSource tokens)
{
    private const int WaitMs = 10_000;
    private readonly TimeProvider _time = options.TimeProvider ?? TimeProvider.System;
    private readonly TimeSpan _jobTimeout = options.JobTimeout ?? BigQueryWarehouseOptions.DefaultJobTimeout;
    private readonly Uri _base = new(options.Endpoint ?? BigQueryWarehouseOptions.DefaultEndpoint, $"bigquery/v2/projects/{Uri.EscapeDataString(options.ProjectId)}/");

    /// <summary>Runs before every <see cref="ExecuteAsync"/> when set: the sync/drain lease's write fence.</summary>
    public Func<CancellationToken, Task>? BeforeExecute { get; set; }

    /// <summary>Runs a statement (DDL, DML or script) and waits for it to finish.</summary>
    public async Task ExecuteAsync(string sql, IReadOnlyList<BqParameter> parameters, CancellationToken ct)
    {
        if (BeforeExecute is { } fence) await fence(ct).ConfigureAwait(false);
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
        var (response, jobId, location) = await RunJobAsync(sql, parameters, pageSize, ct).ConfigureAwait(false);
        while (true)
        {
            var schema = response["schema"]?["fields"] as JsonArray;
            yield return new BqPage(ReadRows(response, schema), jobId);
            var token = response["pageToken"]?.GetValue<string>();
            if (string.IsNullOrEmpty(token)) yield break;
            response = await GetResultsAsync(jobId, location, pageSize, token, ct).ConfigureAwait(false);
            ThrowIfJobFailed(response, jobId);
        }
    }

    /// <summary>
    /// Submits the statement and waits until its job is complete: one writer per table at a time (<see cref="TableWriteLocks"/>),
    /// a job that lost a race or hit a short-term rate limit is submitted again after a backoff.
    /// </summary>
    private async Task<(JsonObject Response, string JobId, string? Location)> RunJobAsync(
        string sql, IReadOnlyList<BqParameter> parameters, int pageSize, CancellationToken ct)
    {
        var delays = options.TransientRetryDelays ?? BigQueryWarehouseOptions.DefaultRetryDelays;
        using var writing = await TableWriteLocks.AcquireAsync(_base.ToString(), TableWriteLocks.WrittenTables(sql), ct).ConfigureAwait(false);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await RunJobOnceAsync(sql, parameters, pageSize, ct).ConfigureAwait(false);
            }
            catch (RetryableJobException ex)
            {
                if (attempt >= delays.Count)
                    throw new WarehouseException($"{ex.Message} (gave up after {attempt + 1} attempts)", ex, ex.JobId);
            }
            await Task.Delay(delays[attempt], _time, ct).ConfigureAwait(false);
        }
    }

    private async Task<(JsonObject Response, string JobId, string? Location)> RunJobOnceAsync(
        string sql, IReadOnlyList<BqParameter> parameters, int pageSize, CancellationToken ct)
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

        var submitted = _time.GetUtcNow();
        var response = await SendAsync(HttpMethod.Post, new Uri(_base, "queries"), body, null, requestId, ct).ConfigureAwait(false);
        var jobId = response["jobReference"]?["jobId"]?.GetValue<string>();
        var location = response["jobReference"]?["location"]?.GetValue<string>() ?? options.Location;

        while (response["jobComplete"]?.GetValue<bool>() != true)
        {
            if (jobId is null) throw new WarehouseException($"BigQuery accepted query request {requestId} but returned no job reference");
            if (_time.GetUtcNow() - submitted >= _jobTimeout)
            {
                await CancelJobAsync(jobId, location).ConfigureAwait(false);
                throw new WarehouseException(
                    $"BigQuery job {jobId} did not complete within {_jobTimeout.TotalSeconds:0} s; polling stopped and the job was asked to cancel", null, jobId);
            }
            response = await GetResultsAsync(jobId, location, pageSize, null, ct).ConfigureAwait(false);
        }
        ThrowIfJobFailed(response, jobId ?? requestId);
        return (response, jobId ?? requestId, location);
    }

    /// <summary>Best effort: a job past its deadline should not keep running (and holding slots) unobserved.</summary>
    private async Task CancelJobAsync(string jobId, string? location)
    {
        var path = $"jobs/{Uri.EscapeDataString(jobId)}/cancel" + (location is null ? "" : "?location=" + Uri.EscapeDataString(location));
        try
        {
            using var cancelTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await SendOnceAsync(HttpMethod.Post, new Uri(_base, path), null, jobId, null, cancelTimeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WarehouseException or OperationCanceledException)
        {
            // The deadline error below is what matters; a job that cannot be cancelled finishes on its own.
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
            await Task.Delay(delays[attempt], _time, ct).ConfigureAwait(false);
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
        catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
        {
            // HttpClient.Timeout surfaces as a TaskCanceledException: a timeout, not the caller's cancellation
            // (taken for one, it stopped a drain worker as if the daemon were shutting down).
            throw new TransientBigQueryException($"{what} timed out waiting for BigQuery: {ex.Message}", ex, jobId);
        }
        using var _ = response;
        string text;
        try
        {
            text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new TransientBigQueryException($"{what} timed out reading BigQuery's answer: {ex.Message}", ex, jobId);
        }
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
            switch (BigQueryFailure.Classify(status, reason, message))
            {
                case BigQueryRetry.SameRequest: throw new TransientBigQueryException(failure, null, jobId);
                case BigQueryRetry.NewJob: throw new RetryableJobException(failure, jobId);
                default: throw new WarehouseException(failure, null, jobId);
            }
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
        var failure = $"BigQuery job {jobId} failed{(reason is null ? "" : $" ({reason})")}: {message}";
        if (BigQueryFailure.Classify(null, reason, message) != BigQueryRetry.None) throw new RetryableJobException(failure, jobId);
        throw new WarehouseException(failure, null, jobId);
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
