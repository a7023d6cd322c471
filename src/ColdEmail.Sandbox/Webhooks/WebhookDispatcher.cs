using System.Diagnostics;
using System.Text;
using System.Threading.Channels;

namespace ColdEmail.Sandbox.Webhooks;

/// <summary>
/// Sends webhooks as Instantly does: an HTTP POST of the JSON payload (plus the subscription's own headers, no signature)
/// to every active subscription that wants the event. Each attempt is a row of the delivery log; a non-2xx answer or no
/// answer is a failure, and <see cref="DisableAfter"/> failures in a row disable the webhook (status -1) until it is
/// resumed. While disabled, events are logged as failed deliveries ("webhook disabled"), so the log holds what a
/// receiver missed. No automatic retries (the real retry schedule is not documented). Signals are queued without
/// blocking the engine and sent in order by one background loop.
/// </summary>
internal sealed class WebhookDispatcher : IAsyncDisposable
{
    private readonly Channel<WebhookSignal> _queue = Channel.CreateUnbounded<WebhookSignal>(new UnboundedChannelOptions { SingleReader = true });
    private readonly WebhookRegistry _registry;
    private readonly Func<string> _workspace;
    private readonly HttpClient _http;
    private readonly Task _loop;
    private long _queued, _done;
    private TaskCompletionSource _idle = NewIdle(completed: true);

    public WebhookDispatcher(WebhookRegistry registry, Func<string> workspace, int disableAfter, TimeSpan timeout)
    {
        _registry = registry;
        _workspace = workspace;
        DisableAfter = disableAfter;
        _http = new HttpClient { Timeout = timeout };
        _loop = Task.Run(RunAsync);
    }

    public int DisableAfter { get; }

    public void Signal(WebhookSignal signal)
    {
        if (!_registry.Any) return;
        lock (_queue)
        {
            if (_queued++ == _done) _idle = NewIdle(completed: false);
        }
        _queue.Writer.TryWrite(signal);
    }

    /// <summary>Completes once every signal queued so far has been delivered (or failed) and logged.</summary>
    public Task IdleAsync()
    {
        lock (_queue) return _idle.Task;
    }

    private async Task RunAsync()
    {
        await foreach (var signal in _queue.Reader.ReadAllAsync())
        {
            var hooks = _registry.Subscribers(signal);
            var payload = hooks.Count == 0 ? "" : signal.Payload(_workspace());
            foreach (var hook in hooks)
            {
                try
                {
                    await DeliverAsync(hook, signal, payload);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    _registry.Record(hook, Row(hook, signal, payload, false, null, e.Message, null), DisableAfter);
                }
            }
            lock (_queue)
            {
                if (++_done == _queued) _idle.TrySetResult();
            }
        }
    }

    private async Task DeliverAsync(SandboxWebhook hook, WebhookSignal signal, string payload)
    {
        if (hook.Status != 1)
        {
            _registry.Record(hook, Row(hook, signal, payload, false, null, "webhook disabled", null), DisableAfter);
            return;
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, hook.TargetHookUrl) { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
        foreach (var (k, v) in hook.Headers ?? []) request.Headers.TryAddWithoutValidation(k, v);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await _http.SendAsync(request);
            var ms = (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var ok = response.IsSuccessStatusCode;
            _registry.Record(hook, Row(hook, signal, payload, ok, (int)response.StatusCode, ok ? null : $"HTTP {(int)response.StatusCode}", ms), DisableAfter);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            _registry.Record(hook, Row(hook, signal, payload, false, null, e.Message, null), DisableAfter);
        }
    }

    /// <summary><c>POST /webhooks/{id}/test</c>: a test payload to the live URL, now; not logged and not counted towards disabling.</summary>
    public async Task<(bool Ok, int? Status, int Ms, string? Error)> TestAsync(SandboxWebhook hook)
    {
        var signal = new WebhookSignal("webhook_test", null, hook.Campaign, null, 1, _registry.Now);
        using var request = new HttpRequestMessage(HttpMethod.Post, hook.TargetHookUrl) { Content = new StringContent(signal.Payload(_workspace()), Encoding.UTF8, "application/json") };
        foreach (var (k, v) in hook.Headers ?? []) request.Headers.TryAddWithoutValidation(k, v);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await _http.SendAsync(request);
            var ms = (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            return (response.IsSuccessStatusCode, (int)response.StatusCode, ms, response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return (false, null, (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds, e.Message);
        }
    }

    private SandboxWebhookEvent Row(SandboxWebhook hook, WebhookSignal signal, string payload, bool success, int? status, string? error, int? ms) =>
        new(Guid.CreateVersion7(_registry.Now).ToString(), _registry.Now, payload, success, hook.TargetHookUrl, status, error, signal.Email, ms);

    private static TaskCompletionSource NewIdle(bool completed)
    {
        var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (completed) tcs.TrySetResult();
        return tcs;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
        _http.Dispose();
    }
}
