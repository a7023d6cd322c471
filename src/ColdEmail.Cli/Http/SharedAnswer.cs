namespace ColdEmail.Cli.Http;

/// <summary>
/// One answer shared by every caller for a short window: Kubernetes probes readiness every few seconds (per probe kind and
/// per kubelet), and each answer would otherwise be a warehouse query (a billed job on BigQuery). The window counts from
/// when the question was asked, so an answer is never older than <paramref name="window"/>: a warehouse that stopped
/// answering is reported within that window. Callers that arrive while a question is in flight wait for the same answer.
/// </summary>
public sealed class SharedAnswer<T>(TimeProvider time, TimeSpan window)
{
    private readonly Lock _gate = new();
    private Task<T>? _answer;
    private DateTimeOffset _askedAt;

    public TimeSpan Window => window;

    /// <param name="ask">Asked without the caller's token: one caller going away must not cancel the answer the others wait for.</param>
    public Task<T> GetAsync(Func<Task<T>> ask)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (_answer is not null && (!_answer.IsCompleted || now - _askedAt < window)) return _answer;
            _askedAt = now;
            _answer = ask();
            return _answer;
        }
    }
}
