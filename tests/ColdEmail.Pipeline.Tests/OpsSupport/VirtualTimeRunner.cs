using Microsoft.Extensions.Time.Testing;

namespace ColdEmail.Pipeline.Tests.OpsSupport;

/// <summary>
/// Drives a task that waits on a <see cref="FakeTimeProvider"/>: whenever it is not done, virtual time
/// moves one step. Real time only lets the loopback HTTP calls finish; nothing is asserted about it.
/// </summary>
public static class VirtualTimeRunner
{
    public static async Task<T> RunAsync<T>(Task<T> task, FakeTimeProvider clock, TimeSpan step, int maxSteps = 1000)
    {
        for (var i = 0; i < maxSteps && !task.IsCompleted; i++)
        {
            await Task.WhenAny(task, Task.Delay(5));
            if (!task.IsCompleted) clock.Advance(step);
        }
        Assert.True(task.IsCompleted, $"the task did not finish within {maxSteps} virtual steps of {step}");
        return await task;
    }
}
