using System.Buffers;
using ColdEmail.Pipeline.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Serilog;

namespace ColdEmail.Cli.Http.Webhooks;

/// <summary>
/// <c>POST /webhooks/instantly/{token}</c>: Instantly's webhook deliveries. The token is the whole authentication
/// (Instantly signs nothing); a wrong one, or none configured, answers 404 as if nothing were here. A body over 1 MB is
/// 413, one that is not the documented JSON 400, an unknown event type 422; each is counted and none throws. A good
/// event is parsed once here (email normalised), handed to the inbox actor, journalled there, and answered 200: the
/// warehouse write happens after the answer, so a burst never waits on it.
/// </summary>
public sealed class WebhookEndpoints(WebhookInboxHost inbox, WebhookToken expected, WebhookMetrics metrics, ILogger log, WebhookHealthTracker? health = null)
    : IDaemonEndpoints
{
    public const int MaxBodyBytes = 1024 * 1024;
    public const string Route = "/webhooks/instantly/{token}";

    private readonly ILogger _log = log.ForContext<WebhookEndpoints>();

    public void Map(IEndpointRouteBuilder routes) => routes.MapPost(Route, HandleAsync);

    private void Count(string? eventType, string result)
    {
        metrics.Received(eventType, result);
        health?.Answered(result);
    }

    private async Task<IResult> HandleAsync(HttpContext http, string token, CancellationToken ct)
    {
        if (!expected.IsSet)
        {
            Count(null, "disabled");
            return Results.NotFound();
        }
        if (!expected.Matches(token))
        {
            Count(null, "wrong_token");
            _log.Warning("Webhook delivery refused: wrong token (answered 404)");
            return Results.NotFound();
        }
        var body = await ReadBodyAsync(http.Request, ct);
        if (body is null)
        {
            Count(null, "too_large");
            return Problem(StatusCodes.Status413PayloadTooLarge, $"the body is over {MaxBodyBytes} bytes");
        }
        var parsed = WebhookPayload.Parse(body.Value.Span);
        if (parsed.Refusal is { } refusal)
        {
            var (status, result) = refusal == WebhookRefusal.UnknownEvent
                ? (StatusCodes.Status422UnprocessableEntity, "unknown_event")
                : (StatusCodes.Status400BadRequest, "malformed");
            Count(parsed.EventType, result);
            _log.Warning("Webhook delivery refused ({Result}): {Reason}", result, parsed.Message);
            return Problem(status, parsed.Message);
        }
        if (parsed.Fact is not { } fact)
        {
            Count(parsed.EventType, "ignored");
            return Results.Json(new { status = "ignored" });
        }
        try
        {
            var answer = await inbox.HandAsync([fact], ct);
            var result = answer.Accepted > 0 ? "accepted" : "duplicate";
            Count(fact.EventType, result);
            return Results.Json(new { status = result });
        }
        catch (Exception e) when (e is TimeoutException or TaskCanceledException or Akka.Actor.AskTimeoutException or InvalidOperationException)
        {
            // Not journalled: Instantly retries a 5xx, and the hourly replay picks the failed delivery up from its log.
            Count(fact.EventType, "unavailable");
            _log.Warning("Webhook {EventType} not accepted: the inbox did not answer ({Error}); answered 503", fact.EventType, e.GetType().Name);
            return Problem(StatusCodes.Status503ServiceUnavailable, "the daemon could not keep the event now; retry later");
        }
    }

    /// <summary>The body, or null when it is over the limit (a declared length is refused before anything is read).</summary>
    private static async Task<ReadOnlyMemory<byte>?> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBodyBytes) return null;
        var buffer = new ArrayBufferWriter<byte>(4096);
        while (true)
        {
            var memory = buffer.GetMemory(8192);
            var read = await request.Body.ReadAsync(memory, ct);
            if (read == 0) return buffer.WrittenMemory;
            buffer.Advance(read);
            if (buffer.WrittenCount > MaxBodyBytes) return null;
        }
    }

    private static IResult Problem(int status, string message) => Results.Json(new { error = message }, statusCode: status);
}
