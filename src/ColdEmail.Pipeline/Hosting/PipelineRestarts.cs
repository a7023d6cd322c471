using Akka.Actor;
using Akka.Pattern;
using ColdEmail.Pipeline.Supervision;

namespace ColdEmail.Pipeline.Hosting;

/// <summary>
/// Every long-lived component runs under a backoff supervisor that restarts it with growing pauses whenever it stops (a journal
/// failure stops a persistent actor); messages to the supervisor reach the current child.
/// </summary>
public static class PipelineRestarts
{
    public static Props WithBackoff(Props child, string childName, RestartOptions restart) =>
        BackoffSupervisor.Props(Backoff.OnStop(child, childName, restart.MinBackoff, restart.MaxBackoff, restart.RandomFactor, -1)
            .WithAutoReset(restart.MaxBackoff));
}
