using ColdEmail.Warehouse;

namespace ColdEmail.Pipeline.Verification;

/// <summary>
/// Stores verification answers as they arrive, so a crash loses at most the calls still in flight
/// (a paid answer that waited for the rest of a 1000-address batch was paid again after every kill).
/// Answers that arrive while a write is running share the next write (group commit): one statement per
/// burst rather than per address, which matters on BigQuery. A caller's task completes only when its answer
/// is stored, so "answered" means "durable". Writes ignore the run's cancellation: the credit is already
/// spent, and dropping the receipt because the run is stopping is exactly what made a kill cost credits.
/// </summary>
internal sealed class VerificationWriter(IOpsWarehouse store)
{
    private readonly Lock _gate = new();
    private List<(StoredVerification Row, TaskCompletionSource Done)> _queue = [];
    private bool _writing;

    public Task SaveAsync(StoredVerification row)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bool start;
        lock (_gate)
        {
            _queue.Add((row, done));
            start = !_writing;
            _writing = true;
        }
        if (start) _ = Task.Run(DrainAsync, CancellationToken.None);
        return done.Task;
    }

    private async Task DrainAsync()
    {
        while (true)
        {
            List<(StoredVerification Row, TaskCompletionSource Done)> batch;
            lock (_gate)
            {
                if (_queue.Count == 0)
                {
                    _writing = false;
                    return;
                }
                batch = _queue;
                _queue = [];
            }
            try
            {
                await store.SaveVerificationsAsync(batch.Select(b => b.Row).ToList(), CancellationToken.None).ConfigureAwait(false);
                foreach (var b in batch) b.Done.TrySetResult();
            }
            catch (Exception e)
            {
                foreach (var b in batch) b.Done.TrySetException(e);
            }
        }
    }
}
