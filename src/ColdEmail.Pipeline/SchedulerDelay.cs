using Akka.Actor;

namespace ColdEmail.Pipeline;

/// <summary>Waits on the Akka scheduler (virtual in tests), never on a real-time Task.Delay.</summary>
public static class SchedulerDelay
{
    public static Task WaitAsync(this IScheduler scheduler, TimeSpan delay, CancellationToken ct)
    {
        if (delay <= TimeSpan.Zero) return Task.CompletedTask;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancelable = scheduler.Advanced.ScheduleOnceCancelable(delay, () => done.TrySetResult());
        if (ct.CanBeCanceled)
            ct.Register(() =>
            {
                cancelable.Cancel();
                done.TrySetCanceled(ct);
            });
        return done.Task;
    }
}
