using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ColdEmail.Instantly.Wire;

namespace ColdEmail.Instantly.Http;

/// <summary>
/// One HTTP exchange with Instantly turned into an <see cref="InstantlyResult{T}"/>: non-2xx, 2xx-with-error,
/// timeouts, dropped connections and unparsable answers all become error values. No retries here.
/// </summary>
internal sealed class HttpExchange(HttpClient http, InstantlyClientOptions options, TimeProvider time)
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly AuthenticationHeaderValue _auth = new("Bearer", options.ApiKey);
    // Relative paths resolve under the base only when it ends with '/'.
    private readonly Uri _base = options.BaseAddress.AbsoluteUri.EndsWith('/') ? options.BaseAddress : new Uri(options.BaseAddress.AbsoluteUri + "/");

    /// <summary>An exchange whose 2xx answer is read into a source-generated DTO, then mapped.</summary>
    public Task<InstantlyResult<TOut>> SendAsync<TDto, TOut>(
        HttpMethod method, string path, PooledBuffer? body, JsonTypeInfo<TDto> typeInfo,
        Func<TDto, (bool Ok, TOut Value)> map, CancellationToken ct, Func<int, (bool Ok, TOut Value)>? onStatus = null) =>
        ExchangeAsync(method, path, body, ct, onStatus, answer =>
        {
            var dto = JsonSerializer.Deserialize(answer.Span, typeInfo);
            return dto is null ? (false, default!) : map(dto);
        });

    /// <summary>An exchange whose 2xx answer is read from one parsed document (values must not outlive the call unless cloned).</summary>
    public Task<InstantlyResult<TOut>> SendAsync<TOut>(
        HttpMethod method, string path, PooledBuffer? body, Func<JsonElement, (bool Ok, TOut Value)> read, CancellationToken ct) =>
        ExchangeAsync<TOut>(method, path, body, ct, null, answer =>
        {
            using var doc = JsonDocument.Parse(answer.Memory);
            return read(doc.RootElement);
        });

    private async Task<InstantlyResult<TOut>> ExchangeAsync<TOut>(
        HttpMethod method, string path, PooledBuffer? body, CancellationToken ct,
        Func<int, (bool Ok, TOut Value)>? onStatus, Func<PooledBuffer, (bool Ok, TOut Value)> read)
    {
        var started = Stopwatch.GetTimestamp();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Timeout);
        InstantlyResult<TOut> result;
        try
        {
            using var request = new HttpRequestMessage(method, new Uri(_base, path));
            request.Headers.Authorization = _auth;
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            if (body is not null)
            {
                // Only a request that has a body says it is JSON: Instantly refuses a JSON content type on an empty body.
                request.Content = new PooledContent(body);
                request.Content.Headers.ContentType = Json;
                body = null; // the request owns it now
            }
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            using var answer = await PooledBuffer.ReadAsync(response.Content, timeout.Token).ConfigureAwait(false);
            result = Interpret(method, path, response, answer, read, onStatus);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            result = Fail<TOut>(InstantlyErrorKind.Timeout, null, null, $"No answer from {method} {path} within {options.Timeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException ex)
        {
            result = Fail<TOut>(InstantlyErrorKind.ConnectionDropped, null, null, $"{method} {path}: {Describe(ex)}");
        }
        catch (IOException ex)
        {
            result = Fail<TOut>(InstantlyErrorKind.ConnectionDropped, null, null, $"{method} {path}: {Scrub(ex.Message)}");
        }
        finally
        {
            body?.Dispose();
        }
        return result with { Elapsed = Stopwatch.GetElapsedTime(started) };
    }

    private InstantlyResult<TOut> Interpret<TOut>(HttpMethod method, string path, HttpResponseMessage response, PooledBuffer answer,
        Func<PooledBuffer, (bool Ok, TOut Value)> read, Func<int, (bool Ok, TOut Value)>? onStatus)
    {
        var status = (int)response.StatusCode;
        if (onStatus?.Invoke(status) is (true, var special)) return InstantlyResult<TOut>.Ok(special);
        if (status is < 200 or > 299)
        {
            var (error, message) = ReadEnvelope(answer.Span);
            return Fail<TOut>(InstantlyErrorKind.Http, status, error ?? response.ReasonPhrase,
                message ?? response.ReasonPhrase ?? $"HTTP {status}", RetryAfter(response));
        }
        try
        {
            if (ErrorInBody(answer.Span) is { } bodyError)
                return Fail<TOut>(InstantlyErrorKind.ErrorInBody, status, bodyError.Error, bodyError.Message);
            if (read(answer) is (true, var value)) return InstantlyResult<TOut>.Ok(value);
            return Fail<TOut>(InstantlyErrorKind.InvalidResponse, status, null,
                $"{method} {path}: the answer lacks required fields or has fields of the wrong type: {Snippet(answer.Span)}");
        }
        catch (JsonException ex)
        {
            return Fail<TOut>(InstantlyErrorKind.InvalidResponse, status, null,
                $"{method} {path}: unparsable answer ({ex.Message}): {Snippet(answer.Span)}");
        }
    }

    // A 2xx answer with a non-null top-level "error" is a failure. Looks only at the top level of the answer (values are skipped, nothing is allocated unless "error" is there).
    private static (string? Error, string Message)? ErrorInBody(ReadOnlySpan<byte> bytes)
    {
        var reader = new Utf8JsonReader(bytes);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
        string? error = null, message = null;
        var found = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isError = reader.ValueTextEquals("error"u8);
            var isMessage = !isError && reader.ValueTextEquals("message"u8);
            reader.Read();
            // "error": null is how some answers say "no error": only a non-null value is a failure.
            if (isError && reader.TokenType != JsonTokenType.Null)
            {
                found = true;
                error = reader.TokenType == JsonTokenType.String ? reader.GetString() : RawValue(ref reader, bytes);
            }
            else if (isMessage && reader.TokenType == JsonTokenType.String) message = reader.GetString();
            reader.Skip();
        }
        return found ? (error, message ?? error ?? "error in a 2xx answer") : null;
    }

    private static string RawValue(ref Utf8JsonReader reader, ReadOnlySpan<byte> bytes)
    {
        var start = (int)reader.TokenStartIndex;
        reader.Skip();
        var end = (int)reader.BytesConsumed;
        return Encoding.UTF8.GetString(bytes[start..end]);
    }

    private static (string? Error, string? Message) ReadEnvelope(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 0) return (null, null);
        try
        {
            var reader = new Utf8JsonReader(bytes);
            using var doc = JsonDocument.ParseValue(ref reader);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return (null, Snippet(bytes));
            return (Text(root, "error"), Text(root, "message"));
        }
        catch (JsonException)
        {
            return (null, Snippet(bytes));
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) ? v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText() : null;

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta) return delta;
        if (header?.Date is { } date)
        {
            var wait = date - time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }
        if (response.Headers.TryGetValues("Retry-After", out var raw)
            && double.TryParse(raw.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
            return TimeSpan.FromSeconds(seconds);
        return null;
    }

    private string Describe(HttpRequestException ex)
    {
        var inner = ex.InnerException switch
        {
            SocketException s => $"{s.SocketErrorCode}",
            HttpIOException io => $"{io.HttpRequestError}",
            IOException io => io.Message,
            _ => null,
        };
        var text = inner is null ? ex.Message : $"{ex.Message} ({inner})";
        return Scrub(text);
    }

    // Exception texts of the HTTP stack do not carry headers; this guards against one that would.
    private string Scrub(string text) =>
        string.IsNullOrEmpty(options.ApiKey) ? text : text.Replace(options.ApiKey, "****", StringComparison.Ordinal);

    private static string Snippet(ReadOnlySpan<byte> bytes)
    {
        var text = Encoding.UTF8.GetString(bytes[..Math.Min(bytes.Length, 200)]);
        return bytes.Length > 200 ? text + "…" : text;
    }

    private InstantlyResult<TOut> Fail<TOut>(InstantlyErrorKind kind, int? status, string? error, string message, TimeSpan? retryAfter = null) =>
        InstantlyResult<TOut>.Fail(new InstantlyError(kind, status, error is null ? null : Scrub(error), Scrub(message), retryAfter));

}
